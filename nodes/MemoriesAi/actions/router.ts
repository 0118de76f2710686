import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem, selectOperation, type ItemOperation } from '../../shared/items';
import * as folder from './folder/Folder.resource';
import * as video from './video/Video.resource';

const operations: Record<string, Record<string, ItemOperation>> = {
	video: { get: video.get.execute, getAll: video.getAll.execute },
	folder: { getAll: folder.getAll.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runPerItem.call(this, selectOperation(this, operations))];
}
