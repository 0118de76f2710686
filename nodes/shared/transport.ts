import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { readVendorError, vendorError, type VendorFailure } from './errors';
import { pace } from './pacing';
import {
	backoffDelay,
	parseRetryAfter,
	RETRYABLE_HTTP_STATUSES,
	RETRYABLE_NETWORK_CODES,
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
}

/** Default rule: HTTP ≥ 400 is a failure, and the body says why. */
export function httpFailure(statusCode: number, body: unknown): VendorFailure | undefined {
	return statusCode >= 400 ? { httpCode: statusCode, ...readVendorError(body) } : undefined;
}

/**
 * Sends one request through n8n's authenticated request helper, retrying what is temporary (see
 * policy.ts) with backoff (honouring Retry-After), and turns any failure into a NodeApiError that
 * carries no secret. Returns the parsed JSON body (undefined for an empty body).
 */
export async function vendorRequest(
	this: RequestContext,
	profile: ServiceProfile,
	request: VendorRequest,
	itemIndex?: number,
): Promise<unknown> {
	const credentials = await this.getCredentials(profile.credentialType);
	const apiKey = String(credentials.apiKey ?? '');
	const baseUrl = String(credentials.baseUrl || profile.defaultBaseUrl).replace(/\/+$/, '');
	const fail = (failure: VendorFailure, message?: string) =>
		vendorError(this.getNode(), profile.name, failure, {
			codeMessages: profile.codeMessages,
			secrets: [apiKey],
			itemIndex,
			message,
		});

	const { policy } = profile;
	for (let retry = 0; ; retry++) {
		const settle = await pace(policy.pacing ? profile.requestsPerSecond : undefined, `${baseUrl}\n${apiKey}`);
		let response: { statusCode: number; headers: IDataObject; body: unknown };
		try {
			response = await this.helpers.httpRequestWithAuthentication.call(this, profile.credentialType, {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				body: request.body,
				qs: request.qs,
				json: true,
				// Text, so a malformed body is detected here instead of passed on as a string.
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: policy.timeoutMs,
			});
		} catch (error) {
			settle();
			// n8n's own errors before any request (e.g. no credential selected) are already plain (and
			// NodeOperationError's constructor hands such an error back unchanged).
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			// Anything else is replaced: n8n's wrapper keeps the request, API key included, as its cause.
			const code = socketErrorCode(error);
			if (code !== undefined && RETRYABLE_NETWORK_CODES.includes(code) && retry < policy.maxRetries) {
				await wait(this, profile, backoffDelay(retry, policy), `network error ${code}`);
				continue;
			}
			throw fail({ code }, `Could not reach ${profile.name}: the connection failed or timed out`);
		}

		settle();
		const parsed = parseJson(response.body);
		if (!parsed.ok) {
			throw fail(
				{ httpCode: response.statusCode, message: parsed.excerpt },
				`${profile.name} sent a response that is not valid JSON`,
			);
		}
		const failure = profile.failureOf(response.statusCode, parsed.value);
		if (failure === undefined) return parsed.value;

		const retryable =
			RETRYABLE_HTTP_STATUSES.includes(response.statusCode) ||
			(failure.code !== undefined && profile.retryableCodes.includes(failure.code));
		if (!retryable || retry >= policy.maxRetries) throw fail(failure);
		const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw fail(failure);
		await wait(this, profile, retryAfter ?? backoffDelay(retry, policy), `HTTP ${response.statusCode} ${failure.code ?? ''}`.trim());
	}
}

async function wait(context: RequestContext, profile: ServiceProfile, ms: number, reason: string): Promise<void> {
	context.logger.debug(`${profile.name}: retrying after ${reason} in ${ms} ms`);
	await sleep(ms);
}

function parseJson(body: unknown): { ok: true; value: unknown } | { ok: false; excerpt: string } {
	if (typeof body !== 'string') return { ok: true, value: body };
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch {
		return { ok: false, excerpt: body.slice(0, 120) };
	}
}

function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
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
