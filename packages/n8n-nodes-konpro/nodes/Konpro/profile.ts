import { folderServiceProfile } from '../shared/folders';

/**
 * Konpro: answers are the bare payload, errors `{error:{code,message,details}, request_id}`, and
 * `has_more` ends the list (the last page still carries a token, which must not be followed).
 */
export const konproProfile = folderServiceProfile({
	name: 'Konpro',
	credentialType: 'konproApi',
	defaultBaseUrl: 'https://api.konpro.ai',
	hasMoreField: 'has_more',
});
