import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getLimit, returnAllOrLimit } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { listUniqueIds } from '../../transport/uniqueIds';

const properties: INodeProperties[] = [...returnAllOrLimit()];

export const description = updateDisplayOptions(
	{ show: { resource: ['uniqueId'], operation: ['getAll'] } },
	properties,
);

/** One item per unique_id; list_unique_ids returns them all in one answer, so Limit is applied here. */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const limit = getLimit.call(this, itemIndex);
	const ids = await listUniqueIds.call(this, profile, itemIndex);
	return (limit === undefined ? ids : ids.slice(0, limit)).map((uniqueId) => ({
		unique_id: uniqueId,
	}));
}
