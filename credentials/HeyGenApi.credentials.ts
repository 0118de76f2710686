import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class HeyGenApi implements ICredentialType {
	name = 'heyGenApi';

	displayName = 'HeyGen API';

	icon = { light: 'file:../nodes/HeyGen/heyGen.svg', dark: 'file:../nodes/HeyGen/heyGen.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-ai-video/n8n-nodes-ai-video#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your HeyGen API key, from the API settings of your HeyGen account',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.heygen.com',
			description: 'Change only to go through a proxy or a regional host',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/v1/folders', method: 'GET', qs: { limit: 1 } },
	};
}
