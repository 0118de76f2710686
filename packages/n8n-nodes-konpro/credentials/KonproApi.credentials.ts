import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { apiKeyProperties, folderApiTest, keyAuthentication } from '../nodes/shared/credentials';

export class KonproApi implements ICredentialType {
	name = 'konproApi';

	displayName = 'Konpro API';

	icon = {
		light: 'file:../nodes/Konpro/konpro.svg',
		dark: 'file:../nodes/Konpro/konpro.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-ai-video/n8n-nodes-ai-video/tree/main/packages/n8n-nodes-konpro#credentials';

	properties: INodeProperties[] = apiKeyProperties(
		'Konpro',
		'https://api.konpro.ai',
		'the API settings of your Konpro account',
	);

	authenticate: IAuthenticate = keyAuthentication('Konpro', 'x-api-key', 'https://api.konpro.ai');

	test: ICredentialTestRequest = folderApiTest;
}
