import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { checkCredential, isCredentialProblem, type CheckedCredential } from './credentials';
import {
	CODE_LENGTH,
	declareFailure,
	excerpt,
	failureCauseOfStatus,
	readVendorError,
	vendorError,
	type FailureCause,
	type FailureKind,
	type VendorFailure,
} from './errors';
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
	/**
	 * Of those, the codes that refuse a request before any work (a rate limit): even a write is
	 * repeated after them, and like HTTP 429 they slow the account's adaptive pacing.
	 */
	readonly refusalCodes?: readonly string[];
	/** Plain-language messages for vendor codes; they win over the HTTP status messages. */
	readonly codeMessages: Readonly<Record<string, string>>;
	/**
	 * The failure kind (errors.ts FailureKind) of vendor codes that are not retried: a bad key, no
	 * credits. Retryable codes are "temporarily unavailable", refusal codes "rate limited".
	 */
	readonly codeFailureCauses?: Readonly<Record<string, FailureCause>>;
	/** The account's documented rate limit, paced per account when the policy says so; undefined = none. */
	readonly requestsPerSecond?: number;
	readonly policy: Readonly<RequestPolicy>;
}

/** The profile with some request-policy fields overridden: what a node constructed with overrides uses. */
export function withPolicy<Profile extends ServiceProfile>(
	profile: Profile,
	overrides?: Partial<RequestPolicy>,
): Profile {
	return overrides === undefined
		? profile
		: { ...profile, policy: Object.freeze({ ...profile.policy, ...overrides }) };
}

/** A readable stream, as n8n's binary helpers take it (node:stream may not be imported by community nodes). */
export type Readable = Exclude<
	Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0],
	Buffer
>;

/** A body that is not a JSON object, made afresh for every attempt and redirect: a stream can be read only once. */
export type BodyFactory = () => Promise<{
	/** JSON (an object), form fields (a string), bytes, or a stream (a multipart file). */
	data: IDataObject | string | Buffer | Readable;
	contentType: string;
	/** Bytes of `data`, when known: sent as Content-Length, so a stream is not sent chunked. */
	length?: number;
}>;

/**
 * An endpoint's own rate limit, on top of the account's (ServiceProfile.requestsPerSecond): paced per
 * account (accountKey: Base URL origin and key hash) and endpoint, so every request of one account
 * to that endpoint shares it, whichever node or execution sends it.
 */
export interface EndpointBudget {
	/** Names the endpoint's window: "upload", "search". */
	readonly endpoint: string;
	readonly requestsPerSecond: number;
}

export interface VendorRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject | BodyFactory;
	qs?: IDataObject;
	/**
	 * false for a write that must not be repeated and cannot be looked up (upload, chat): it is tried
	 * again only after a refusal (HTTP 429, a refusal code, a connection refused), never after an
	 * answer that broke off or a server error, which may come after the work was done.
	 */
	idempotent?: boolean;
	/** Messages for vendor codes that mean something else on this endpoint (download: 0001 = not found); such a code is not retried. */
	codeMessages?: Readonly<Record<string, string>>;
	/**
	 * Set for a write that must not be repeated blindly (Create). After a failure that may have come
	 * after the server did the work (reset, timeout, 5xx), it looks for what the request made since
	 * `since` (ms): returns it (the call's result), or undefined when nothing was made (the request is
	 * tried again). Absent: repeating the request is harmless (reads, rename, trash, restore).
	 */
	findCommitted?: (since: number) => Promise<unknown>;
	/**
	 * The endpoint's own rate limit, when it has one: vendorRequest holds it from the first attempt
	 * until the answer (when the policy paces), keyed by the account like the account's pacing.
	 */
	budget?: EndpointBudget;
	/**
	 * When the caller's own time is up (ms since the epoch; a trigger's poll budget): the call ends by
	 * then whatever policy.deadlineMs allows, and no attempt, wait or paced send goes past it.
	 */
	until?: number;
}

/** A request whose successful answer is a stream (a file, server-sent events), not JSON text. */
export interface StreamRequest extends VendorRequest {
	/** The Accept header, e.g. application/octet-stream; application/json is added for the error envelope. */
	accept: string;
	/** The error for a success envelope (JSON or text) sent in place of the stream. */
	notAStream: string;
}

/** A stream answer: its body is the caller's to read (or destroy). */
export interface StreamAnswer {
	headers: IDataObject;
	/** Lower case, e.g. "video/mp4" or "text/event-stream; charset=utf-8". */
	contentType: string;
	body: Readable;
	/** The whole body as text, at most `maxBytes`, within what remains of the request's deadline. */
	readText(maxBytes: number): Promise<string>;
}

/** An error envelope sent in place of a stream is small; more than this is not one. */
const ENVELOPE_BYTES = 1024 * 1024;

/** Default rule: HTTP ≥ 400 is a failure, and the body says why. */
export function httpFailure(statusCode: number, body: unknown): VendorFailure | undefined {
	return statusCode >= 400 ? { httpCode: statusCode, ...readVendorError(body) } : undefined;
}

/** Redirects this request path follows itself, same-origin only; the key never goes elsewhere. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

/** What went wrong with an attempt: the vendor's words, and whether no answer came or it could not be read. */
type AttemptFailure = VendorFailure & { broken?: boolean; unreadable?: boolean };

/** How one attempt ended, when it did not end the call outright. */
type Attempt =
	| { kind: 'answer'; statusCode: number; headers: IDataObject; text: string }
	| { kind: 'stream'; headers: IDataObject; contentType: string; body: Readable }
	| { kind: 'broken'; code?: string }
	| { kind: 'slow'; limitMs: number }
	/** Pacing had no slot before the deadline: nothing was sent. */
	| { kind: 'late' };

/**
 * Sends one request through n8n's authenticated request helper to the credential's Base URL
 * origin (same-origin redirects followed, others refused), retrying what is temporary (see
 * policy.ts) with backoff (honouring Retry-After) inside one deadline, reading at most
 * policy.maxResponseBytes, paced to the account's rate and to the request's endpoint budget, and
 * turns any failure into an n8n error that carries no piece of the key. Returns the parsed JSON
 * body (undefined for an empty body); for a StreamRequest (see vendorStream), the StreamAnswer.
 */
export async function vendorRequest(
	this: RequestContext,
	profile: ServiceProfile,
	request: VendorRequest | StreamRequest,
	itemIndex?: number,
): Promise<unknown> {
	const checked = checkCredential(
		profile.name,
		await this.getCredentials(profile.credentialType),
		profile.defaultBaseUrl,
	);
	if (isCredentialProblem(checked)) {
		throw declareFailure(
			new NodeOperationError(this.getNode(), checked.message, {
				description: checked.description,
				itemIndex,
			}),
			{ cause: 'credential-invalid' },
		);
	}
	// One slot of the endpoint's budget per call, held until its answer (retries included).
	const { budget } = request;
	const settleBudget =
		budget && profile.policy.pacing
			? await pace(
					budget.requestsPerSecond,
					`${accountKey(checked.origin, checked.apiKey)} ${budget.endpoint}`,
					request.until,
				)
			: () => {};
	if (settleBudget === undefined)
		throw markOutOfTime(outOfTimeBeforeSending(this, profile, itemIndex));
	try {
		return await sendWithRetries.call(this, profile, request, checked, itemIndex);
	} finally {
		settleBudget();
	}
}

/** vendorRequest's attempts, retries and waits, for a credential already checked. */
async function sendWithRetries(
	this: RequestContext,
	profile: ServiceProfile,
	request: VendorRequest | StreamRequest,
	checked: CheckedCredential,
	itemIndex: number | undefined,
): Promise<unknown> {
	const codeMessages = { ...profile.codeMessages, ...request.codeMessages };
	const fail = (
		failure: AttemptFailure,
		message?: string,
		description?: string,
		kind: FailureKind | undefined = failureKindOf(profile, failure, request),
	) => {
		const error = vendorError(this.getNode(), profile.name, failure, {
			codeMessages,
			secrets: [checked.apiKey],
			itemIndex,
			message,
		});
		if (description !== undefined)
			error.description = `${error.description ?? ''} ${description}`.trim();
		return kind === undefined ? error : declareFailure(error, kind);
	};

	const { policy } = profile;
	const stream = 'accept' in request;
	const startedAt = Date.now();
	const deadline = Math.min(startedAt + policy.deadlineMs, request.until ?? Infinity);
	const outOfTime = (attempts: number) =>
		markOutOfTime(
			attempts === 0
				? outOfTimeBeforeSending(this, profile, itemIndex)
				: fail(
						{},
						`${profile.name} did not answer in time: the time limit of ${duration(deadline - startedAt)} for this request ran out after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
						'The service may be overloaded or unreachable. Try again later.',
						{ cause: 'temporarily-unavailable' },
					),
		);
	const reader = { fail, profile };
	for (let retry = 0; ; retry++) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) throw outOfTime(retry);
		// A body made per attempt is an upload (form fields, a file): sending it may be the slow part, so
		// its attempt may take what remains of the deadline (the socket may still idle at most timeoutMs).
		const limitMs =
			typeof request.body === 'function' ? remaining : Math.min(policy.timeoutMs, remaining);
		const outcome = await attempt.call(this, profile, request, checked, limitMs, deadline, fail);
		if (outcome.kind === 'late') throw outOfTime(retry);
		if (outcome.kind === 'stream') {
			// The deadline covers the request up to the answer's headers only: the caller streams the
			// body (a file of any size, for as long as it takes), or reads it whole with readText, bounded
			// in size and by what remains of the deadline.
			return {
				...outcome,
				readText: async (maxBytes: number) =>
					await readWithin(
						reader,
						outcome.body,
						maxBytes,
						AbortSignal.timeout(Math.max(0, deadline - Date.now())),
						() => outOfTime(retry + 1),
					),
			} satisfies StreamAnswer;
		}

		let failure: AttemptFailure = {};
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
			} else if (!parsed.ok && !(stream && statusCode < 400)) {
				// (Text where a stream should be is judged below, as a success envelope would be.)
				failure = { httpCode: statusCode, message: text, unreadable: true };
				message = `${profile.name} sent a response that is not valid JSON`;
				retryable = false;
				ambiguous = statusCode < 400 || statusCode >= 500;
			} else {
				const found = parsed.ok ? profile.failureOf(statusCode, parsed.value) : undefined;
				if (found === undefined && !stream) return parsed.ok ? parsed.value : undefined;
				// A success envelope (or text) where the stream should be: an error, not an empty file.
				failure = found ?? { httpCode: statusCode, message: text };
				message = found ? undefined : (request as StreamRequest).notAStream;
				const code = failure.code;
				retryable =
					code !== undefined &&
					profile.retryableCodes.includes(code) &&
					request.codeMessages?.[code] === undefined;
				ambiguous =
					(retryable && !(profile.refusalCodes ?? []).includes(code!)) || statusCode >= 500;
			}
		} else if (outcome.kind === 'broken') {
			failure = { code: outcome.code, broken: true };
			message = `Could not reach ${profile.name}: the connection failed or timed out`;
			retryable = outcome.code !== undefined && RETRYABLE_NETWORK_CODES.includes(outcome.code);
			ambiguous = outcome.code === undefined || !UNSENT_NETWORK_CODES.includes(outcome.code);
		} else if (deadline - Date.now() <= 10) {
			retryable = false;
			giveUp = outOfTime(retry + 1);
		} else {
			failure = { broken: true };
			message = `${profile.name} did not answer within the time limit of one attempt (${duration(outcome.limitMs)})`;
		}

		if (
			policy.pacing &&
			policy.adaptivePacing &&
			(failure.httpCode === 429 || (profile.refusalCodes ?? []).includes(failure.code ?? ''))
		) {
			noteRefusal(accountKey(checked.origin, checked.apiKey), retryAfter);
		}
		if (ambiguous && request.findCommitted) {
			const committed = await request.findCommitted(startedAt);
			if (committed !== undefined) return committed;
		}
		if (ambiguous && request.idempotent === false) retryable = false;
		const kind = failureKindOf(profile, failure, request, retryAfter);
		if (!retryable) throw giveUp ?? fail(failure, message, undefined, kind);
		if (retry >= policy.maxRetries) throw fail(failure, message, undefined, kind);
		if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs)
			throw fail(failure, message, undefined, kind);
		const delay = retryAfter ?? backoffDelay(retry, policy);
		if (Date.now() + delay >= deadline) {
			// A wait the server asked for that outlasts the call: n8n's poll scheduler gets the wait.
			throw retryAfter === undefined
				? outOfTime(retry + 1)
				: markOutOfTime(fail(failure, message, undefined, kind));
		}
		const code = excerpt(failure.code ?? '', [checked.apiKey], CODE_LENGTH);
		await wait(
			this,
			profile,
			delay,
			outcome.kind === 'answer' ? `HTTP ${outcome.statusCode} ${code}`.trim() : outcome.kind,
		);
	}
}

/** vendorRequest for a request whose answer is a stream: a JSON, text or HTML answer, or HTTP ≥ 400, is the vendor's error. */
export async function vendorStream(
	this: RequestContext,
	profile: ServiceProfile,
	request: StreamRequest,
	itemIndex?: number,
): Promise<StreamAnswer> {
	return (await vendorRequest.call(this, profile, request, itemIndex)) as StreamAnswer;
}

/** What an answer of this type is when a stream was asked for: the vendor's envelope (JSON, text, an HTML error page). */
function isEnvelope(contentType: string): boolean {
	return (
		contentType.includes('json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('text/html')
	);
}

/**
 * One attempt within `limitMs`, sending to the credential's origin only: same-origin redirects
 * are followed (at most MAX_REDIRECTS; 307/308 keep method and body; 301/302/303 only for reads,
 * since they would turn a write into a GET), any other redirect is an error naming the host.
 * Redirects are never left to axios: following them makes it keep every byte sent, to send it
 * again (a 1 GB upload held in memory, measured in bench/).
 */
async function attempt(
	this: RequestContext,
	profile: ServiceProfile,
	request: VendorRequest | StreamRequest,
	credential: CheckedCredential,
	limitMs: number,
	deadline: number,
	fail: (failure: AttemptFailure, message?: string, description?: string) => Error,
): Promise<Attempt> {
	const { policy } = profile;
	/** The attempt's time limit runs from its first send, not while pacing held it back. */
	let signal: AbortSignal | undefined;
	let attemptMs = limitMs;
	const accept = 'accept' in request ? `${request.accept}, application/json` : undefined;
	let url = `${credential.baseUrl}${request.path}`;
	let qs = request.qs;
	for (let hops = 0; ; hops++) {
		const settle = await pace(
			policy.pacing ? profile.requestsPerSecond : undefined,
			accountKey(credential.origin, credential.apiKey),
			deadline,
		);
		// No paced slot before the call's deadline: nothing is sent.
		if (settle === undefined) return { kind: 'late' };
		if (signal === undefined) {
			attemptMs = Math.min(limitMs, deadline - Date.now());
			if (attemptMs <= 0) {
				settle();
				return { kind: 'late' };
			}
			signal = AbortSignal.timeout(attemptMs);
		}
		const attemptSignal = signal;
		const made = typeof request.body === 'function' ? await request.body() : undefined;
		const headers: IDataObject = {};
		if (accept !== undefined) headers.accept = accept;
		if (made !== undefined) headers['content-type'] = made.contentType;
		if (made?.length !== undefined) headers['content-length'] = String(made.length);
		let response: { statusCode: number; headers: IDataObject; body: unknown };
		let text: string;
		try {
			response = await untilAborted(
				this.helpers.httpRequestWithAuthentication.call(this, profile.credentialType, {
					method: request.method,
					url,
					headers,
					// n8n's request helper hands a string, buffer or stream to axios as it is (its type lists objects only).
					body: (made?.data ?? request.body) as IDataObject | undefined,
					qs,
					json: true,
					// A stream: read here, bounded in size and time, and parsed only when needed (or handed over).
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					sendCredentialsOnCrossOriginRedirect: false,
					// axios: how long the socket may stay idle until the answer's headers.
					timeout: Math.min(attemptMs, policy.timeoutMs),
				}) as Promise<{ statusCode: number; headers: IDataObject; body: unknown }>,
				attemptSignal,
				(late) => destroy(late.body),
			);
			const contentType = String(headerValue(response.headers, 'content-type') ?? '').toLowerCase();
			const { statusCode } = response;
			if (
				accept !== undefined &&
				statusCode < 300 &&
				!isEnvelope(contentType) &&
				isStream(response.body)
			) {
				return {
					kind: 'stream',
					headers: response.headers,
					contentType,
					body: response.body as unknown as Readable,
				};
			}
			text = await readBody(
				response.body,
				accept === undefined
					? policy.maxResponseBytes
					: Math.min(policy.maxResponseBytes, ENVELOPE_BYTES),
				attemptSignal,
			);
		} catch (error) {
			destroy(made?.data);
			// n8n's own errors before any request (e.g. no credential selected) are already plain (and
			// NodeOperationError's constructor hands such an error back unchanged).
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			if (error instanceof ResponseTooLarge) throw tooLarge(fail, profile, error.maxBytes);
			// Anything else is replaced: n8n's wrapper keeps the request, API key included, as its cause.
			return attemptSignal.aborted
				? { kind: 'slow', limitMs: attemptMs }
				: { kind: 'broken', code: socketErrorCode(error) };
		} finally {
			settle();
		}

		if (!REDIRECT_STATUSES.includes(response.statusCode))
			return { kind: 'answer', statusCode: response.statusCode, headers: response.headers, text };
		// The next hop sends a body made afresh; this one's stream (an open file) is let go.
		destroy(made?.data);
		const location = headerValue(response.headers, 'location');
		const target = typeof location === 'string' ? safeUrl(location, url) : undefined;
		const said = { httpCode: response.statusCode };
		if (target === undefined)
			throw fail(said, `${profile.name} answered with a redirect without a valid address`);
		if (target.origin !== credential.origin) {
			throw fail(
				said,
				`${profile.name} redirected the request to another host (${target.host}); it was not followed, so the API key was not sent there`,
				`If ${profile.name} has moved there, set Base URL in the credential to ${target.origin}.`,
			);
		}
		if (request.method !== 'GET' && response.statusCode !== 307 && response.statusCode !== 308) {
			throw fail(
				said,
				`${profile.name} redirected a change request in a way that would turn it into a read (HTTP ${response.statusCode}); it was not followed`,
			);
		}
		if (hops >= MAX_REDIRECTS)
			throw fail(
				said,
				`${profile.name} redirected the request more than ${MAX_REDIRECTS} times; it was not followed further`,
			);
		url = target.href;
		qs = undefined;
	}
}

function tooLarge(
	fail: (failure: AttemptFailure, message?: string, description?: string) => Error,
	profile: ServiceProfile,
	maxBytes: number,
): Error {
	return fail(
		{ unreadable: true },
		`${profile.name} sent an answer larger than ${duration(maxBytes, 'MB')}, so it was not read`,
		'Answers this large are not real API pages. Check that Base URL points at the API.',
	);
}

/** A stream answer's text for the caller (StreamAnswer.readText), failures worded like the request's own. */
async function readWithin(
	reader: {
		fail: (failure: AttemptFailure, message?: string, description?: string) => Error;
		profile: ServiceProfile;
	},
	body: Readable,
	maxBytes: number,
	signal: AbortSignal,
	outOfTime: () => Error,
): Promise<string> {
	try {
		return await readBody(body, maxBytes, signal);
	} catch (error) {
		if (error instanceof ResponseTooLarge) throw tooLarge(reader.fail, reader.profile, maxBytes);
		if (signal.aborted) throw outOfTime();
		throw reader.fail(
			{ code: socketErrorCode(error), broken: true },
			`${reader.profile.name} stopped sending the answer: the connection failed or timed out`,
		);
	}
}

/**
 * The kind of a failed call (errors.ts FailureKind), as n8n's poll scheduler reads it: from the
 * vendor's code when the profile knows it, else from the HTTP status; a connection that broke or a
 * call that ran out of time is "temporarily unavailable".
 */
function failureKindOf(
	profile: ServiceProfile,
	failure: AttemptFailure,
	request: VendorRequest,
	retryAfterMs?: number,
): FailureKind | undefined {
	const code = failure.code;
	const byCode =
		code === undefined || request.codeMessages?.[code] !== undefined
			? undefined
			: (profile.refusalCodes ?? []).includes(code)
				? 'rate-limited'
				: profile.retryableCodes.includes(code)
					? 'temporarily-unavailable'
					: profile.codeFailureCauses?.[code];
	const cause =
		byCode ??
		(failure.broken ? 'temporarily-unavailable' : failureCauseOfStatus(failure.httpCode)) ??
		(failure.unreadable ? 'configuration-invalid' : undefined);
	if (cause === undefined) return undefined;
	if (cause === 'rate-limited' && retryAfterMs !== undefined) return { cause, retryAfterMs };
	return { cause } as FailureKind;
}

/** Errors thrown because a call's time ran out (its own deadline, or its caller's `until`). */
const outOfTimeErrors = new WeakSet<Error>();

function markOutOfTime<E extends Error>(error: E): E {
	outOfTimeErrors.add(error);
	return error;
}

/** True for an error vendorRequest threw because the call's time ran out (nothing else failed). */
export function isOutOfTime(error: unknown): boolean {
	return error instanceof Error && outOfTimeErrors.has(error);
}

/** The call's time was up before anything was sent (its caller's budget, or pacing would wait past it). */
function outOfTimeBeforeSending(
	context: RequestContext,
	profile: ServiceProfile,
	itemIndex: number | undefined,
): NodeOperationError {
	return declareFailure(
		new NodeOperationError(
			context.getNode(),
			`The time for this request to ${profile.name} ran out before it could be sent`,
			{ description: 'Nothing was sent. The request is tried again later.', itemIndex },
		),
		{ cause: 'temporarily-unavailable' },
	);
}

async function wait(
	context: RequestContext,
	profile: ServiceProfile,
	ms: number,
	reason: string,
): Promise<void> {
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
	return (
		body !== null &&
		typeof body === 'object' &&
		typeof (body as BodyStream).on === 'function' &&
		typeof (body as BodyStream).destroy === 'function'
	);
}

function destroy(body: unknown): void {
	if (isStream(body)) body.destroy();
}

class ResponseTooLarge extends Error {
	constructor(readonly maxBytes: number) {
		super('too large');
	}
}

/** The work's result, unless `signal` aborts first (then a late result is handed to `onLate`). */
async function untilAborted<T>(
	work: Promise<T>,
	signal: AbortSignal,
	onLate: (late: T) => void,
): Promise<T> {
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
			if (size > maxBytes) return finish(new ResponseTooLarge(maxBytes));
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
		const current = pending.shift() as {
			code?: unknown;
			httpCode?: unknown;
			cause?: unknown;
			errorResponse?: unknown;
		} | null;
		if (!current || typeof current !== 'object') continue;
		for (const code of [current.code, current.httpCode]) {
			if (typeof code === 'string' && /^(E[A-Z]+|ERR_[A-Z_]+)$/.test(code)) return code;
		}
		pending.push(current.cause, current.errorResponse);
	}
	return undefined;
}
