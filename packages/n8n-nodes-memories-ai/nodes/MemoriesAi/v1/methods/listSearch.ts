import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { ServiceProfile } from '../../../shared/transport';
import { DEFAULT_UNIQUE_ID, SEARCH_UNIQUE_IDS } from '../actions/common.descriptions';
import { listUniqueIds } from '../transport/uniqueIds';

type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
) => Promise<INodeListSearchResult>;

/**
 * The Unique ID picker: the account's unique_ids containing the typed text (any case), "default"
 * first even before anything was uploaded under it. One request; the API has no pagination.
 */
function searchUniqueIds(profile: ServiceProfile): ListSearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string) {
		const ids = await listUniqueIds.call(this, profile);
		const wanted = (filter ?? '').trim().toLowerCase();
		const all = [DEFAULT_UNIQUE_ID, ...ids.filter((id) => id !== DEFAULT_UNIQUE_ID)];
		return {
			results: all
				.filter((id) => id.toLowerCase().includes(wanted))
				.map((id) => ({ name: id, value: id })),
		};
	};
}

/** `methods.listSearch` of the Memories.ai nodes (action and trigger). */
export function memoriesAiListSearch(profile: ServiceProfile): Record<string, ListSearchMethod> {
	return { [SEARCH_UNIQUE_IDS]: searchUniqueIds(profile) };
}
