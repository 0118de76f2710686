import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { apiKeyProperties, folderApiTest, keyAuthentication } from '../nodes/shared/credentials';

export class HeyGenFoldersApi implements ICredentialType {
	name = 'heyGenFoldersApi';

	displayName = 'HeyGen Folders API';

	icon = {
		light: 'file:../nodes/HeyGen/heyGen.svg',
		dark: 'file:../nodes/HeyGen/heyGen.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-ai-video/n8n-nodes-ai-video/tree/main/packages/n8n-nodes-heygen-folders#credentials';

	properties: INodeProperties[] = apiKeyProperties(
		'HeyGen',
		'https://api.heygen.com',
		'the API settings of your HeyGen account',
	);

	authenticate: IAuthenticate = keyAuthentication('HeyGen', 'x-api-key', 'https://api.heygen.com');

	test: ICredentialTestRequest = folderApiTest;
}
