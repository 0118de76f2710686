import type { IAuthenticateGeneric, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

/** The two fields every credential of this package has: the key, and the host it is sent to. */
export function apiKeyProperties(service: string, defaultBaseUrl: string, keyLocation: string): INodeProperties[] {
	return [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `Your ${service} API key, from ${keyLocation}`,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: defaultBaseUrl,
			description: 'Change only to go through a proxy or a regional host',
		},
	];
}

/** HeyGen and Konpro: the same folder API, authenticated with an `x-api-key` header. */
export const xApiKeyAuthentication: IAuthenticateGeneric = {
	type: 'generic',
	properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
};

/** The cheapest request of the folder API: one folder. */
export const folderApiTest: ICredentialTestRequest = {
	request: { baseURL: '={{$credentials.baseUrl}}', url: '/v1/folders', method: 'GET', qs: { limit: 1 } },
};
