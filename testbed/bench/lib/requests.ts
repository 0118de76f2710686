/**
 * Summaries of the mock API's request log (`/__admin/requests`): how many list requests a run made,
 * how many the rate limiter refused, and the largest burst in any one-second window.
 */

/** The fields of a mock request record (testbed/mock-api MockRequestRecord) the summaries read. */
export interface RequestRecordLike {
	at: number;
	status: number | null;
	code?: string;
	limited?: boolean;
}

export interface RequestSummary {
	total: number;
	/** Answered by the qps limiter (Memories.ai code 0429). */
	limited: number;
	/** Neither limited nor a success (HTTP status other than 200, or a business code other than 0000). */
	failed: number;
	ok: number;
	firstAt: number | null;
	lastAt: number | null;
	/** Most requests that arrived within any 1,000 ms (the limiter's view). */
	maxIn1s: number;
}

export function summarize(requests: readonly RequestRecordLike[]): RequestSummary {
	const limited = requests.filter((r) => r.limited).length;
	const failed = requests.filter(
		(r) => !r.limited && (r.status !== 200 || (r.code !== undefined && r.code !== '0000')),
	).length;
	const at = requests.map((r) => r.at);
	return {
		total: requests.length,
		limited,
		failed,
		ok: requests.length - limited - failed,
		firstAt: at.length ? Math.min(...at) : null,
		lastAt: at.length ? Math.max(...at) : null,
		maxIn1s: maxInWindow(at, 1000),
	};
}

/** Largest number of requests that arrived within any window of `ms`. */
export function maxInWindow(times: readonly number[], ms: number): number {
	const t = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < t.length; i++) {
		while (t[i] - t[j] >= ms) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}
