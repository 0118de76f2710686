import { folderServiceProfile } from '../shared/folders';

/**
 * HeyGen: every answer is `{error, data}` (failures may come as HTTP 200 with a non-null `error`),
 * and the last page of folders has a null or missing token.
 */
export const heyGenProfile = folderServiceProfile({
	name: 'HeyGen',
	credentialType: 'heyGenFoldersApi',
	defaultBaseUrl: 'https://api.heygen.com',
	envelope: 'data',
});
