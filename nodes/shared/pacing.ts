import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

/**
 * The account a request counts against: the Base URL's origin (so `HTTP://Host/`, `http://host`
 * and `http://host/prefix` are one) and a hash of the key (the key itself is never kept).
 */
export function accountKey(origin: string, apiKey: string): string {
	return `${origin} ${createHash('sha256').update(apiKey).digest('hex')}`;
}

/** Per account: when the server may have counted each recent request, and recent warm round trips. */
interface AccountWindow {
	sends: Array<{ at: number }>;
	roundTrips: number[];
}

const accounts = new Map<string, AccountWindow>();

/** Round trips remembered to estimate the fastest one. */
const ROUND_TRIP_SAMPLES = 20;

/**
 * Sliding-window pacing per account: at most floor(rate) requests in any window of
 * 1000 ms × 1.05. The server counts a request when it arrives, which can be well after it was
 * sent (a slow first connection, a busy event loop, a descheduled process), so a request counts
 * from when it was sent until its answer is in, then from (answer time − fastest recent round
 * trip) if that is later: an upper bound of when the server counted it. A request after a pause
 * (cold) counts from its answer. Measured in bench/: fixed 1/rate slots let 1–8 of 500 requests
 * be refused on a loaded machine; this window let none through.
 *
 * Call the returned function when the answer (or an error) arrives.
 */
export async function pace(requestsPerSecond: number | undefined, account: string): Promise<() => void> {
	if (!requestsPerSecond || !Number.isFinite(requestsPerSecond)) return () => {};
	const limit = Math.max(1, Math.floor(requestsPerSecond));
	const windowMs = ((1000 * limit) / requestsPerSecond) * 1.05;
	let window = accounts.get(account);
	if (!window) accounts.set(account, (window = { sends: [], roundTrips: [] }));
	const { sends, roundTrips } = window;
	for (;;) {
		const now = Date.now();
		for (let i = sends.length - 1; i >= 0; i--) if (sends[i].at <= now - windowMs) sends.splice(i, 1);
		if (sends.length < limit) {
			const cold = sends.length === 0;
			const entry = { at: now };
			sends.push(entry);
			return () => {
				const done = Date.now();
				const fastest = cold || roundTrips.length === 0 ? 0 : Math.min(...roundTrips);
				entry.at = Math.max(entry.at, done - fastest);
				// A cold round trip includes connection set-up: it says nothing about the fastest one.
				if (!cold) {
					roundTrips.push(done - now);
					if (roundTrips.length > ROUND_TRIP_SAMPLES) roundTrips.shift();
				}
			};
		}
		const times = sends.map((send) => send.at).sort((a, b) => a - b);
		await sleep(times[sends.length - limit] + windowMs - now);
	}
}
