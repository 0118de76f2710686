import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runSelectedOperation, type OperationMap, type ServiceOperation } from '../../items';
import type { FolderServiceProfile } from '../profile';
import * as folder from './folder/Folder.resource';
import type { FolderNodeOperations } from './node.type';

export const operations: OperationMap<
	FolderNodeOperations,
	ServiceOperation<FolderServiceProfile>
> = {
	folder: {
		getAll: folder.getAll.execute,
		create: folder.create.execute,
		rename: folder.rename.execute,
		trash: folder.trash.execute,
		restore: folder.restore.execute,
	},
};

/** Runs the chosen operation for every input item against one folder service. */
export async function router(
	this: IExecuteFunctions,
	profile: FolderServiceProfile,
): Promise<INodeExecutionData[][]> {
	return await runSelectedOperation(this, operations, profile);
}
