import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../../items';
import type { FolderServiceProfile } from '../../profile';
import { folderPath, postToFolders } from '../../transport';
import { folderLocator, getFolderId } from '../common.descriptions';

const properties: INodeProperties[] = [
	folderLocator({
		displayName: 'Folder',
		name: 'folderId',
		description: 'The folder to rename',
		required: true,
	}),
	{
		displayName: 'New Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'The name the folder gets',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['rename'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	profile: FolderServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const folderId = getFolderId.call(this, itemIndex);
	const name = requireText.call(this, 'name', 'New Name', itemIndex);
	return [
		await postToFolders.call(this, profile, folderPath(folderId), { name }, folderId, itemIndex),
	];
}
