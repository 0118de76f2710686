/**
 * Shortens waits for the whole suite: backoff steps of milliseconds instead of seconds, and no
 * client-side pacing (the mock API has no rate limit unless a test turns it on). Tests about
 * retries, Retry-After or pacing restore `productionDefaults` for themselves.
 */
import { memoriesAi } from '../nodes/MemoriesAi/transport';
import { retryPolicy } from '../nodes/shared/retry';

export const productionDefaults = {
	retryPolicy: { ...retryPolicy },
	memoriesAiRequestsPerSecond: memoriesAi.requestsPerSecond,
};

Object.assign(retryPolicy, { baseDelayMs: 5, maxDelayMs: 40 });
memoriesAi.requestsPerSecond = undefined;
