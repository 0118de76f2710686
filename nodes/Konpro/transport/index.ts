import { folderService } from '../../shared/folders';

/**
 * Konpro: answers are the bare payload, errors `{error:{code,message,details}, request_id}`, and
 * `has_more` ends the list (the last page still carries a token, which must not be followed).
 */
export const konpro = folderService({
	name: 'Konpro',
	nodeName: 'konpro',
	hasMoreField: 'has_more',
	defaultBaseUrl: 'https://api.konpro.ai',
});
