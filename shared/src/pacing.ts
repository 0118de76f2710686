import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

/**
 * The account a request counts against: the Base URL's origin (so `HTTP://Host/`, `http://host`
 * and `http://host/prefix` are one) and a hash of the key (the key itself is never kept).
 */
export function accountKey(origin: string, apiKey: string): string {
	return `${origin} ${createHash('sha256').update(apiKey).digest('hex')}`;
}

/** How the rate of an account adapts to refusals (AIMD, as TCP does with a shared link). */
export const ADAPTIVE_RATE = Object.freeze({
	/** A refusal multiplies the rate by this. */
	decrease: 0.7,
	/** Lowest rate, requests per second. */
	floor: 0.5,
	/**
	 * Without refusals the rate grows back by this many requests per second, each second. Every
	 * process grows at once, so this sets how soon the next refusal comes: 0.1 let 2 / 4 processes
	 * be refused 7.7% / 15.5% of the time in bench/, 0.05 about half as often; a growth that speeds
	 * up with the time since the refusal (×(1 + s/10)) measured 6.5% / 14.9%.
	 */
	recoveryPerSecond: 0.05,
});

/**
 * The rate one process paces an account to. Other processes (n8n queue-mode workers) spend the
 * same account's budget and are invisible here, so the server's refusals are the only signal: each
 * lowers the rate (ADAPTIVE_RATE), a Retry-After holds every request of the account until it has
 * passed, and without refusals the rate climbs back to the documented one. A burst of refusals of
 * requests sent before the last decrease lowers it once: they answer for the old rate.
 * Times are passed in (ms), so the rule is tested with a clock of the test's own.
 */
export class AdaptiveRate {
	/** Undefined while the documented rate holds (no refusal, or fully recovered). */
	private lowered: number | undefined;
	private recoveringSince = 0;
	private lastDecreaseAt = -Infinity;
	/** No request of the account is sent before this (Retry-After). */
	blockedUntil = 0;

	constructor(private readonly documented: number) {}

	current(now: number): number {
		if (this.lowered === undefined) return this.documented;
		const rate =
			this.lowered +
			(ADAPTIVE_RATE.recoveryPerSecond * Math.max(0, now - this.recoveringSince)) / 1000;
		if (rate < this.documented) return rate;
		this.lowered = undefined;
		return this.documented;
	}

	/**
	 * The server refused a request sent at `sentAt`, saying when to try again (`retryAfterMs`) or not,
	 * after accepting `acceptedLastSecond` of this process's requests in the second before: the rate
	 * drops to that if it is lower (what the server accepts from us), else by the decrease factor.
	 */
	refused(now: number, sentAt: number, retryAfterMs?: number, acceptedLastSecond = Infinity): void {
		if (retryAfterMs !== undefined)
			this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterMs);
		if (sentAt < this.lastDecreaseAt) return;
		this.lowered = Math.max(
			ADAPTIVE_RATE.floor,
			Math.min(acceptedLastSecond, this.current(now) * ADAPTIVE_RATE.decrease),
		);
		this.lastDecreaseAt = now;
		this.recoveringSince = Math.max(now, this.blockedUntil);
	}
}

/** Per account: when the server may have counted each recent request, recent warm round trips, the adaptive rate. */
interface AccountWindow {
	sends: Array<{ at: number; stretch: number }>;
	roundTrips: number[];
	rate: AdaptiveRate;
	/** Send time of the request whose answer settled last: the one noteRefusal is about. */
	lastSettledSentAt: number;
	/** When answers settled, and when refusals were noted, in the last second. */
	settledAt: number[];
	refusedAt: number[];
	/** Time of the last send: sends are spread at least MIN_GAP of a slot apart. */
	lastSendAt: number;
}

const accounts = new Map<string, AccountWindow>();

/** Round trips remembered to estimate the fastest one. */
const ROUND_TRIP_SAMPLES = 20;

/** Window length ± this share, per request, so that processes pacing one account do not fall into step. */
const JITTER = 0.05;

/**
 * Least gap between two sends, as a share of 1/rate: the window alone lets floor(rate) requests
 * go at once, and the bursts of several processes add up in the server's window.
 */
const MIN_GAP = 0.9;

/**
 * Sliding-window pacing per account: at most floor(rate) requests in any window of
 * 1000 ms × 1.05 (± JITTER), where rate is the documented rate as adapted to refusals
 * (AdaptiveRate, fed by noteRefusal). The server counts a request when it arrives, which can be
 * well after it was sent (a slow first connection, a busy event loop, a descheduled process), so a
 * request counts from when it was sent until its answer is in, then from (answer time − fastest
 * recent round trip) if that is later: an upper bound of when the server counted it. A request
 * after a pause (cold) counts from its answer. Measured in bench/: fixed 1/rate slots let 1–8 of
 * 500 requests be refused on a loaded machine; this window let none through. Sends are also
 * spread MIN_GAP of a slot apart, so concurrent pages (5 at a time) never go out as one burst.
 *
 * Call the returned function when the answer (or an error) arrives. Undefined when no slot comes
 * before `notAfter` (ms): the caller's time is up, and it sends nothing.
 */
export async function pace(
	requestsPerSecond: number | undefined,
	account: string,
	notAfter = Infinity,
): Promise<(() => void) | undefined> {
	if (!requestsPerSecond || !Number.isFinite(requestsPerSecond)) return () => {};
	let window = accounts.get(account);
	if (!window) {
		window = {
			sends: [],
			roundTrips: [],
			rate: new AdaptiveRate(requestsPerSecond),
			lastSettledSentAt: 0,
			settledAt: [],
			refusedAt: [],
			lastSendAt: 0,
		};
		accounts.set(account, window);
	}
	const current = window;
	const { sends, roundTrips, rate } = current;
	for (;;) {
		const now = Date.now();
		if (now >= notAfter) return undefined;
		if (now < rate.blockedUntil) {
			if (rate.blockedUntil >= notAfter) return undefined;
			await sleep(rate.blockedUntil - now);
			continue;
		}
		const perSecond = rate.current(now);
		const limit = Math.max(1, Math.floor(perSecond));
		const windowMs = ((1000 * limit) / perSecond) * 1.05;
		const endOf = (send: { at: number; stretch: number }) => send.at + windowMs * send.stretch;
		for (let i = sends.length - 1; i >= 0; i--) if (endOf(sends[i]) <= now) sends.splice(i, 1);
		const gapEnd =
			sends.length === 0
				? 0
				: current.lastSendAt + (1000 * MIN_GAP * sends[sends.length - 1].stretch) / perSecond;
		if (sends.length < limit && now >= gapEnd) {
			const cold = sends.length === 0;
			const entry = { at: now, stretch: 1 + (Math.random() * 2 - 1) * JITTER };
			sends.push(entry);
			current.lastSendAt = now;
			return () => {
				const done = Date.now();
				current.settledAt.push(done);
				withinLastSecond(current.settledAt, done);
				const fastest = cold || roundTrips.length === 0 ? 0 : Math.min(...roundTrips);
				entry.at = Math.max(entry.at, done - fastest);
				current.lastSettledSentAt = now;
				// A cold round trip includes connection set-up: it says nothing about the fastest one.
				if (!cold) {
					roundTrips.push(done - now);
					if (roundTrips.length > ROUND_TRIP_SAMPLES) roundTrips.shift();
				}
			};
		}
		const ends = sends.map(endOf).sort((a, b) => a - b);
		const slotAt = Math.max(gapEnd, sends.length < limit ? 0 : ends[sends.length - limit]);
		if (slotAt >= notAfter) return undefined;
		await sleep(slotAt - now);
	}
}

/**
 * The server refused the request of `account` that settled last (HTTP 429 or the vendor's rate-limit
 * code): lowers the account's rate and, with a Retry-After, holds every request of the account
 * (those waiting in pace() included) until it has passed. Call it right after that answer settled,
 * before awaiting anything. An account pace() never saw (pacing off) is left alone.
 */
export function noteRefusal(account: string, retryAfterMs?: number): void {
	const window = accounts.get(account);
	if (!window) return;
	const now = Date.now();
	window.refusedAt.push(now);
	const accepted =
		withinLastSecond(window.settledAt, now) - withinLastSecond(window.refusedAt, now);
	window.rate.refused(now, window.lastSettledSentAt, retryAfterMs, accepted);
}

/** Drops the times older than a second from `times` (oldest first); returns how many are left. */
function withinLastSecond(times: number[], now: number): number {
	while (times.length > 0 && times[0] <= now - 1000) times.shift();
	return times.length;
}
