import type { INodeProperties } from 'n8n-workflow';

/**
 * How hard a request is tried: retries of what is temporary (HTTP 429/5xx, resets and timeouts,
 * vendor codes marked transient; nothing else), how long to wait between attempts, the per-request
 * timeout, and whether requests are paced to the service's rate limit. Waiting itself happens in
 * transport.ts with n8n-workflow's `sleep`, never with timers.
 */
export interface RequestPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step; doubles on every retry. */
	baseDelayMs: number;
	/** Ceiling of one computed backoff step. */
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited out: the error is reported instead. */
	maxRetryAfterMs: number;
	/** Time limit of one attempt, from sending to the last byte of the answer (a trickle is cut off too). */
	timeoutMs: number;
	/** Time limit of one call, every attempt, redirect and wait included: a server can hold a workflow no longer. */
	deadlineMs: number;
	/** Largest answer read, after decompression; a bigger one is an error (a gzip bomb cannot fill the memory). */
	maxResponseBytes: number;
	/** Most pages one token-paginated listing follows (a server handing out fresh tokens forever). */
	maxPages: number;
	/** Pace requests to the service's documented rate limit (ServiceProfile.requestsPerSecond). */
	pacing: boolean;
	/**
	 * Adapt that pace to the server (pacing.ts AdaptiveRate): a refusal lowers the account's rate and
	 * its Retry-After holds every request of the account; the rate recovers gradually. Off: the
	 * documented rate always, only the refused request waits.
	 */
	adaptivePacing: boolean;
}

/**
 * What every user gets. The seam for tests and benchmarks is the node classes' constructor, which
 * takes overrides of these fields (n8n constructs nodes without arguments); nothing here is mutable.
 */
export const DEFAULT_REQUEST_POLICY: Readonly<RequestPolicy> = Object.freeze({
	maxRetries: 5,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
	timeoutMs: 30_000,
	deadlineMs: 120_000,
	maxResponseBytes: 32 * 1024 * 1024,
	maxPages: 1000,
	pacing: true,
	adaptivePacing: true,
});

export const RETRYABLE_HTTP_STATUSES = [429, 500, 502, 503, 504];

/** Error codes of Node's socket layer and axios that mean "the connection broke or timed out". */
export const RETRYABLE_NETWORK_CODES = [
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
];

/** Codes that mean the request never reached the server (nothing to look for after a failed write). */
export const UNSENT_NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many clients spread out. */
export function backoffDelay(
	retry: number,
	policy: Pick<RequestPolicy, 'baseDelayMs' | 'maxDelayMs'> = DEFAULT_REQUEST_POLICY,
	random = Math.random,
): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	return Math.round(step / 2 + (random() * step) / 2);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3). Returns milliseconds, or undefined. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The action nodes' Request Options → Time Limit: the deadline of each request (all its attempts and
 * waits). A top-level collection, so every operation shows it; read per item by `timeLimitOverride`.
 * Named apart from the "Options" of an operation (Video → Upload, Get), which sit in the same form.
 */
export const REQUEST_OPTIONS: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Time Limit (Seconds)',
			name: 'timeLimit',
			type: 'number',
			typeOptions: { minValue: 1 },
			// DEFAULT_REQUEST_POLICY.deadlineMs, as a literal for n8n's lint (test/nodes/shared/shared.test.ts checks they agree).
			default: 120,
			description:
				'Longest time one request to the service may take, retries and waits included, before the node stops with an error. Each attempt is also limited to 30 seconds.',
		},
	],
};

/**
 * The request-policy fields an item's Request Options set (nothing when Time Limit is unset or not a
 * positive number).
 */
export function timeLimitOverride(options: unknown): Partial<RequestPolicy> {
	const seconds = Number((options as { timeLimit?: unknown } | undefined)?.timeLimit);
	return Number.isFinite(seconds) && seconds > 0 ? { deadlineMs: seconds * 1000 } : {};
}
