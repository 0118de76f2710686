import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What a vendor said when a request failed, whatever the shape of its error body. */
export interface VendorFailure {
	httpCode?: number;
	code?: string;
	message?: string;
}

/**
 * Reads `{error:{code,message}}` (HeyGen, Konpro), `{error:"text", data}` (HeyGen legacy),
 * `{code, message|msg}` (Memories.ai, gateways) and `{message}` alike.
 */
export function readVendorError(body: unknown): Pick<VendorFailure, 'code' | 'message'> {
	if (body === null || typeof body !== 'object') {
		return typeof body === 'string' && body.trim() !== '' ? { message: body.trim() } : {};
	}
	const record = body as Record<string, unknown>;
	const nested = record.error;
	if (nested && typeof nested === 'object') {
		const error = nested as Record<string, unknown>;
		return { code: textOf(error.code), message: textOf(error.message) ?? textOf(error.detail) };
	}
	if (typeof nested === 'string' && nested !== '') {
		return { code: textOf(record.code), message: nested };
	}
	return { code: textOf(record.code), message: textOf(record.message) ?? textOf(record.msg) };
}

function textOf(value: unknown): string | undefined {
	return value === undefined || value === null || value === '' ? undefined : String(value);
}

/**
 * What kind of failure an error is, in the form n8n 2.38+ reads from a thrown error's `failure`
 * property to choose how long a poll trigger backs off (n8n-workflow's `Failure`; plain data, so no
 * import: older n8n, and n8n-workflow 2.8 which this package builds against, ignore it). Timed causes
 * back off on a curve (at least the wait given); the others wait 30 minutes, as a person must act.
 */
export type FailureKind =
	| { cause: 'rate-limited' | 'quota-exhausted' | 'temporarily-unavailable'; retryAfterMs?: number }
	| { cause: 'credential-invalid' | 'configuration-invalid' | 'node-defect' };

export type FailureCause = FailureKind['cause'];

/** Declares `failure` on `error` (see FailureKind) and returns it. */
export function declareFailure<E extends Error>(error: E, failure: FailureKind): E {
	Object.assign(error, { failure });
	return error;
}

/** The failure kind of an HTTP status, when the status says it (a vendor's code may say more). */
export function failureCauseOfStatus(status: number | undefined): FailureCause | undefined {
	if (status === undefined) return undefined;
	if (status === 429) return 'rate-limited';
	if (status === 401 || status === 403) return 'credential-invalid';
	if (status === 402) return 'quota-exhausted';
	if (status === 408 || status >= 500) return 'temporarily-unavailable';
	// A client error, or a redirect this request path would not follow (another host, a loop): the
	// request or the Base URL must change.
	if (status >= 300) return 'configuration-invalid';
	return undefined;
}

/** Plain-language messages by HTTP status; `{service}` is replaced with the vendor's name. */
const HTTP_MESSAGES: Record<number, string> = {
	400: '{service} did not accept the request: a parameter is invalid',
	401: '{service} rejected the API key',
	402: 'The {service} account is out of credits',
	403: '{service} refused access: the API key is not allowed to do this',
	404: '{service} could not find what was requested',
	409: '{service} refused the change because it conflicts with the current state',
	422: '{service} did not accept the request: a parameter is invalid',
	429: '{service} is limiting how fast requests can be made, and kept doing so after several retries',
};

export function messageForFailure(
	service: string,
	failure: VendorFailure,
	codeMessages: Record<string, string> = {},
): string {
	const byCode = failure.code !== undefined ? codeMessages[failure.code] : undefined;
	const status = failure.httpCode ?? 0;
	const template =
		byCode ??
		HTTP_MESSAGES[status] ??
		(status >= 500
			? '{service} is having trouble right now (server error). Try again later'
			: '{service} could not complete the request');
	return template.replace(/\{service\}/g, service);
}

/** Longest vendor text shown in an error description. */
export const EXCERPT_LENGTH = 300;

/** Longest vendor code shown (real ones are a few characters: "0429", "invalid_parameter"). */
export const CODE_LENGTH = 64;

/** Shortest piece of a secret that is masked: any 8 characters of a key in a row count as a leak. */
const SECRET_PIECE = 8;

/**
 * Masks every secret in a text that may be shown to users: whole, and any piece of 8 or more of
 * its characters (a proxy may echo a header cut short). Secrets shorter than that are masked whole.
 */
export function redact(text: string, secrets: string[]): string {
	const masked = new Uint8Array(text.length);
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		const piece = Math.min(SECRET_PIECE, secret.length);
		const pieces = new Set<string>();
		for (let i = 0; i + piece <= secret.length; i++) pieces.add(secret.slice(i, i + piece));
		for (let i = 0; i + piece <= text.length; i++)
			if (pieces.has(text.slice(i, i + piece))) masked.fill(1, i, i + piece);
	}
	let out = '';
	for (let i = 0; i < text.length; i++) {
		if (!masked[i]) out += text[i];
		else if (i === 0 || !masked[i - 1]) out += '***';
	}
	return out;
}

/**
 * At most `length` characters of a vendor's text, secrets masked FIRST: a cut through a secret
 * would leave a piece of it that no longer matches. Only the part that can end up in the
 * excerpt is searched (a secret reaching into it is at most its own length longer).
 */
export function excerpt(text: string, secrets: string[], length = EXCERPT_LENGTH): string {
	const reach = length + Math.max(0, ...secrets.map((secret) => secret.length));
	const clean = redact(text.slice(0, reach), secrets).trim();
	return clean.length > length ? `${clean.slice(0, length)}…` : clean;
}

/**
 * The single way a vendor failure becomes an n8n error: a message a non-developer understands,
 * the vendor's code and words in the description, no request internals (which hold the API key).
 */
export function vendorError(
	node: INode,
	service: string,
	failure: VendorFailure,
	options: {
		codeMessages?: Record<string, string>;
		secrets: string[];
		itemIndex?: number;
		message?: string;
	},
): NodeApiError {
	// The vendor's code is the vendor's text too: masked and cut like its message.
	const code =
		failure.code !== undefined ? excerpt(failure.code, options.secrets, CODE_LENGTH) : undefined;
	const details = [
		code !== undefined ? `code ${code}` : undefined,
		failure.httpCode !== undefined ? `HTTP ${failure.httpCode}` : undefined,
	].filter(Boolean);
	const said = failure.message
		? `${service} said: "${excerpt(failure.message, options.secrets)}"`
		: `${service} gave no explanation`;
	const description = redact(
		`${said}${details.length ? ` (${details.join(', ')})` : ''}`,
		options.secrets,
	);
	const message = redact(
		options.message ?? messageForFailure(service, { ...failure, code }, options.codeMessages),
		options.secrets,
	);
	const response: JsonObject = { message, description };
	// Not `code`: NodeApiError swaps the message for its own generic text when `code` is a socket code.
	if (code !== undefined) response.vendorCode = code;
	if (failure.httpCode !== undefined) response.httpCode = String(failure.httpCode);
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode: failure.httpCode !== undefined ? String(failure.httpCode) : undefined,
		itemIndex: options.itemIndex,
	});
}
