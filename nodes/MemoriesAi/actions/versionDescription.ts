import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as folder from './folder/Folder.resource';
import * as video from './video/Video.resource';

export const versionDescription: INodeTypeDescription = {
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
