import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { vendorError, type VendorFailure } from '../../../shared/errors';
import { pace } from '../../../shared/pacing';
import { backoffDelay, parseRetryAfter, RETRYABLE_HTTP_STATUSES } from '../../../shared/policy';
import type { ServiceProfile } from '../../../shared/transport';

/** An error answer is a small JSON envelope; more than this is not one. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A readable stream, as n8n's binary helpers take it (node:stream may not be imported by community nodes). */
export type Readable = Exclude<Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], Buffer>;

/** A request body and how it is sent. Made afresh for every attempt: a stream can be read only once. */
export interface RawBody {
	/** JSON (an object), form fields (a string) or multipart (a stream). */
	data: IDataObject | string | Buffer | Readable;
	contentType: string;
	/** Bytes of `data`, when known: sent as Content-Length, so a stream is not sent chunked. */
	length?: number;
}

interface RawRequest {
	path: string;
	body: () => Promise<RawBody>;
	/** What a successful answer is: JSON (read here, bounded) or a stream handed to the caller. */
	answer: 'json' | 'stream';
	/** The Accept header for a stream answer, e.g. application/octet-stream. */
	accept?: string;
	/**
	 * Whether sending it twice does no harm (a download). Otherwise only refusals are retried (HTTP 429,
	 * code 0429): an answer that broke off or a server error may come after the work was done.
	 */
	idempotent: boolean;
	/** Messages for vendor codes that mean something else on this endpoint (download: 0001 = not found). */
	codeMessages?: Record<string, string>;
	/** For a stream answer: the error for a success envelope in its place. */
	unexpectedJson?: string;
}

export interface RawAnswer {
	headers: IDataObject;
	contentType: string;
	body: Readable;
}

/** A successful JSON answer (the parsed envelope) is at most this big. */
const MAX_JSON_ANSWER_BYTES = 1024 * 1024;

/**
 * One POST whose body or answer is not JSON text: a file (download), an event stream (chat), form
 * fields or a streamed multipart file (upload). The shared vendorRequest (nodes/shared/transport.ts)
 * sends JSON and reads every answer as JSON text, so these requests are sent here, with the same key
 * handling, pacing, retry steps and error wording. A JSON (or text) answer, or HTTP ≥ 400, is the
 * vendor's error envelope and is thrown as such.
 */
async function sendRaw(this: IExecuteFunctions, profile: ServiceProfile, request: RawRequest, itemIndex: number): Promise<RawAnswer | { json: unknown }> {
	const credentials = await this.getCredentials(profile.credentialType);
	const apiKey = String(credentials.apiKey ?? '');
	const baseUrl = String(credentials.baseUrl || profile.defaultBaseUrl).replace(/\/+$/, '');
	const codeMessages = { ...profile.codeMessages, ...request.codeMessages };
	const fail = (failure: VendorFailure, message?: string) =>
		vendorError(this.getNode(), profile.name, failure, { codeMessages, secrets: [apiKey], itemIndex, message });
	const { policy } = profile;
	const accept = request.answer === 'json' ? 'application/json' : `${request.accept ?? '*/*'}, application/json`;

	for (let retry = 0; ; retry++) {
		const body = await request.body();
		const headers: IDataObject = { 'content-type': body.contentType, accept };
		if (body.length !== undefined) headers['content-length'] = String(body.length);
		const settle = await pace(policy.pacing ? profile.requestsPerSecond : undefined, `${baseUrl}\n${apiKey}`);
		let response: { statusCode: number; headers: IDataObject; body: Readable };
		try {
			response = await this.helpers.httpRequestWithAuthentication.call(this, profile.credentialType, {
				method: 'POST',
				url: `${baseUrl}${request.path}`,
				headers,
				// n8n's request helper hands a stream or a buffer to axios as it is (its type does not list streams).
				body: body.data as IDataObject,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Following redirects makes axios keep every byte sent, to send it again (a 1 GB upload held
				// in memory, measured in bench/); and the key must not follow a redirect to another host.
				disableFollowRedirect: true,
				timeout: policy.timeoutMs,
			});
		} catch (error) {
			settle();
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			// n8n's error is not kept: it holds the request, key included.
			if (request.idempotent && retry < policy.maxRetries) {
				await sleep(backoffDelay(retry, policy));
				continue;
			}
			throw fail({}, `Could not reach ${profile.name}: the connection failed or timed out`);
		}
		settle();
		if (response.statusCode >= 300 && response.statusCode < 400) {
			response.body.destroy();
			const location = String(headerValue(response.headers, 'location') ?? 'elsewhere');
			throw fail({ httpCode: response.statusCode, message: `redirect to ${location.slice(0, 200)}` }, `${profile.name} redirected the request, which the node does not follow with your API key`);
		}

		const contentType = String(headerValue(response.headers, 'content-type') ?? '').toLowerCase();
		const isEnvelope = request.answer === 'json' || contentType.includes('json') || contentType.startsWith('text/plain') || contentType.startsWith('text/html');
		if (response.statusCode < 400 && !isEnvelope) return { headers: response.headers, contentType, body: response.body };

		const { text, truncated } = await readText(response.body, request.answer === 'json' ? MAX_JSON_ANSWER_BYTES : MAX_ERROR_BODY_BYTES);
		const parsed = parseJson(text);
		if (request.answer === 'json' && response.statusCode < 400 && (truncated || parsed === undefined)) {
			throw fail({ httpCode: response.statusCode, message: text.slice(0, 120) }, `${profile.name} sent a response that is not valid JSON`);
		}
		const failure = profile.failureOf(response.statusCode, parsed ?? text);
		if (failure === undefined) {
			if (request.answer === 'json') return { json: parsed };
			throw fail({ httpCode: response.statusCode, code: '0000', message: text.slice(0, 120) }, request.unexpectedJson);
		}
		const refused = response.statusCode === 429 || failure.code === '0429';
		const retryable = refused || (request.idempotent && RETRYABLE_HTTP_STATUSES.includes(response.statusCode));
		if (!retryable || retry >= policy.maxRetries) throw fail(failure);
		const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw fail(failure);
		await sleep(retryAfter ?? backoffDelay(retry, policy));
	}
}

/** A request whose answer is a stream (a file, server-sent events). */
export async function requestStream(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	request: Omit<RawRequest, 'answer'>,
	itemIndex: number,
): Promise<RawAnswer> {
	return (await sendRaw.call(this, profile, { ...request, answer: 'stream' }, itemIndex)) as RawAnswer;
}

/** A request whose body is not JSON (form fields, multipart) and whose answer is the JSON envelope. */
export async function requestJson(this: IExecuteFunctions, profile: ServiceProfile, request: Omit<RawRequest, 'answer'>, itemIndex: number): Promise<unknown> {
	return ((await sendRaw.call(this, profile, { ...request, answer: 'json' }, itemIndex)) as { json: unknown }).json;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** A stream's text, at most `maxBytes` of it; `truncated` says it had more (and was stopped there). */
export async function readText(stream: Readable, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		chunks.push(buffer);
		size += buffer.length;
		if (size > maxBytes) {
			stream.destroy();
			return { text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'), truncated: true };
		}
	}
	return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

export function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}
