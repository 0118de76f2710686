import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { apiKeyProperties, keyAuthentication } from '../nodes/shared/credentials';

export class MemoriesAiApi implements ICredentialType {
	name = 'memoriesAiApi';

	displayName = 'Memories.ai API';

	icon = {
		light: 'file:../nodes/MemoriesAi/memoriesAi.svg',
		dark: 'file:../nodes/MemoriesAi/memoriesAi.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-ai-video/n8n-nodes-ai-video/tree/main/packages/n8n-nodes-memories-ai#credentials';

	properties: INodeProperties[] = apiKeyProperties(
		'Memories.ai',
		'https://api.memories.ai',
		'the API section of your Memories.ai account',
	);

	authenticate: IAuthenticate = keyAuthentication(
		'Memories.ai',
		'Authorization',
		'https://api.memories.ai',
	);

	// Memories.ai answers a bad key with HTTP 200 and success:false, so the rule reads the body.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/serve/api/v1/list_videos',
			method: 'POST',
			body: { page: 1, size: 1, unique_id: 'default' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'success', value: false, message: 'Memories.ai rejected the API key' },
			},
		],
	};
}
