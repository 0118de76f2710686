import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

/** The two fields every credential of this package has: the key, and the host it is sent to. */
export function apiKeyProperties(
	service: string,
	defaultBaseUrl: string,
	keyLocation: string,
): INodeProperties[] {
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

/** A credential as the request path uses it, checked: the key, the Base URL without trailing slashes, and its origin. */
export interface CheckedCredential {
	apiKey: string;
	baseUrl: string;
	origin: string;
}

/** A credential field that cannot work, with what to change; no request has been sent. */
export interface CredentialProblem {
	field: 'API Key' | 'Base URL';
	message: string;
	description: string;
}

/**
 * Checks the credential before anything is sent: the Base URL must be http(s) with a host and no
 * query or fragment (spaces around it are dropped); the API key may hold only what an HTTP header
 * can carry (no line breaks or other control characters, nothing outside Latin-1).
 */
export function checkCredential(
	service: string,
	data: ICredentialDataDecryptedObject,
	defaultBaseUrl: string,
): CheckedCredential | CredentialProblem {
	const apiKey = typeof data.apiKey === 'string' ? data.apiKey : String(data.apiKey ?? '');
	const fix = `Open the ${service} credential and correct`;
	if (apiKey.trim() === '') {
		return {
			field: 'API Key',
			message: `The ${service} credential has no API Key`,
			description: `${fix} API Key.`,
		};
	}
	// Printable ASCII and Latin-1 letters: what Node can put in a header, and nothing that ends one.
	if (!/^[\x20-\x7e\xa0-\xff]+$/.test(apiKey)) {
		return {
			field: 'API Key',
			message: `The ${service} API Key contains a line break, a control character or a character that cannot be sent`,
			description: `${fix} API Key: paste the key again, without line breaks or spaces around it.`,
		};
	}
	const raw = String(data.baseUrl ?? '').trim() || defaultBaseUrl;
	const example = `It should look like ${defaultBaseUrl}.`;
	const problem = (what: string): CredentialProblem => ({
		field: 'Base URL',
		message: `The ${service} credential's Base URL ${what}`,
		description: `${fix} Base URL. ${example}`,
	});
	if (!/^https?:\/\//i.test(raw)) return problem('must start with https:// (or http://)');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return problem('is not a valid address');
	}
	if (url.hostname === '') return problem('has no host name');
	if (raw.includes('?') || raw.includes('#'))
		return problem('may not contain "?" or "#" (a query or fragment)');
	if (url.username !== '' || url.password !== '')
		return problem('may not contain a user name or password');
	return {
		apiKey,
		baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
		origin: url.origin,
	};
}

export function isCredentialProblem(
	checked: CheckedCredential | CredentialProblem,
): checked is CredentialProblem {
	return 'field' in checked;
}

/**
 * Authentication of every credential here: the key goes in `header`, and only to the Base URL's
 * origin. n8n follows redirects itself and, on a host change, strips only Authorization-style
 * headers (never x-api-key), so redirects are never followed with the key: the node's request path
 * follows same-origin ones itself; the credential test fails on any redirect (n8n reports its
 * status code), so a Base URL that redirects has to be corrected.
 */
export function keyAuthentication(service: string, header: string, defaultBaseUrl: string) {
	return async (
		data: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const checked = checkCredential(service, data, defaultBaseUrl);
		if (isCredentialProblem(checked))
			throw new ApplicationError(`${checked.message}. ${checked.description}`, {
				level: 'warning',
			});
		// The credential test's baseURL is the field as typed: use it checked (trimmed).
		const baseURL = requestOptions.baseURL === undefined ? undefined : checked.baseUrl;
		const target = new URL(requestOptions.url, baseURL === undefined ? undefined : `${baseURL}/`);
		if (target.origin !== checked.origin) {
			throw new ApplicationError(
				`The ${service} API key is only sent to ${checked.origin}, not to ${target.host}`,
				{ level: 'warning' },
			);
		}
		return {
			...requestOptions,
			baseURL,
			headers: { ...requestOptions.headers, [header]: checked.apiKey },
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
	};
}

/** The cheapest request of the folder API: one folder. */
export const folderApiTest: ICredentialTestRequest = {
	request: {
		baseURL: '={{$credentials.baseUrl}}',
		url: '/v1/folders',
		method: 'GET',
		qs: { limit: 1 },
	},
};
