import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { checkCredential, isCredentialProblem, type CheckedCredential } from '../../credentials/common';
import { CODE_LENGTH, excerpt, readVendorError, vendorError, type VendorFailure } from './errors';
import { accountKey, noteRefusal, pace } from './pacing';
import {
	backoffDelay,
	parseRetryAfter,
	RETRYABLE_HTTP_STATUSES,
	RETRYABLE_NETWORK_CODES,
	UNSENT_NETWORK_CODES,
	type RequestPolicy,
} from './policy';

export type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/**
 * A service as the one request path below sees it: everything that differs between vendors, as
 * data, and the request policy the node was constructed with.
 */
export interface ServiceProfile {
	/** Shown to users in messages: "Memories.ai rejected the API key". */
	readonly name: string;
	readonly credentialType: string;
	readonly defaultBaseUrl: string;
	/** Returns the failure a response signals, or undefined for a success (HTTP ≥ 400 or a business error). */
	failureOf(statusCode: number, body: unknown): VendorFailure | undefined;
	/** Vendor codes that mean "temporary: try again" (retried like HTTP 429/5xx). */
	readonly retryableCodes: readonly string[];
	/** Plain-language messages for vendor codes; they win over the HTTP status messages. */
	readonly codeMessages: Readonly<Record<string, string>>;
	/** The account's documented rate limit, paced per account when the policy says so; undefined = none. */
	readonly requestsPerSecond?: number;
	/** The vendor code that means "over the rate limit" (HTTP 200), counted as a refusal like HTTP 429. */
	readonly rateLimitCode?: string;
	readonly policy: Readonly<RequestPolicy>;
}

/** The profile with some request-policy fields overridden: what a node constructed with overrides uses. */
export function withPolicy<Profile extends ServiceProfile>(profile: Profile, overrides?: Partial<RequestPolicy>): Profile {
	return overrides === undefined ? profile : { ...profile, policy: Object.freeze({ ...profile.policy, ...overrides }) };
}

export interface VendorRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * Set for a write that must not be repeated blindly (Create). After a failure that may have come
	 * after the server did the work (reset, timeout, 5xx), it looks for what the request made since
	 * `since` (ms): returns it (the call's result), or undefined when nothing was made (the request is
	 * tried again). Absent: repeating the request is harmless (reads, rename, trash, restore).
	 */
	findCommitted?: (since: number) => Promise<unknown>;
}

/** Default rule: HTTP ≥ 400 is a failure, and the body says why. */
export function httpFailure(statusCode: number, body: unknown): VendorFailure | undefined {
	return statusCode >= 400 ? { httpCode: statusCode, ...readVendorError(body) } : undefined;
}

/** Redirects this request path follows itself, same-origin only; the key never goes elsewhere. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

/** How one attempt ended, when it did not end the call outright. */
type Attempt =
	| { kind: 'answer'; statusCode: number; headers: IDataObject; text: string }
	| { kind: 'broken'; code?: string }
	| { kind: 'slow'; limitMs: number };

/**
 * Sends one request through n8n's authenticated request helper to the credential's Base URL
 * origin (same-origin redirects followed, others refused), retrying what is temporary (see
 * policy.ts) with backoff (honouring Retry-After) inside one deadline, reading at most
 * policy.maxResponseBytes, and turns any failure into an n8n error that carries no piece of the
 * key. Returns the parsed JSON body (undefined for an empty body).
 */
export async function vendorRequest(
	this: RequestContext,
	profile: ServiceProfile,
	request: VendorRequest,
	itemIndex?: number,
): Promise<unknown> {
	const checked = checkCredential(profile.name, await this.getCredentials(profile.credentialType), profile.defaultBaseUrl);
	if (isCredentialProblem(checked)) {
		throw new NodeOperationError(this.getNode(), checked.message, { description: checked.description, itemIndex });
	}
	const fail = (failure: VendorFailure, message?: string, description?: string) => {
		const error = vendorError(this.getNode(), profile.name, failure, { codeMessages: profile.codeMessages, secrets: [checked.apiKey], itemIndex, message });
		if (description !== undefined) error.description = `${error.description ?? ''} ${description}`.trim();
		return error;
	};

	const { policy } = profile;
	const startedAt = Date.now();
	const deadline = startedAt + policy.deadlineMs;
	const outOfTime = (attempts: number) =>
		fail(
			{},
			`${profile.name} did not answer in time: the time limit of ${duration(policy.deadlineMs)} for this request ran out after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
			'The service may be overloaded or unreachable. Try again later.',
		);
	for (let retry = 0; ; retry++) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) throw outOfTime(retry);
		const outcome = await attempt.call(this, profile, request, checked, Math.min(policy.timeoutMs, remaining), fail);

		let failure: VendorFailure = {};
		let message: string | undefined;
		let retryable = true;
		/** The server may have done the work: false only when it certainly did not (a 429, a refusal, no connection). */
		let ambiguous = true;
		let retryAfter: number | undefined;
		let giveUp: Error | undefined;
		if (outcome.kind === 'answer') {
			const { statusCode, text } = outcome;
			const parsed = parseJson(text);
			if (RETRYABLE_HTTP_STATUSES.includes(statusCode)) {
				// Decided by the status: gateways answer these with HTML, read only to explain the failure.
				failure = { httpCode: statusCode, ...readVendorError(parsed.ok ? parsed.value : text) };
				ambiguous = statusCode !== 429;
				retryAfter = parseRetryAfter(headerValue(outcome.headers, 'retry-after'));
			} else if (!parsed.ok) {
				failure = { httpCode: statusCode, message: text };
				message = `${profile.name} sent a response that is not valid JSON`;
				retryable = false;
				ambiguous = statusCode < 400 || statusCode >= 500;
			} else {
				const found = profile.failureOf(statusCode, parsed.value);
				if (found === undefined) return parsed.value;
				failure = found;
				retryable = found.code !== undefined && profile.retryableCodes.includes(found.code);
				ambiguous = retryable || statusCode >= 500;
			}
		} else if (outcome.kind === 'broken') {
			failure = { code: outcome.code };
			message = `Could not reach ${profile.name}: the connection failed or timed out`;
			retryable = outcome.code !== undefined && RETRYABLE_NETWORK_CODES.includes(outcome.code);
			ambiguous = outcome.code === undefined || !UNSENT_NETWORK_CODES.includes(outcome.code);
		} else if (outcome.limitMs < policy.timeoutMs) {
			retryable = false;
			giveUp = outOfTime(retry + 1);
		} else {
			message = `${profile.name} did not answer within the time limit of one attempt (${duration(outcome.limitMs)})`;
		}

		if (policy.pacing && policy.adaptivePacing && (failure.httpCode === 429 || (failure.code !== undefined && failure.code === profile.rateLimitCode))) {
			noteRefusal(accountKey(checked.origin, checked.apiKey), retryAfter);
		}
		if (ambiguous && request.findCommitted) {
			const committed = await request.findCommitted(startedAt);
			if (committed !== undefined) return committed;
		}
		if (!retryable) throw giveUp ?? fail(failure, message);
		if (retry >= policy.maxRetries) throw fail(failure, message);
		if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw fail(failure, message);
		const delay = retryAfter ?? backoffDelay(retry, policy);
		if (Date.now() + delay >= deadline) throw outOfTime(retry + 1);
		const code = excerpt(failure.code ?? '', [checked.apiKey], CODE_LENGTH);
		await wait(this, profile, delay, outcome.kind === 'answer' ? `HTTP ${outcome.statusCode} ${code}`.trim() : outcome.kind);
	}
}

/**
 * One attempt within `limitMs`, sending to the credential's origin only: same-origin redirects
 * are followed (at most MAX_REDIRECTS; 307/308 keep method and body; 301/302/303 only for reads,
 * since they would turn a write into a GET), any other redirect is an error naming the host.
 */
async function attempt(
	this: RequestContext,
	profile: ServiceProfile,
	request: VendorRequest,
	credential: CheckedCredential,
	limitMs: number,
	fail: (failure: VendorFailure, message?: string, description?: string) => Error,
): Promise<Attempt> {
	const { policy } = profile;
	const signal = AbortSignal.timeout(limitMs);
	let url = `${credential.baseUrl}${request.path}`;
	let qs = request.qs;
	for (let hops = 0; ; hops++) {
		const settle = await pace(policy.pacing ? profile.requestsPerSecond : undefined, accountKey(credential.origin, credential.apiKey));
		let response: { statusCode: number; headers: IDataObject; body: unknown };
		let text: string;
		try {
			response = await untilAborted(
				this.helpers.httpRequestWithAuthentication.call(this, profile.credentialType, {
					method: request.method,
					url,
					body: request.body,
					qs,
					json: true,
					// A stream, read here: bounded in size and time, and parsed only when needed.
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					sendCredentialsOnCrossOriginRedirect: false,
					timeout: limitMs,
				}) as Promise<{ statusCode: number; headers: IDataObject; body: unknown }>,
				signal,
				(late) => destroy(late.body),
			);
			text = await readBody(response.body, policy.maxResponseBytes, signal);
		} catch (error) {
			// n8n's own errors before any request (e.g. no credential selected) are already plain (and
			// NodeOperationError's constructor hands such an error back unchanged).
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			if (error instanceof ResponseTooLarge) {
				throw fail(
					{},
					`${profile.name} sent an answer larger than ${duration(policy.maxResponseBytes, 'MB')}, so it was not read`,
					'Answers this large are not real API pages. Check that Base URL points at the API.',
				);
			}
			// Anything else is replaced: n8n's wrapper keeps the request, API key included, as its cause.
			return signal.aborted ? { kind: 'slow', limitMs } : { kind: 'broken', code: socketErrorCode(error) };
		} finally {
			settle();
		}

		if (!REDIRECT_STATUSES.includes(response.statusCode)) return { kind: 'answer', statusCode: response.statusCode, headers: response.headers, text };
		const location = headerValue(response.headers, 'location');
		const target = typeof location === 'string' ? safeUrl(location, url) : undefined;
		const said = { httpCode: response.statusCode };
		if (target === undefined) throw fail(said, `${profile.name} answered with a redirect without a valid address`);
		if (target.origin !== credential.origin) {
			throw fail(
				said,
				`${profile.name} redirected the request to another host (${target.host}); it was not followed, so the API key was not sent there`,
				`If ${profile.name} has moved there, set Base URL in the credential to ${target.origin}.`,
			);
		}
		if (request.method !== 'GET' && response.statusCode !== 307 && response.statusCode !== 308) {
			throw fail(said, `${profile.name} redirected a change request in a way that would turn it into a read (HTTP ${response.statusCode}); it was not followed`);
		}
		if (hops >= MAX_REDIRECTS) throw fail(said, `${profile.name} redirected the request more than ${MAX_REDIRECTS} times; it was not followed further`);
		url = target.href;
		qs = undefined;
	}
}

async function wait(context: RequestContext, profile: ServiceProfile, ms: number, reason: string): Promise<void> {
	context.logger.debug(`${profile.name}: retrying after ${reason} in ${ms} ms`);
	await sleep(ms);
}

/** "120 s", "300 ms", "32 MB": limits as people read them. */
function duration(value: number, unit: 'time' | 'MB' = 'time'): string {
	if (unit === 'MB') return `${Math.round((value / 2 ** 20) * 10) / 10} MB`;
	return value < 1000 ? `${value} ms` : `${Math.round(value / 100) / 10} s`;
}

function safeUrl(location: string, base: string): URL | undefined {
	try {
		return new URL(location, base);
	} catch {
		return undefined;
	}
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

/** A response body as n8n's helper hands it over with `encoding: 'stream'`. */
interface BodyStream {
	on(event: string, listener: (...args: never[]) => void): unknown;
	destroy(error?: Error): unknown;
}

function isStream(body: unknown): body is BodyStream {
	return body !== null && typeof body === 'object' && typeof (body as BodyStream).on === 'function' && typeof (body as BodyStream).destroy === 'function';
}

function destroy(body: unknown): void {
	if (isStream(body)) body.destroy();
}

class ResponseTooLarge extends Error {}

/** The work's result, unless `signal` aborts first (then a late result is handed to `onLate`). */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal, onLate: (late: T) => void): Promise<T> {
	return await new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
		work.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				if (signal.aborted) onLate(value);
				else resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/** Reads a body as UTF-8 text, at most `maxBytes` of it (after decompression), until `signal` aborts. */
async function readBody(body: unknown, maxBytes: number, signal: AbortSignal): Promise<string> {
	if (body === undefined || body === null) return '';
	if (!isStream(body)) return typeof body === 'string' ? body : JSON.stringify(body);
	return await new Promise<string>((resolve, reject) => {
		const decoder = new TextDecoder();
		const parts: string[] = [];
		let size = 0;
		let done = false;
		const finish = (error?: unknown) => {
			if (done) return;
			done = true;
			signal.removeEventListener('abort', onAbort);
			if (error === undefined) return resolve(parts.join('') + decoder.decode());
			body.destroy();
			reject(error);
		};
		const onAbort = () => finish(signal.reason);
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		body.on('data', (chunk: Uint8Array) => {
			if (done) return;
			size += chunk.byteLength;
			if (size > maxBytes) return finish(new ResponseTooLarge());
			parts.push(decoder.decode(chunk, { stream: true }));
		});
		body.on('end', () => finish());
		body.on('error', (error: Error) => finish(error));
	});
}

/**
 * The socket-level code of a failed request (ECONNRESET, ECONNREFUSED, ENOTFOUND, ...). n8n's
 * request helper wraps the axios error in a NodeApiError that keeps the code as `httpCode`, or
 * inside `cause`/`errorResponse`.
 */
function socketErrorCode(error: unknown): string | undefined {
	const pending = [error];
	for (let checked = 0; pending.length > 0 && checked < 10; checked++) {
		const current = pending.shift() as { code?: unknown; httpCode?: unknown; cause?: unknown; errorResponse?: unknown } | null;
		if (!current || typeof current !== 'object') continue;
		for (const code of [current.code, current.httpCode]) {
			if (typeof code === 'string' && /^(E[A-Z]+|ERR_[A-Z_]+)$/.test(code)) return code;
		}
		pending.push(current.cause, current.errorResponse);
	}
	return undefined;
}
