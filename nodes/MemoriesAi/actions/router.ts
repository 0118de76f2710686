import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem, type ItemOperation } from '../../shared/items';
import * as folder from './folder/Folder.resource';
import * as video from './video/Video.resource';

const operations: Record<string, Record<string, ItemOperation>> = {
	video: { get: video.get.execute, getAll: video.getAll.execute },
	folder: { getAll: folder.getAll.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await runPerItem.call(this, run)];
}
