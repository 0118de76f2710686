import type { Video } from './api';

/** Statuses that end processing. Anything else (UNPARSE, or a status the API may add) is "not done yet". */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['PARSE', 'FAILED']);

/** The statuses Memories.ai documents; any other is kept pending under the bounded rule in poll.ts. */
export const DOCUMENTED_STATUSES: ReadonlySet<string> = new Set(['PARSE', 'FAILED', 'UNPARSE']);

/**
 * Applies every observation of one poll, per video_no and in the order the answers arrived, so a
 * video seen several times (in the newest-first scan, in the UNPARSE list, in a re-read, twice on
 * shifted pages) is judged once on what was seen, and nothing is emitted twice.
 *
 * A video is *tracked* when its outcome is still to come: it was pending (UNPARSE) at the end of the
 * last poll or has been seen UNPARSE since, or it is appearing for the first time (new upload).
 * A video is *watched failed* when it was last seen FAILED. Rules:
 * - a tracked video observed in a final status (PARSE/FAILED) is an event when that status is
 *   selected, and stops being tracked (selected or not);
 * - a watched-failed video observed PARSE is an event when PARSE is selected (re-processed straight
 *   from FAILED to PARSE between two polls);
 * - every video observed FAILED becomes watched failed; observed in any other status, it is not;
 * - any video observed in a non-final status becomes / stays tracked (this is how a FAILED video
 *   re-processed back to UNPARSE is picked up, so its next final status is a new event);
 * - a video a direct read no longer finds was deleted: it stops being tracked and watched, no event;
 * - an untracked, unwatched video observed final (the library) is ignored.
 */
export class VideoTracker {
	/** Least recently observed first: a poll that runs out of time re-reads the longest unseen next time. */
	private readonly tracked = new Set<string>();

	/** Tracked videos the current UNPARSE pass has not observed (it may span several polls). */
	private unseenByPass = new Set<string>();

	/** Insertion order: longest known FAILED first. */
	private readonly failed = new Set<string>();

	/** video_nos observed this poll. */
	private readonly seen = new Set<string>();

	/** video_no -> status of the last observation (for the undocumented-status rule). */
	readonly lastStatus = new Map<string, string>();

	readonly events: Video[] = [];

	constructor(
		pending: readonly string[],
		/** How many of `pending`, from the start, the current UNPARSE pass has not observed. */
		unseen: number,
		failed: Iterable<string>,
		private readonly selected: ReadonlySet<string>,
		/** false for the baseline: it learns what is pending but reports nothing. */
		private readonly emitEvents: boolean,
	) {
		for (const videoNo of pending) this.tracked.add(videoNo);
		this.unseenByPass = new Set(pending.slice(0, unseen));
		for (const videoNo of failed) this.failed.add(videoNo);
	}

	/** A new UNPARSE pass starts: every tracked video is unseen by it. */
	startPass(): void {
		this.unseenByPass = new Set(this.tracked);
	}

	/** Tracked videos the current UNPARSE pass has not observed, longest unseen first: what is re-read. */
	unseenByCurrentPass(): string[] {
		return [...this.tracked].filter((videoNo) => this.unseenByPass.has(videoNo));
	}

	/**
	 * One sighting of `video` by request number `seq`. `firstAppearance`: the newest-first scan found
	 * it above the watermark for the first time, i.e. an upload this trigger has never seen.
	 */
	observe(video: Video, firstAppearance = false): void {
		const videoNo = video.video_no;
		this.seen.add(videoNo);
		this.unseenByPass.delete(videoNo);
		this.lastStatus.set(videoNo, video.status);
		const wasTracked = this.tracked.has(videoNo) || firstAppearance;
		const changed = wasTracked || (video.status === 'PARSE' && this.failed.has(videoNo));
		if (FINAL_STATUSES.has(video.status)) {
			if (changed && this.emitEvents && this.selected.has(video.status)) this.events.push(video);
			this.tracked.delete(videoNo);
			if (video.status === 'FAILED') this.failed.add(videoNo);
			else this.failed.delete(videoNo);
		} else {
			// To the back of the line: the least recently seen are re-read first.
			this.tracked.delete(videoNo);
			this.tracked.add(videoNo);
			this.failed.delete(videoNo);
		}
	}

	/** A direct read did not return it: the video was deleted. */
	gone(videoNo: string): void {
		this.seen.add(videoNo);
		this.unseenByPass.delete(videoNo);
		this.tracked.delete(videoNo);
		this.failed.delete(videoNo);
	}

	/** Stops tracking a pending video without an event (the undocumented-status bound). */
	forget(videoNo: string): void {
		this.tracked.delete(videoNo);
	}

	/** Watched-failed videos this poll has not observed yet. */
	failedUnseen(): string[] {
		return [...this.failed].filter((videoNo) => !this.seen.has(videoNo));
	}

	/** What is still pending, those the current UNPARSE pass has not seen first: the next poll's starting point. */
	pending(): { pending: string[]; unseen: number } {
		const unseen = this.unseenByCurrentPass();
		const rest = [...this.tracked].filter((videoNo) => !this.unseenByPass.has(videoNo));
		return { pending: [...unseen, ...rest], unseen: unseen.length };
	}

	/**
	 * The watched-failed videos, longest known first: at most `max` (the most recent failures), but
	 * one this poll has not read yet is kept beyond that (a poll that ran out of time must not drop a
	 * failure it never checked).
	 */
	watchedFailed(max: number): string[] {
		const all = [...this.failed];
		const overflow = all.length - max;
		return all.filter((videoNo, index) => index >= overflow || !this.seen.has(videoNo));
	}
}
