import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { RequestPolicy } from '../../shared/policy';
import { withPolicy } from '../../shared/transport';
import * as folder from './actions/folder/Folder.resource';
import { router } from './actions/router';
import * as video from './actions/video/Video.resource';
import { memoriesAiProfile } from './transport';

const versionDescription: INodeTypeDescription = {
	displayName: 'Memories.ai',
	name: 'memoriesAi',
	icon: { light: 'file:memoriesAi.svg', dark: 'file:memoriesAi.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'List and look up Memories.ai videos and folders',
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

export class MemoriesAiV1 implements INodeType {
	description: INodeTypeDescription;

	// n8n calls execute with its own context as `this`: the profile travels in the closure.
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	constructor(baseDescription: INodeTypeBaseDescription, policy?: Partial<RequestPolicy>) {
		this.description = { ...baseDescription, ...versionDescription };
		const profile = withPolicy(memoriesAiProfile, policy);
		this.execute = async function (this: IExecuteFunctions) {
			return await router.call(this, profile);
		};
	}
}
