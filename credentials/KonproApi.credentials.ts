import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class KonproApi implements ICredentialType {
	name = 'konproApi';

	displayName = 'Konpro API';

	icon = { light: 'file:../nodes/Konpro/konpro.svg', dark: 'file:../nodes/Konpro/konpro.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-ai-video/n8n-nodes-ai-video#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Konpro API key, from the API settings of your Konpro account',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.konpro.ai',
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
