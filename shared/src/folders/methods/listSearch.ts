import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { SEARCH_FOLDERS, SEARCH_TRASHED_FOLDERS } from '../actions/common.descriptions';
import type { FolderServiceProfile } from '../profile';
import { FOLDER_PAGE_SIZE, listFolderPage } from '../transport';

type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/**
 * One page (≤ 100) of folders for a picker: the typed text goes to the API as `name_filter`, the
 * editor's pagination token as `token`, and the next page's token back to the editor.
 */
function searchFolders(profile: FolderServiceProfile, inTrash: boolean): ListSearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const query: IDataObject = { is_trash: inTrash };
		if (filter?.trim()) query.name_filter = filter.trim();
		const token =
			typeof paginationToken === 'string' && paginationToken !== '' ? paginationToken : undefined;
		const page = await listFolderPage.call(this, profile, query, token, FOLDER_PAGE_SIZE);
		return {
			results: page.items.map((folder) => ({
				name: String(folder.name ?? folder.id),
				value: String(folder.id),
			})),
			paginationToken: page.next,
		};
	};
}

/** `methods.listSearch` of a folder node: pickers of live folders, and of folders in the trash (Restore). */
export function folderListSearch(profile: FolderServiceProfile): Record<string, ListSearchMethod> {
	return {
		[SEARCH_FOLDERS]: searchFolders(profile, false),
		[SEARCH_TRASHED_FOLDERS]: searchFolders(profile, true),
	};
}
