import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FolderService } from '../../service';
import { folderLocator, moveFolder, SEARCH_TRASHED_FOLDERS } from '../common.descriptions';

/** The list of this picker shows the folders in the trash: those are the ones to restore. */
export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['restore'] } }, [
	folderLocator(
		{ displayName: 'Folder', name: 'folderId', description: 'The folder in the trash to restore', required: true },
		SEARCH_TRASHED_FOLDERS,
	),
]);

export async function execute(this: IExecuteFunctions, service: FolderService, itemIndex: number): Promise<IDataObject[]> {
	return await moveFolder.call(this, service, 'restore', itemIndex);
}
