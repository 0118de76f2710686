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
	private readonly tracked = new Set<string>();

	/** Insertion order: longest known FAILED first. */
	private readonly failed = new Set<string>();

	/** video_no -> sequence number of the request that last observed it. */
	private readonly lastSeen = new Map<string, number>();

	/** video_no -> status of the last observation (for the undocumented-status rule). */
	readonly lastStatus = new Map<string, string>();

	readonly events: Video[] = [];

	constructor(
		pending: Iterable<string>,
		failed: Iterable<string>,
		private readonly selected: ReadonlySet<string>,
		/** false for the baseline: it learns what is pending but reports nothing. */
		private readonly emitEvents: boolean,
	) {
		for (const videoNo of pending) this.tracked.add(videoNo);
		for (const videoNo of failed) this.failed.add(videoNo);
	}

	/**
	 * One sighting of `video` by request number `seq`. `firstAppearance`: the newest-first scan found
	 * it above the watermark for the first time, i.e. an upload this trigger has never seen.
	 */
	observe(video: Video, seq: number, firstAppearance = false): void {
		const videoNo = video.video_no;
		this.lastSeen.set(videoNo, seq);
		this.lastStatus.set(videoNo, video.status);
		const wasTracked = this.tracked.has(videoNo) || firstAppearance;
		const changed = wasTracked || (video.status === 'PARSE' && this.failed.has(videoNo));
		if (FINAL_STATUSES.has(video.status)) {
			if (changed && this.emitEvents && this.selected.has(video.status)) this.events.push(video);
			this.tracked.delete(videoNo);
			if (video.status === 'FAILED') this.failed.add(videoNo);
			else this.failed.delete(videoNo);
		} else {
			this.tracked.add(videoNo);
			this.failed.delete(videoNo);
		}
	}

	/** A direct read did not return it: the video was deleted. */
	gone(videoNo: string, seq: number): void {
		this.lastSeen.set(videoNo, seq);
		this.tracked.delete(videoNo);
		this.failed.delete(videoNo);
	}

	/** Stops tracking a pending video without an event (the undocumented-status bound). */
	forget(videoNo: string): void {
		this.tracked.delete(videoNo);
	}

	/** Tracked videos no request since `seq` has observed: their status now is unknown and must be re-read. */
	unseenSince(seq: number): string[] {
		return [...this.tracked].filter((videoNo) => (this.lastSeen.get(videoNo) ?? -1) < seq);
	}

	/** Watched-failed videos this poll has not observed yet. */
	failedUnseen(): string[] {
		return [...this.failed].filter((videoNo) => !this.lastSeen.has(videoNo));
	}

	/** What is still pending: the next poll's starting point. */
	pending(): string[] {
		return [...this.tracked];
	}

	/** The watched-failed videos, longest known first, at most `max` (the most recent failures). */
	watchedFailed(max: number): string[] {
		const all = [...this.failed];
		return all.length > max ? all.slice(all.length - max) : all;
	}
}
