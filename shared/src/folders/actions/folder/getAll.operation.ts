import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getLimit, returnAllOrLimit } from '../../../items';
import type { FolderServiceProfile } from '../../profile';
import { listFolders, type FolderQuery } from '../../transport';
import { folderLocator, locatorValue } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'In Trash',
				name: 'isTrash',
				type: 'boolean',
				default: false,
				description: 'Whether to list the folders in the trash instead of the others',
			},
			{
				displayName: 'Name Contains',
				name: 'nameFilter',
				type: 'string',
				default: '',
				description: 'Only folders whose name contains this text',
			},
			folderLocator({
				displayName: 'Parent Folder',
				name: 'parentId',
				description: 'Only the folders directly inside this folder',
			}),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['getAll'] } },
	properties,
);

/** The Filters collection in the API's query names; unset or empty filters are not sent. */
function getQuery(this: IExecuteFunctions, itemIndex: number): FolderQuery {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query: FolderQuery = {};
	const parentId = locatorValue(filters.parentId);
	if (parentId !== '') query.parent_id = parentId;
	const nameFilter = String(filters.nameFilter ?? '').trim();
	if (nameFilter !== '') query.name_filter = nameFilter;
	if (filters.isTrash !== undefined) query.is_trash = filters.isTrash === true;
	return query;
}

export async function execute(
	this: IExecuteFunctions,
	profile: FolderServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const limit = getLimit.call(this, itemIndex);
	return await listFolders.call(this, profile, getQuery.call(this, itemIndex), limit, itemIndex);
}
