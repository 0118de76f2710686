/** One poll of the Memories.ai Trigger. Design, guarantees and limits: README.md in this folder. */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { declareFailure } from '../../../shared/errors';
import { nextPageRequest, type PageRequest } from '../../../shared/pagination';
import { isOutOfTime, withPolicy, type ServiceProfile } from '../../../shared/transport';
import { LIST_VIDEOS_PAGE_SIZE } from '../transport';
import { fetchVideoPage, type Video, type VideoPage } from './api';
import {
	hasAnyState,
	readState,
	writeState,
	type Cursor,
	type Gap,
	type TriggerState,
} from './state';
import { DOCUMENTED_STATUSES, VideoTracker } from './tracker';

/** list_videos maximum page size; also the most video_nos one re-read request carries. */
export const PAGE_SIZE = LIST_VIDEOS_PAGE_SIZE;

/**
 * Most FAILED videos watched for re-processing straight to PARSE: the most recent failures, re-read
 * together every poll in the request that re-reads finished pending videos (100 leaves room for 100
 * of those), kept in static data (about 2.3 KB).
 */
export const MAX_WATCHED_FAILED = 100;

/** A poll's time budget unless the trigger's options say otherwise: below n8n's 45 s poll timeout. */
export const DEFAULT_POLL_BUDGET_MS = 30_000;

/** A create_time further ahead of this machine's clock than this is "in the future" and moves no watermark. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** A pending video in an undocumented status is re-read for this long, then dropped with a warning. */
export const ODD_STATUS_MAX_AGE_MS = 7 * 86_400_000;

/** At most this many videos in undocumented statuses are kept pending (the oldest go first). */
export const MAX_ODD_STATUS_VIDEOS = 50;

/** Videos a seek for a gap starts above where it is expected, for videos deleted above it since. */
const SEEK_MARGIN = 40;

/**
 * Pages one list is read again in a poll because total_count dropped (deletions pulled videos up);
 * beyond, the poll stops there and keeps what it read, and the next poll goes on from there.
 */
const MAX_STEP_BACKS = 10;

export interface TriggerSettings {
	uniqueId: string;
	/** Selected final statuses (PARSE, FAILED). */
	statuses: ReadonlySet<string>;
	/** The poll's time budget: no request goes past it; what was read by then is kept. */
	budgetMs: number;
}

/** The poll stops here and keeps what it fully read: its budget ran out, or pages kept shifting. */
class CutShort extends Error {
	constructor(
		readonly why: 'time' | 'shifting',
		readonly reason?: unknown,
	) {
		super(why);
	}
}

/** A region of the newest-first list this poll must examine: above the watermark, or a gap below it. */
interface Region {
	/** Done once a page ends below this create_time. */
	from: number;
	/** The gap this region closes (undefined: the top, above the watermark). */
	gap?: Gap;
}

class PollRun {
	private readonly now = Date.now();

	/** No request starts after this; every request ends by it. */
	private readonly until: number;

	/** A request is not started with less than this left. */
	private readonly minRequestMs: number;

	/** create_time of every video observed this poll (for ties and gaps). */
	private readonly observed = new Map<string, number>();

	/** Videos judged new this poll (each is judged once). */
	private readonly judged = new Set<string>();

	/** Newest create_time the unfiltered list showed this poll, not counting videos dated in the future. */
	private maxSeen: number | null = null;

	private warnedFuture = false;

	/** Uploads found above the watermark by this poll's newest-first scan. */
	private newOnTop = 0;

	/** The videos on the first page of the newest-first scan, whose total_count the state keeps. */
	private countedWithTotal = new Set<string>();

	private firstTotal: number | undefined;

	/** The newest-first scan found the list out of order: a whole-list read follows. */
	private disorder = false;

	/** The top region (above the saved watermark) was read to its end. */
	private topDone = false;

	/** Where the unfinished top region stands: the last create_time read and the list position after it. */
	private topLow: { time: number; at: number } | undefined;

	/** The whole-list read began this poll, right after pages this poll read. */
	private wholeStartedNow = false;

	/** The UNPARSE pass ended this poll. */
	private passDone = false;

	requests = 0;

	pagesRead = 0;

	readonly tracker: VideoTracker;

	private readonly ties: ReadonlySet<string>;

	private readonly knownInGap = new Map<Gap, ReadonlySet<string>>();

	constructor(
		private readonly context: IPollFunctions,
		private readonly profile: ServiceProfile,
		private readonly settings: TriggerSettings,
		/** The saved state, copied: it becomes the next state as pages are read. */
		private readonly state: TriggerState,
		private readonly baseline: boolean,
	) {
		this.until = this.now + settings.budgetMs;
		this.minRequestMs = Math.min(1000, settings.budgetMs / 10);
		this.tracker = new VideoTracker(
			state.pending,
			state.unseen,
			state.failed ?? [],
			settings.statuses,
			!baseline && !state.learning,
		);
		this.ties = new Set(state.ties);
		for (const gap of state.gaps) this.knownInGap.set(gap, new Set(gap.known));
	}

	/** One request of the poll, inside its budget. */
	private async read(filter: IDataObject, at: PageRequest): Promise<VideoPage> {
		if (this.until - Date.now() < this.minRequestMs) throw new CutShort('time');
		this.requests++;
		// The transport's errors are n8n errors already, passed on as they are; only running out of the
		// poll's time becomes a cut.
		const outcome = await fetchVideoPage
			.call(
				this.context,
				this.profile,
				{ unique_id: this.settings.uniqueId, ...filter },
				at.page,
				at.size,
				this.until,
			)
			.then(
				(page) => ({ page }),
				(error: unknown) => ({ error }),
			);
		if ('error' in outcome)
			throw isOutOfTime(outcome.error) ? new CutShort('time', outcome.error) : outcome.error;
		const { page } = outcome;
		this.pagesRead++;
		for (const video of page.videos) this.observed.set(video.video_no, video.create_time);
		return page;
	}

	private warnFuture(video: Video): void {
		if (this.warnedFuture) return;
		this.warnedFuture = true;
		this.context.logger.warn(
			`Memories.ai Trigger: video ${video.video_no} is dated in the future (${new Date(video.create_time).toISOString()}); it does not move the point from which uploads count as new`,
			{ uniqueId: this.settings.uniqueId },
		);
	}

	/** True when `video` has not been examined by any poll: above the watermark, or in a gap. */
	private isNew(video: Video): boolean {
		if (this.baseline || this.state.learning || this.judged.has(video.video_no)) return false;
		const { watermark } = this.state;
		const time = video.create_time;
		if (watermark === null) return true;
		// Ties: videos at the watermark already examined, and any dated in the future (still listed).
		if (time >= watermark) return !this.ties.has(video.video_no);
		return this.state.gaps.some(
			(gap) => time >= gap.from && time <= gap.to && !this.knownInGap.get(gap)?.has(video.video_no),
		);
	}

	/**
	 * Judges one sighting from the unfiltered list, the only list that moves the watermark (a newer
	 * video seen in the UNPARSE list must not hide one uploaded just before it).
	 */
	private judge(video: Video): void {
		if (video.create_time > this.now + CLOCK_SKEW_MS) this.warnFuture(video);
		else if (this.maxSeen === null || video.create_time > this.maxSeen)
			this.maxSeen = video.create_time;
		const fresh = this.isNew(video);
		if (fresh) {
			this.judged.add(video.video_no);
			const { watermark } = this.state;
			if (watermark === null || video.create_time >= watermark) this.newOnTop++;
		}
		this.tracker.observe(video, fresh);
	}

	/** The whole poll: every phase in order, each resuming where the last poll left it. */
	async run(): Promise<void> {
		await this.readNewest();
		if (this.state.wholeAt !== null) await this.readWhole();
		if (this.state.learning) return;
		await this.readUnparse();
		if (this.state.failed === null) await this.learnFailed();
		// The baseline re-reads nothing: a video pending on its first page that finished since is an
		// event for the next poll.
		if (!this.baseline) await this.reRead();
	}

	/**
	 * (a) The newest-first list from the top: uploads above the watermark, then each gap an earlier
	 * poll left, sought near where it was left and proven reached (its first page starts above the
	 * gap, so in a list sorted newest first nothing unexamined lies before it). The baseline reads
	 * one page. Every page's order is checked; a list out of order starts a whole-list read.
	 */
	private async readNewest(): Promise<void> {
		const { state } = this;
		const regions: Region[] = [
			{
				from: this.baseline || state.learning ? Infinity : (state.watermark ?? -Infinity),
			},
			...state.gaps
				.filter((gap) => !gap.whole)
				.sort((a, b) => b.to - a.to)
				.map((gap) => ({ from: gap.from, gap })),
		];
		let at: PageRequest = { page: 1, size: PAGE_SIZE };
		/** Last page read in a run proven contiguous (from page 1 or from a proven seek). */
		let lastContiguous = 0;
		/** Pages 1 to lastContiguous were all read (no seek). */
		let fromTop = true;
		let previousTotal: number | undefined;
		let previousTime = Infinity;
		let stepBacks = 0;
		let furthest = 0;
		let entered = -1;
		const seen = new Set<string>();
		for (let index = 0; index < regions.length; ) {
			const region = regions[index];
			if (region.gap && entered < index) {
				entered = index;
				// Where the gap probably starts now: where it was left, pushed down by the uploads on top.
				const expected = region.gap.at + this.newOnTop - SEEK_MARGIN;
				const page = Math.floor(Math.max(0, expected) / at.size) + 1;
				if (page > at.page) at = { page, size: at.size };
			}
			const page = await this.read({}, at);
			if (at.page === 1) {
				this.firstTotal = page.total;
				this.countedWithTotal = new Set(page.videos.map((video) => video.video_no));
			}
			const sought = at.page !== lastContiguous + 1;
			if (sought) previousTime = Infinity;
			for (const video of page.videos) {
				// A video read before, met again, was pushed down by uploads: a shift, not disorder.
				if (!seen.has(video.video_no)) {
					if (video.create_time > previousTime && !this.disorder) this.foundDisorder(at.page);
					previousTime = video.create_time;
				}
				this.judge(video);
			}
			if (sought) {
				const first = page.videos[0];
				if (!first || !region.gap || first.create_time <= region.gap.to) {
					// Not proven above the gap: one page up (never above the last contiguous page).
					at = { page: Math.max(lastContiguous + 1, at.page - 1), size: at.size };
					if (at.page === lastContiguous + 1) previousTime = Infinity;
					continue;
				}
				fromTop = false;
			}
			// Deletions above pulled videos up between two pages: one may have slipped onto the page
			// before, so that page is read again first.
			if (
				!sought &&
				previousTotal !== undefined &&
				page.total !== undefined &&
				page.total < previousTotal &&
				at.page > 1
			) {
				// What this region has read up to the page before stays (leaveRegion): the rest is for the next poll.
				if (++stepBacks > MAX_STEP_BACKS) throw new CutShort('shifting');
				previousTotal = page.total;
				lastContiguous = at.page - 2;
				at = { page: at.page - 1, size: at.size };
				previousTime = Infinity;
				continue;
			}
			previousTotal = page.total;
			lastContiguous = at.page;
			const before = seen.size;
			for (const video of page.videos) seen.add(video.video_no);
			const forward = at.page > furthest;
			furthest = Math.max(furthest, at.page);
			if (page.videos.length >= at.size && seen.size === before && forward && at.page > 1) {
				throw new NodeOperationError(
					this.context.getNode(),
					'Memories.ai kept sending the same videos page after page',
					{
						description: `Page ${at.page} held only videos already listed. Nothing was recorded: the next poll reads the list again.`,
					},
				);
			}
			const position = (at.page - 1) * at.size + page.videos.length;
			const last = page.videos[page.videos.length - 1];
			const next = nextPageRequest(at, page.videos.length, page.total, seen.size, false);
			// Regions this page read to their end (the list ended, or it went below their start).
			while (
				index < regions.length &&
				(!next || (last !== undefined && last.create_time < regions[index].from))
			) {
				this.finishRegion(regions[index]);
				index++;
			}
			if (index < regions.length && last !== undefined)
				this.leaveRegion(regions[index], last.create_time, position);
			if (!next) break;
			at = next;
		}
		if (this.baseline || this.state.learning) {
			// A baseline on a list out of order reads the whole list (over several polls if need be)
			// to find the newest video before it reports anything.
			if (this.disorder && this.state.wholeAt === null) {
				this.state.learning = true;
				this.beginWholeRead(lastContiguous);
			}
			return;
		}
		// Cross-check of counts, free in steady state: the list cannot have grown by more than the new
		// videos found (`count` already includes the ties seen after it was taken). If it did, a new
		// video is hidden below the first page (the list is out of order): read the whole list.
		const { count } = this.state;
		if (
			!this.disorder &&
			this.topDone &&
			count !== null &&
			this.firstTotal !== undefined &&
			this.firstTotal > count + this.newOnTop
		) {
			this.context.logger.warn(
				`Memories.ai Trigger: the video list grew by ${this.firstTotal - count} but only ${this.newOnTop} new videos are on top, so the whole list is read (one request per 200 videos, over several polls if needed) to find the others`,
				{ uniqueId: this.settings.uniqueId },
			);
			this.startWholeRead(fromTop ? lastContiguous : 0);
		} else if (this.disorder) this.startWholeRead(fromTop ? lastContiguous : 0);
	}

	private foundDisorder(page: number): void {
		this.disorder = true;
		this.context.logger.warn(
			'Memories.ai Trigger: the video list is not sorted newest first as documented, so the whole list is read (one request per 200 videos, over several polls if needed) to miss nothing',
			{ uniqueId: this.settings.uniqueId, page },
		);
	}

	/** A region was read to its end: a gap is closed; the top is done. */
	private finishRegion(region: Region): void {
		if (!region.gap) {
			this.topDone = true;
			return;
		}
		this.state.gaps = this.state.gaps.filter((gap) => gap !== region.gap);
	}

	/** The poll may stop inside `region`: remember how far down it was read (to `time`, at `at`). */
	private leaveRegion(region: Region, time: number, at: number): void {
		if (!region.gap) {
			this.topLow = { time, at };
			return;
		}
		region.gap.to = Math.min(region.gap.to, time);
		region.gap.at = at;
	}

	/**
	 * The list was found out of order (or grew more than its top shows): every gap, and what this
	 * poll examined above the watermark, are examined again by reading every page.
	 */
	private startWholeRead(readUpTo: number): void {
		const { state } = this;
		this.topDone = true;
		// A whole read already under way runs to its end (else a list that stays out of order would
		// restart it every poll): what this poll examined waits for the next one.
		const inProgress = state.wholeAt !== null;
		if (!inProgress) for (const gap of state.gaps) gap.whole = true;
		if (state.watermark !== null && this.maxSeen !== null && this.maxSeen >= state.watermark) {
			const gap: Gap = {
				from: state.watermark,
				to: this.maxSeen,
				known: [...state.ties],
				at: 0,
				whole: inProgress ? 'next' : true,
			};
			this.knownInGap.set(gap, new Set(state.ties));
			state.gaps.push(gap);
		}
		if (!inProgress) this.beginWholeRead(readUpTo);
	}

	/** Pages 1 to `readUpTo` were just read without a gap: the whole read goes on after them. */
	private beginWholeRead(readUpTo: number): void {
		this.state.wholeAt = { page: readUpTo + 1, size: PAGE_SIZE };
		this.wholeStartedNow = true;
	}

	/**
	 * The whole list, page after page from where the last poll stopped (one page earlier, for videos
	 * pulled up by deletions since): judges every video against the watermark and every gap. At the
	 * end, the gaps it was started for are closed (and a baseline that found the list out of order is
	 * complete).
	 */
	private async readWhole(): Promise<void> {
		const { state } = this;
		const start = this.wholeStartedNow ? state.wholeAt : resumeAt(state.wholeAt);
		await this.walk({}, start ?? resumeAt(null), (page, next) => {
			for (const video of page.videos) this.judge(video);
			state.wholeAt = next ?? null;
		});
		state.gaps = state.gaps.filter((gap) => gap.whole !== true);
		// What polls found out of order while it ran is for a new whole read, from page 1.
		const queued = state.gaps.filter((gap) => gap.whole === 'next');
		for (const gap of queued) gap.whole = true;
		state.wholeAt = queued.length > 0 ? { page: 1, size: PAGE_SIZE } : null;
		state.learning = false;
	}

	/**
	 * (b) Everything UNPARSE now: what is pending, and older videos re-processed (FAILED → UNPARSE),
	 * whose next final status is a new event. A pass may span polls; it resumes one page early.
	 */
	private async readUnparse(): Promise<void> {
		const { state, tracker } = this;
		if (state.unparseAt === null) {
			// The pass is under way from here, even if this poll stops before its first page.
			tracker.startPass();
			state.unparseAt = { page: 1, size: PAGE_SIZE };
		}
		// Resumed one page early only, whatever the total did: videos finishing (anywhere in the list)
		// shrink it every poll, and going back by all of them would keep a large backlog from ever
		// being read to its end. A video pulled past the cursor is a pending one re-read in (c), or an
		// older one re-processed, which the next pass lists.
		const from = resumeAt(state.unparseAt);
		await this.walk({ status: 'UNPARSE' }, { page: from.page, size: from.size }, (page, next) => {
			for (const video of page.videos) tracker.observe(video);
			state.unparseAt = next ?? null;
		});
		state.unparseAt = null;
		this.passDone = true;
	}

	/** The most recent FAILED videos, to watch (first poll, or a state saved before they were watched). */
	private async learnFailed(): Promise<void> {
		const page = await this.read({ status: 'FAILED' }, { page: 1, size: MAX_WATCHED_FAILED });
		for (const video of page.videos) this.tracker.observe(video);
		this.state.failed = this.tracker.watchedFailed(MAX_WATCHED_FAILED);
	}

	/**
	 * Reads a filtered list from `start` to its end, page after page, handing each page to `onPage`
	 * with the page to resume from after it (undefined: the list ended). Pages can shift while they are
	 * read: when total_count drops between two pages, the page before is read again. The poll's
	 * budget, or pages that keep shifting, may end it early (CutShort): `onPage` has then recorded
	 * where to resume.
	 */
	private async walk(
		filter: IDataObject,
		start: Cursor,
		onPage: (page: VideoPage, next: Cursor | undefined) => void,
	): Promise<void> {
		// A read resumed from an earlier poll compares with the total it stopped at: videos deleted
		// since pulled the rest up, by as many pages as the total dropped.
		let previousTotal: number | undefined = start.total;
		let stepBacks = 0;
		let furthest = start.page;
		const seen = new Set<string>();
		for (let at: PageRequest | undefined = { page: start.page, size: start.size }; at; ) {
			const page = await this.read(filter, at);
			if (
				previousTotal !== undefined &&
				page.total !== undefined &&
				page.total < previousTotal &&
				at.page > 1
			) {
				if (++stepBacks > MAX_STEP_BACKS) throw new CutShort('shifting');
				const back = Math.ceil((previousTotal - page.total) / at.size);
				previousTotal = page.total;
				onPage(page, { ...at, total: page.total });
				at = { page: Math.max(1, at.page - back), size: at.size };
				continue;
			}
			previousTotal = page.total;
			const before = seen.size;
			for (const video of page.videos) seen.add(video.video_no);
			const forward = at.page > furthest;
			furthest = Math.max(furthest, at.page);
			if (page.videos.length >= at.size && seen.size === before && forward) {
				throw new NodeOperationError(
					this.context.getNode(),
					'Memories.ai kept sending the same videos page after page',
					{
						description: `Page ${at.page} held only videos already listed. Nothing was recorded: the next poll reads the list again.`,
					},
				);
			}
			at = nextPageRequest(at, page.videos.length, page.total, seen.size, false);
			onPage(page, at && { ...at, total: page.total });
		}
	}

	/**
	 * (c) Re-reads by video_no: the pending videos the finished UNPARSE pass did not list (finished,
	 * deleted, or slipped between pages), then the watched FAILED videos this poll has not seen.
	 */
	private async reRead(): Promise<void> {
		const { tracker } = this;
		const videoNos = [
			...(this.passDone ? tracker.unseenByCurrentPass() : []),
			...tracker.failedUnseen(),
		];
		for (let start = 0; start < videoNos.length; start += PAGE_SIZE) {
			const batch = videoNos.slice(start, start + PAGE_SIZE);
			const wanted = new Set(batch);
			const returned = new Set<string>();
			let ignored = false;
			// One request per batch; more only when the server caps its pages below what was asked.
			for (let at: PageRequest | undefined = { page: 1, size: PAGE_SIZE }; at; ) {
				const page = await this.read({ video_nos: batch }, at);
				if (page.videos.some((video) => !wanted.has(video.video_no))) {
					ignored = true;
					break;
				}
				const before = returned.size;
				for (const video of page.videos) {
					tracker.observe(video);
					returned.add(video.video_no);
				}
				const progressed = returned.size > before;
				at =
					progressed && returned.size < batch.length
						? nextPageRequest(at, page.videos.length, page.total, returned.size, true)
						: undefined;
			}
			if (ignored) {
				this.context.logger.warn(
					'Memories.ai Trigger: Memories.ai ignored the video_nos filter; re-reading pending videos one by one',
				);
				for (const videoNo of batch) await this.reReadOne(videoNo);
				continue;
			}
			// Absence from one answer is not deletion (it may have been cut short): a direct read decides.
			for (const videoNo of batch) if (!returned.has(videoNo)) await this.reReadOne(videoNo);
		}
	}

	private async reReadOne(videoNo: string): Promise<void> {
		const page = await this.read({ video_no: videoNo }, { page: 1, size: 1 });
		const match = page.videos.find((video) => video.video_no === videoNo);
		if (match) return this.tracker.observe(match);
		if (page.videos.length > 0) {
			throw new NodeOperationError(
				this.context.getNode(),
				'Memories.ai ignored the filter by video ID, so the trigger cannot check pending videos',
				{
					description: `Asked for video ${videoNo} and got another one. Nothing was recorded: the next poll tries again.`,
				},
			);
		}
		this.tracker.gone(videoNo);
	}

	/**
	 * The state after this poll, whether it finished or ran out of time: the watermark rises to the
	 * newest video examined; an unfinished top region becomes a gap; every gap knows the videos this
	 * poll examined in it.
	 */
	nextState(): TriggerState {
		const { state, tracker } = this;
		const previous = state.watermark;
		if (!this.topDone && this.topLow !== undefined && !state.learning && !this.baseline) {
			const gap: Gap = {
				// An account that had no videos: everything below is still to examine.
				from: previous ?? Number.MIN_SAFE_INTEGER,
				to: this.topLow.time,
				known: [...state.ties],
				at: this.topLow.at,
			};
			this.knownInGap.set(gap, new Set(state.ties));
			state.gaps.push(gap);
		}
		const watermark =
			previous === null || this.maxSeen === null
				? (previous ?? this.maxSeen)
				: Math.max(previous, this.maxSeen);
		const ties =
			watermark === null
				? []
				: [
						...new Set([
							...(watermark === previous ? state.ties : []),
							...[...this.observed]
								.filter(([, createTime]) => createTime >= watermark)
								.map(([videoNo]) => videoNo),
						]),
					];
		for (const gap of state.gaps) {
			const known = this.knownInGap.get(gap) ?? new Set(gap.known);
			gap.known = [
				...new Set([
					...[...known].filter((videoNo) => !this.observed.has(videoNo)),
					...[...this.observed]
						.filter(([, createTime]) => createTime >= gap.from && createTime <= gap.to)
						.map(([videoNo]) => videoNo),
				]),
			];
		}
		const count =
			this.firstTotal === undefined
				? state.count
				: this.firstTotal + ties.filter((videoNo) => !this.countedWithTotal.has(videoNo)).length;
		const odd = this.boundOddStatuses(state.odd);
		const { pending, unseen } = tracker.pending();
		return {
			...state,
			watermark,
			ties,
			count,
			pending,
			unseen,
			failed: state.failed === null ? null : tracker.watchedFailed(MAX_WATCHED_FAILED),
			odd,
		};
	}

	/**
	 * Pending videos in a status Memories.ai does not document (ERROR, CANCELLED, ...) may never
	 * finish: each is kept pending (re-read every poll) for ODD_STATUS_MAX_AGE_MS, at most
	 * MAX_ODD_STATUS_VIDEOS of them, with a warning when first seen and when dropped.
	 */
	private boundOddStatuses(saved: Record<string, number>): Record<string, number> {
		const { tracker } = this;
		const odd: Record<string, number> = {};
		for (const videoNo of tracker.pending().pending) {
			const status = tracker.lastStatus.get(videoNo);
			const since = saved[videoNo];
			if (status === undefined ? since === undefined : DOCUMENTED_STATUSES.has(status)) continue;
			if (since === undefined) {
				this.context.logger.warn(
					`Memories.ai Trigger: video ${videoNo} has the status "${status ?? ''}", which Memories.ai does not document; it is watched as pending for up to 7 days`,
					{ uniqueId: this.settings.uniqueId },
				);
			}
			odd[videoNo] = since ?? this.now;
		}
		const oldestFirst = Object.entries(odd).sort(([, a], [, b]) => a - b);
		oldestFirst.forEach(([videoNo, since], index) => {
			if (
				this.now - since <= ODD_STATUS_MAX_AGE_MS &&
				oldestFirst.length - index <= MAX_ODD_STATUS_VIDEOS
			)
				return;
			this.context.logger.warn(
				`Memories.ai Trigger: video ${videoNo} stayed in the undocumented status "${tracker.lastStatus.get(videoNo) ?? ''}" too long (or too many videos did); it is no longer watched`,
				{ uniqueId: this.settings.uniqueId },
			);
			tracker.forget(videoNo);
			delete odd[videoNo];
		});
		return odd;
	}
}

/** Where a read resumes: one page before the next unread one (videos may have moved up since), or page 1. */
function resumeAt(next: Cursor | null): Cursor {
	return next === null
		? { page: 1, size: PAGE_SIZE }
		: { ...next, page: Math.max(1, next.page - 1) };
}

/** The state a first poll starts from. */
function emptyState(uniqueId: string): TriggerState {
	return {
		v: 3,
		uniqueId,
		watermark: null,
		ties: [],
		count: null,
		gaps: [],
		wholeAt: null,
		learning: false,
		unparseAt: null,
		unseen: 0,
		pending: [],
		failed: null,
		odd: {},
	};
}

/**
 * An active workflow's poll: the events since the last poll (null when none). Every request ends
 * within the poll's budget; a poll that runs out of it keeps what it fully read (the state says where
 * each unfinished scan stands) and reports what it is certain of; the next poll resumes. A poll that
 * fails otherwise leaves the state untouched.
 */
export async function pollEvents(
	this: IPollFunctions,
	profile: ServiceProfile,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const saved = readState(staticData, MAX_WATCHED_FAILED);
	const baseline = saved === undefined || saved.uniqueId !== settings.uniqueId;
	if (baseline && hasAnyState(staticData)) {
		this.logger.info(
			'Memories.ai Trigger: the saved state belongs to another Unique ID or format; recording a new baseline',
		);
	}
	// A silent server must not hold the whole budget with one attempt: a third of it each.
	const pollProfile = withPolicy(profile, {
		timeoutMs: Math.min(profile.policy.timeoutMs, Math.floor(settings.budgetMs / 3)),
	});
	const run = new PollRun(
		this,
		pollProfile,
		settings,
		saved === undefined || baseline ? emptyState(settings.uniqueId) : saved,
		baseline,
	);
	const cut = await run.run().then(
		() => undefined,
		(error: unknown) => error,
	);
	if (cut !== undefined) {
		if (!(cut instanceof CutShort)) throw cut;
		// Nothing read at all: the service did not answer in time, an error n8n backs off from.
		if (run.pagesRead === 0) throw cut.reason ?? outOfBudget(this, settings);
		this.logger.info(
			cut.why === 'time'
				? `Memories.ai Trigger: this poll used its time budget of ${settings.budgetMs / 1000} s after ${run.requests} requests; it keeps what it read and the next poll goes on from there`
				: `Memories.ai Trigger: videos kept being deleted while this poll read the list; it keeps what it read and the next poll goes on from there`,
			{ uniqueId: settings.uniqueId },
		);
	}
	const state = run.nextState();
	// Only now, with every request answered, does the poll touch n8n's static data.
	writeState(staticData, state);
	const events = run.tracker.events;
	this.logger.debug('Memories.ai Trigger: poll done', {
		requests: run.requests,
		events: events.length,
		pending: state.pending.length,
		baseline,
		finished: cut === undefined,
	});
	if (events.length === 0) return null;
	const ordered = [...events].sort(
		(a, b) =>
			a.create_time - b.create_time ||
			(a.video_no < b.video_no ? -1 : a.video_no > b.video_no ? 1 : 0),
	);
	return [ordered.map((json) => ({ json }))];
}

function outOfBudget(context: IPollFunctions, settings: TriggerSettings): NodeOperationError {
	return declareFailure(
		new NodeOperationError(
			context.getNode(),
			`Memories.ai did not answer within this poll's time budget (${settings.budgetMs / 1000} s)`,
			{ description: 'Nothing was recorded: the next poll tries again.' },
		),
		{ cause: 'temporarily-unavailable' },
	);
}

/**
 * "Fetch Test Event": the newest video in a selected status, so users can map its fields. One
 * request per selected status; static data is neither read nor written.
 */
export async function fetchTestEvent(
	this: IPollFunctions,
	profile: ServiceProfile,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][]> {
	let newest: Video | undefined;
	for (const status of settings.statuses) {
		const page = await fetchVideoPage.call(
			this,
			profile,
			{ unique_id: settings.uniqueId, status },
			1,
			1,
		);
		const video = page.videos.find((candidate) => candidate.status === status);
		if (video && (newest === undefined || video.create_time > newest.create_time)) newest = video;
	}
	if (newest === undefined) {
		const wanted = [...settings.statuses]
			.map((status) => (status === 'PARSE' ? 'parsed' : 'failed'))
			.join(' or ');
		throw new NodeOperationError(
			this.getNode(),
			`No ${wanted} video found to use as a test event`,
			{
				description: `Memories.ai lists no ${wanted} video for Unique ID "${settings.uniqueId}". Upload a video and wait until it is processed, then fetch again.`,
			},
		);
	}
	return [[{ json: newest }]];
}
