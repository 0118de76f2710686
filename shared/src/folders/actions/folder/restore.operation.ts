import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FolderServiceProfile } from '../../profile';
import { folderPath, postToFolders } from '../../transport';
import { folderLocator, getFolderId, SEARCH_TRASHED_FOLDERS } from '../common.descriptions';

/** The list of this picker shows the folders in the trash: those are the ones to restore. */
export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['restore'] } },
	[
		folderLocator(
			{
				displayName: 'Folder',
				name: 'folderId',
				description: 'The folder in the trash to restore',
				required: true,
			},
			SEARCH_TRASHED_FOLDERS,
		),
	],
);

/** POST /v1/folders/{folder_id}/restore, no body. */
export async function execute(
	this: IExecuteFunctions,
	profile: FolderServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const folderId = getFolderId.call(this, itemIndex);
	return [
		await postToFolders.call(
			this,
			profile,
			folderPath(folderId, 'restore'),
			undefined,
			folderId,
			itemIndex,
		),
	];
}
