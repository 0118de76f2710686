/**
 * When and how long to wait before retrying a request (SPEC 6: 429/5xx, resets and timeouts,
 * vendor codes marked transient; nothing else). Waiting itself happens in transport.ts with
 * n8n-workflow's `sleep`, never with timers.
 */
export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step; doubles on every retry. */
	baseDelayMs: number;
	/** Ceiling of one computed backoff step. */
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited out: the error is reported instead. */
	maxRetryAfterMs: number;
	/** Per-request timeout handed to n8n's request helper. */
	timeoutMs: number;
}

/** The policy every node uses. Mutable so test suites can shorten the waits; the defaults are what users get. */
export const retryPolicy: RetryPolicy = {
	maxRetries: 5,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
	timeoutMs: 60_000,
};

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

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many clients spread out. */
export function backoffDelay(retry: number, policy: RetryPolicy = retryPolicy, random = Math.random): number {
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
