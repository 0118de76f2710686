import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyProperties, folderApiTest, xApiKeyAuthentication } from './common';

export class HeyGenApi implements ICredentialType {
	name = 'heyGenApi';

	displayName = 'HeyGen API';

	icon = { light: 'file:../nodes/HeyGen/heyGen.svg', dark: 'file:../nodes/HeyGen/heyGen.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-ai-video/n8n-nodes-ai-video#credentials';

	properties: INodeProperties[] = apiKeyProperties('HeyGen', 'https://api.heygen.com', 'the API settings of your HeyGen account');

	authenticate: IAuthenticateGeneric = xApiKeyAuthentication;

	test: ICredentialTestRequest = folderApiTest;
}
