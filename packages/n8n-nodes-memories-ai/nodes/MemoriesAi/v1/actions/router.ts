import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	runSelectedOperation,
	type OperationMap,
	type ServiceOperation,
} from '../../../shared/items';
import type { ServiceProfile } from '../../../shared/transport';
import * as chat from './chat/Chat.resource';
import * as folder from './folder/Folder.resource';
import type { MemoriesAiOperations } from './node.type';
import * as uniqueId from './uniqueId/UniqueId.resource';
import * as video from './video/Video.resource';

export const operations: OperationMap<MemoriesAiOperations, ServiceOperation<ServiceProfile>> = {
	video: {
		delete: video.deleteVideos.execute,
		download: video.download.execute,
		get: video.get.execute,
		getAll: video.getAll.execute,
		getSummary: video.getSummary.execute,
		getTranscript: video.getTranscript.execute,
		search: video.search.execute,
		upload: video.upload.execute,
	},
	chat: { ask: chat.ask.execute },
	folder: { getAll: folder.getAll.execute },
	uniqueId: { getAll: uniqueId.getAll.execute },
};

export async function router(
	this: IExecuteFunctions,
	profile: ServiceProfile,
): Promise<INodeExecutionData[][]> {
	return await runSelectedOperation(this, operations, profile);
}
