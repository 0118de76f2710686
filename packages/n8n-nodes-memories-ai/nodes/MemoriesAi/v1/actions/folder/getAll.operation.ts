import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getLimit, returnAllOrLimit } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { listFolders } from '../../transport';

const properties: INodeProperties[] = [...returnAllOrLimit()];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['getAll'] } },
	properties,
);

/** get_folder returns every folder at once, so Limit is applied here. */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const limit = getLimit.call(this, itemIndex);
	const folders = await listFolders.call(this, profile, itemIndex);
	return limit === undefined ? folders : folders.slice(0, limit);
}
