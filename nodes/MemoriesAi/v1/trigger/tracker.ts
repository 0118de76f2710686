import type { Video } from './api';

/** Statuses that end processing. Anything else (UNPARSE, or a status the API may add) is "not done yet". */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['PARSE', 'FAILED']);

/**
 * Applies every observation of one poll, per video_no and in the order the answers arrived, so a
 * video seen several times (in the newest-first scan, in the UNPARSE list, in a re-read, twice on
 * shifted pages) is judged once on what was seen, and nothing is emitted twice.
 *
 * A video is *tracked* when its outcome is still to come: it was pending (UNPARSE) at the end of the
 * last poll or has been seen UNPARSE since, or it is appearing for the first time (new upload).
 * Rules:
 * - a tracked video observed in a final status (PARSE/FAILED) is an event when that status is
 *   selected, and stops being tracked (selected or not);
 * - any video observed in a non-final status becomes / stays tracked (this is how a FAILED video
 *   re-processed back to UNPARSE is picked up, so its next final status is a new event);
 * - a tracked video a re-read no longer finds was deleted: it stops being tracked, no event;
 * - an untracked video observed final (the library) is ignored.
 */
export class VideoTracker {
	/** video_no -> tracked. Absent = untracked. */
	private readonly tracked = new Set<string>();

	/** video_no -> sequence number of the request that last observed it. */
	private readonly lastSeen = new Map<string, number>();

	readonly events: Video[] = [];

	constructor(
		pending: Iterable<string>,
		private readonly selected: ReadonlySet<string>,
		/** false for the baseline: it learns what is pending but reports nothing. */
		private readonly emitEvents: boolean,
	) {
		for (const videoNo of pending) this.tracked.add(videoNo);
	}

	/**
	 * One sighting of `video` by request number `seq`. `firstAppearance`: the newest-first scan found
	 * it above the watermark for the first time, i.e. an upload this trigger has never seen.
	 */
	observe(video: Video, seq: number, firstAppearance = false): void {
		const videoNo = video.video_no;
		this.lastSeen.set(videoNo, seq);
		const wasTracked = this.tracked.has(videoNo) || firstAppearance;
		if (FINAL_STATUSES.has(video.status)) {
			if (wasTracked && this.emitEvents && this.selected.has(video.status)) this.events.push(video);
			this.tracked.delete(videoNo);
		} else {
			this.tracked.add(videoNo);
		}
	}

	/** A re-read by video_no did not return it: the video was deleted. */
	gone(videoNo: string, seq: number): void {
		this.lastSeen.set(videoNo, seq);
		this.tracked.delete(videoNo);
	}

	/** Tracked videos no request since `seq` has observed: their status now is unknown and must be re-read. */
	unseenSince(seq: number): string[] {
		return [...this.tracked].filter((videoNo) => (this.lastSeen.get(videoNo) ?? -1) < seq);
	}

	/** What is still pending: the next poll's starting point. */
	pending(): string[] {
		return [...this.tracked];
	}
}
