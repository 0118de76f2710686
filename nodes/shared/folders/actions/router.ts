import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem, selectOperation, type ItemOperation } from '../../items';
import type { FolderService } from '../service';
import * as folder from './folder/Folder.resource';

type FolderOperation = (this: IExecuteFunctions, service: FolderService, itemIndex: number) => Promise<IDataObject[]>;

const operations: Record<string, Record<string, FolderOperation>> = {
	folder: {
		getAll: folder.getAll.execute,
		create: folder.create.execute,
		rename: folder.rename.execute,
		trash: folder.trash.execute,
		restore: folder.restore.execute,
	},
};

/** Runs the chosen operation for every input item against one folder service. */
export async function router(this: IExecuteFunctions, service: FolderService): Promise<INodeExecutionData[][]> {
	const run = selectOperation(this, operations);
	const runItem: ItemOperation = async function (itemIndex) {
		return await run.call(this, service, itemIndex);
	};
	return [await runPerItem.call(this, runItem)];
}
