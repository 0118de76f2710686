import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { RequestPolicy } from '../../shared/policy';
import { withPolicy } from '../../shared/transport';
import { memoriesAiIcon } from '../icons';
import * as folder from './actions/folder/Folder.resource';
import { router } from './actions/router';
import * as video from './actions/video/Video.resource';
import { memoriesAiProfile } from './transport';

export class MemoriesAiV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Memories.ai',
		name: 'memoriesAi',
		icon: memoriesAiIcon,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'List, understand, download and delete Memories.ai videos; list folders',
		defaults: { name: 'Memories.ai' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'memoriesAiApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Folder', value: 'folder' },
					{ name: 'Video', value: 'video' },
				],
				default: 'video',
			},
			...video.description,
			...folder.description,
		],
	};

	// n8n calls execute with its own context as `this`: the profile travels in the closure.
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	constructor(policy?: Partial<RequestPolicy>) {
		const profile = withPolicy(memoriesAiProfile, policy);
		this.execute = async function (this: IExecuteFunctions) {
			return await router.call(this, profile);
		};
	}
}
