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

export interface RawRequest {
	path: string;
	/** Sent as JSON. */
	body: IDataObject;
	/** What the answer should be when it is not an error envelope, e.g. application/octet-stream. */
	accept: string;
	/**
	 * Whether sending it twice does no harm (a download). Otherwise only refusals are retried (HTTP 429,
	 * code 0429): an answer that broke off or a server error may come after the work was done.
	 */
	idempotent: boolean;
	/** Messages for vendor codes that mean something else on this endpoint (download: 0001 = not found). */
	codeMessages?: Record<string, string>;
	/** The error for a success envelope in place of the expected answer. */
	unexpectedJson: string;
}

export interface RawAnswer {
	headers: IDataObject;
	contentType: string;
	body: Readable;
}

/**
 * One POST whose answer is not read as JSON text: a file (download) or an event stream (chat).
 * The shared vendorRequest (nodes/shared/transport.ts) reads every answer as JSON text, so these
 * requests are sent here, with the same key handling, pacing, retry steps and error wording.
 * A JSON (or text) answer, or HTTP ≥ 400, is the vendor's error envelope and is thrown as such.
 */
export async function rawRequest(this: IExecuteFunctions, profile: ServiceProfile, request: RawRequest, itemIndex: number): Promise<RawAnswer> {
	const credentials = await this.getCredentials(profile.credentialType);
	const apiKey = String(credentials.apiKey ?? '');
	const baseUrl = String(credentials.baseUrl || profile.defaultBaseUrl).replace(/\/+$/, '');
	const codeMessages = { ...profile.codeMessages, ...request.codeMessages };
	const fail = (failure: VendorFailure, message?: string) =>
		vendorError(this.getNode(), profile.name, failure, { codeMessages, secrets: [apiKey], itemIndex, message });
	const { policy } = profile;

	for (let retry = 0; ; retry++) {
		const settle = await pace(policy.pacing ? profile.requestsPerSecond : undefined, `${baseUrl}\n${apiKey}`);
		let response: { statusCode: number; headers: IDataObject; body: Readable };
		try {
			response = await this.helpers.httpRequestWithAuthentication.call(this, profile.credentialType, {
				method: 'POST',
				url: `${baseUrl}${request.path}`,
				headers: { 'content-type': 'application/json', accept: `${request.accept}, application/json` },
				body: request.body,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
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

		const contentType = String(headerValue(response.headers, 'content-type') ?? '').toLowerCase();
		const isEnvelope = contentType.includes('json') || contentType.startsWith('text/plain') || contentType.startsWith('text/html');
		if (response.statusCode < 400 && !isEnvelope) return { headers: response.headers, contentType, body: response.body };

		const failure = envelopeFailure(profile, response.statusCode, (await readText(response.body, MAX_ERROR_BODY_BYTES)).text);
		const refused = response.statusCode === 429 || failure.code === '0429';
		const retryable = refused || (request.idempotent && RETRYABLE_HTTP_STATUSES.includes(response.statusCode));
		if (!retryable || retry >= policy.maxRetries) {
			throw fail(failure, failure.code === '0000' ? request.unexpectedJson : undefined);
		}
		const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw fail(failure);
		await sleep(retryAfter ?? backoffDelay(retry, policy));
	}
}

/** What an error envelope says; a success envelope where none belongs is reported with code 0000. */
function envelopeFailure(profile: ServiceProfile, statusCode: number, text: string): VendorFailure {
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON: the text itself is the explanation.
	}
	return profile.failureOf(statusCode, parsed) ?? { httpCode: statusCode, code: '0000', message: text.slice(0, 120) };
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
