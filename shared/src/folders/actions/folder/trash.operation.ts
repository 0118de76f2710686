import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FolderServiceProfile } from '../../profile';
import { folderPath, postToFolders } from '../../transport';
import { folderLocator, getFolderId } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['trash'] } },
	[
		folderLocator({
			displayName: 'Folder',
			name: 'folderId',
			description: 'The folder to move to the trash',
			required: true,
		}),
	],
);

/** POST /v1/folders/{folder_id}/trash, no body. */
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
			folderPath(folderId, 'trash'),
			undefined,
			folderId,
			itemIndex,
		),
	];
}
