import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FolderService } from '../../service';
import { folderLocator, moveFolder } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['trash'] } }, [
	folderLocator({ displayName: 'Folder', name: 'folderId', description: 'The folder to move to the trash', required: true }),
]);

export async function execute(this: IExecuteFunctions, service: FolderService, itemIndex: number): Promise<IDataObject[]> {
	return await moveFolder.call(this, service, 'trash', itemIndex);
}
