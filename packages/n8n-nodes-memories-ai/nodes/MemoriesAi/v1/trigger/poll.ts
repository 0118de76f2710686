/** One poll of the Memories.ai Trigger. Design, guarantees and limits: README.md in this folder. */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ServiceProfile } from '../../../shared/transport';
import { nextPageRequest, type PageRequest } from '../../../shared/pagination';
import { LIST_VIDEOS_PAGE_SIZE, type VideoQuery } from '../transport';
import { fetchVideoPage, type Video, type VideoPage } from './api';
import { readState, hasAnyState, writeState, type TriggerState } from './state';
import { DOCUMENTED_STATUSES, VideoTracker } from './tracker';

type SavedState = NonNullable<ReturnType<typeof readState>>;

/** list_videos maximum page size; also the most video_nos one re-read request carries. */
export const PAGE_SIZE = LIST_VIDEOS_PAGE_SIZE;

/** Passes over a list whose pages shifted while being read, before giving up (a) or moving on (b). */
export const MAX_SCAN_PASSES = 3;

export interface TriggerSettings {
	uniqueId: string;
	/** Selected final statuses (PARSE, FAILED). */
	statuses: ReadonlySet<string>;
}

/** Outcome of one pass over a list. */
type PassOutcome = 'complete' | 'shifted';

/** Most FAILED videos watched for re-processing (5 re-read requests); beyond, the longest known go. */
export const MAX_WATCHED_FAILED = 1000;

/** Pages of the FAILED list read to learn which videos to watch (baseline). */
const FAILED_SCAN_PAGES = Math.ceil(MAX_WATCHED_FAILED / PAGE_SIZE);

/** A create_time further ahead of this machine's clock than this is "in the future" and moves no watermark. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** A pending video in an undocumented status is re-read for this long, then dropped with a warning. */
export const ODD_STATUS_MAX_AGE_MS = 7 * 86_400_000;

/** At most this many videos in undocumented statuses are kept pending (the oldest go first). */
export const MAX_ODD_STATUS_VIDEOS = 50;

class PollRun {
	/** Sequence number of the last request sent; observations are ordered by it. */
	private seq = 0;

	/** create_time of every video observed this poll (for the new ties set). */
	private readonly observed = new Map<string, number>();

	private readonly now = Date.now();

	/** Videos the newest-first scans of this poll have seen, and how many of them were new. */
	private readonly newestSeen = new Set<string>();

	private newCount = 0;

	/** The videos on the page the newest-first scan took its total_count from. */
	private countedWithTotal = new Set<string>();

	requests = 0;

	constructor(
		private readonly context: IPollFunctions,
		private readonly profile: ServiceProfile,
		private readonly settings: TriggerSettings,
	) {}

	private async page(
		filter: IDataObject,
		page: number,
		size: number,
	): Promise<{ page: VideoPage; seq: number }> {
		const query: VideoQuery = { unique_id: this.settings.uniqueId, ...filter };
		this.requests++;
		const seq = ++this.seq;
		const result = await fetchVideoPage.call(this.context, this.profile, query, page, size);
		for (const video of result.videos) this.observed.set(video.video_no, video.create_time);
		return { page: result, seq };
	}

	/**
	 * One pass over a filtered list, page after page, until its pages say it ended (never on
	 * total_count alone: a total that is too low must not cut the list short) or `onPage` says stop.
	 * 'shifted' when total_count dropped between pages (deletions pulled items up, one could have
	 * fallen between two pages).
	 */
	private async walk(
		filter: IDataObject,
		onPage: (page: VideoPage, seq: number, pageNo: number) => 'stop' | undefined,
		maxPages = Infinity,
	): Promise<PassOutcome> {
		let previousTotal: number | undefined;
		let shifted = false;
		const seen = new Set<string>();
		for (
			let at: PageRequest | undefined = { page: 1, size: PAGE_SIZE }, count = 0;
			at && count < maxPages;
			count++
		) {
			const { page, seq } = await this.page(filter, at.page, at.size);
			if (previousTotal !== undefined && page.total !== undefined && page.total < previousTotal)
				shifted = true;
			previousTotal = page.total;
			const before = seen.size;
			for (const video of page.videos) seen.add(video.video_no);
			if (page.videos.length >= at.size && seen.size === before) {
				throw new NodeOperationError(
					this.context.getNode(),
					'Memories.ai kept sending the same videos page after page',
					{
						description: `Page ${at.page} held only videos already listed. Nothing was recorded: the next poll reads the list again.`,
					},
				);
			}
			if (onPage(page, seq, at.page) === 'stop') break;
			at = nextPageRequest(at, page.videos.length, page.total, seen.size, false);
		}
		return shifted ? 'shifted' : 'complete';
	}

	/** First poll: where the list starts now, what is pending and what is FAILED. Reports nothing. */
	async baseline(): Promise<TriggerState> {
		const tracker = new VideoTracker([], [], this.settings.statuses, false);
		const top = await this.scanNewest(tracker, null, new Set(), true);
		// Videos seen UNPARSE on the newest page but missing from the UNPARSE list stay pending:
		// the next poll re-reads them (and reports them if they finished meanwhile).
		await this.scanStatus(tracker, 'UNPARSE');
		await this.scanStatus(tracker, 'FAILED', FAILED_SCAN_PAGES);
		return this.nextState(top.maxSeen, top.total ?? null, tracker, {});
	}

	/** Every later poll: the events since the saved state, and the state to save. */
	async steady(saved: SavedState): Promise<{ state: TriggerState; events: Video[] }> {
		const tracker = new VideoTracker(
			saved.pending,
			saved.failed ?? [],
			this.settings.statuses,
			true,
		);
		const ties = new Set(saved.ties);
		let top = await this.scanNewest(tracker, saved.watermark, ties, false);
		// Cross-check of counts, free in steady state: the list cannot have grown by more than the new
		// videos found (`count` already includes the ties seen after it was taken). If it did, a new
		// video is hidden below the first page (the list is out of order): read the whole list.
		if (saved.count !== null && top.total !== undefined && top.total > saved.count + top.newCount) {
			this.context.logger.warn(
				`Memories.ai Trigger: the video list grew by ${top.total - saved.count} but only ${top.newCount} new videos are on top, so this poll reads the whole list (one request per 200 videos) to find the others`,
				{ uniqueId: this.settings.uniqueId },
			);
			const whole = await this.scanNewest(tracker, saved.watermark, ties, false, true);
			top = { ...whole, maxSeen: Math.max(whole.maxSeen ?? -Infinity, top.maxSeen ?? -Infinity) };
			if (top.maxSeen === -Infinity) top.maxSeen = null;
		}
		const pendingPassStart = await this.scanStatus(tracker, 'UNPARSE');
		// A state saved before FAILED videos were watched: learn them now, without reporting.
		if (saved.failed === undefined) await this.scanStatus(tracker, 'FAILED', FAILED_SCAN_PAGES);
		await this.reRead(tracker, [
			...tracker.unseenSince(pendingPassStart),
			...tracker.failedUnseen(),
		]);
		const odd = this.boundOddStatuses(tracker, saved.odd);
		// The watermark never moves down (deleting the newest videos must not make older ones "new").
		const watermark =
			saved.watermark === null || top.maxSeen === null
				? (saved.watermark ?? top.maxSeen)
				: Math.max(saved.watermark, top.maxSeen);
		return {
			state: this.nextState(watermark, top.total ?? null, tracker, odd),
			events: tracker.events,
		};
	}

	/**
	 * The state after this poll: ties are all videos seen at or above the watermark (from any
	 * request); `count` is the list's total_count plus the ties that were not on the page it came
	 * with (seen later, perhaps uploaded after it: the next poll does not count them as new).
	 */
	private nextState(
		watermark: number | null,
		total: number | null,
		tracker: VideoTracker,
		odd: Record<string, number>,
	): TriggerState {
		const ties =
			watermark === null
				? []
				: [...this.observed]
						.filter(([, createTime]) => createTime >= watermark)
						.map(([videoNo]) => videoNo);
		const count =
			total === null
				? null
				: total + ties.filter((videoNo) => !this.countedWithTotal.has(videoNo)).length;
		const failed = tracker.watchedFailed(MAX_WATCHED_FAILED);
		return {
			v: 2,
			uniqueId: this.settings.uniqueId,
			watermark,
			ties,
			count,
			pending: tracker.pending(),
			failed,
			odd,
		};
	}

	/**
	 * (a) Newest first until a page ends below `watermark` (baseline: until a page ends below the
	 * newest video, i.e. one page). Returns the newest create_time seen, not counting videos dated in
	 * the future (one such video must not hide every later upload), the list's total_count on the
	 * first page of the last pass, and how many new videos this poll found.
	 */
	private async scanNewest(
		tracker: VideoTracker,
		watermark: number | null,
		ties: ReadonlySet<string>,
		baseline: boolean,
		readWhole = false,
	): Promise<{ maxSeen: number | null; total: number | undefined; newCount: number }> {
		const seen = this.newestSeen;
		let maxSeen: number | null = null;
		let total: number | undefined;
		const isNew = (video: Video) =>
			!baseline &&
			(watermark === null || video.create_time >= watermark) &&
			!ties.has(video.video_no);
		const stopBelow = () => (baseline ? maxSeen : watermark) ?? -Infinity;
		let warnedFuture = false;

		// Once the order is found broken, every later page and pass reads the whole list.
		let wholeList = readWhole;
		const pass = async (): Promise<PassOutcome> => {
			let previousTime = Infinity;
			return await this.walk({}, (page, seq, pageNo) => {
				if (pageNo === 1) {
					total = page.total;
					this.countedWithTotal = new Set(page.videos.map((video) => video.video_no));
				}
				for (const video of page.videos) {
					if (!wholeList && video.create_time > previousTime) {
						wholeList = true;
						this.context.logger.warn(
							'Memories.ai Trigger: the video list is not sorted newest first as documented, so this poll reads the whole list (one request per 200 videos) to miss nothing',
							{ uniqueId: this.settings.uniqueId, page: pageNo },
						);
					}
					previousTime = video.create_time;
					const firstAppearance = !seen.has(video.video_no) && isNew(video);
					if (firstAppearance) this.newCount++;
					tracker.observe(video, seq, firstAppearance);
					seen.add(video.video_no);
					if (video.create_time > this.now + CLOCK_SKEW_MS) {
						if (!warnedFuture) {
							warnedFuture = true;
							this.context.logger.warn(
								`Memories.ai Trigger: video ${video.video_no} is dated in the future (${new Date(video.create_time).toISOString()}); it does not move the point from which uploads count as new`,
								{ uniqueId: this.settings.uniqueId },
							);
						}
					} else if (maxSeen === null || video.create_time > maxSeen) maxSeen = video.create_time;
				}
				const last = page.videos[page.videos.length - 1];
				return last && !wholeList && last.create_time < stopBelow() ? 'stop' : undefined;
			});
		};

		for (let passNo = 1; passNo <= MAX_SCAN_PASSES; passNo++) {
			if ((await pass()) === 'complete') return { maxSeen, total, newCount: this.newCount };
			this.context.logger.debug(
				'Memories.ai Trigger: videos were deleted while the list was read; reading it again',
			);
		}
		throw new NodeOperationError(
			this.context.getNode(),
			'The Memories.ai video list kept changing while the trigger read it',
			{
				description:
					'Videos were deleted while the list was being read, so a new video could have slipped between two pages. Nothing was recorded: the next poll reads the list again.',
			},
		);
	}

	/**
	 * (b) Everything in `status` now (at most `maxPages` pages). Returns the sequence number where
	 * the last pass started.
	 */
	private async scanStatus(
		tracker: VideoTracker,
		status: string,
		maxPages = Infinity,
	): Promise<number> {
		for (let passNo = 1; ; passNo++) {
			const passStart = this.seq + 1;
			const outcome = await this.walk(
				{ status },
				(page, seq) => {
					for (const video of page.videos) tracker.observe(video, seq);
					return undefined;
				},
				maxPages,
			);
			if (outcome === 'complete') return passStart;
			if (passNo >= MAX_SCAN_PASSES) {
				this.context.logger.warn(
					`Memories.ai Trigger: the list of ${status} videos kept changing while it was read; a video re-processed just now may be noticed one poll later`,
					{ uniqueId: this.settings.uniqueId },
				);
				return passStart;
			}
		}
	}

	/** (c) Re-reads tracked and watched-failed videos by video_no to learn what became of them. */
	private async reRead(tracker: VideoTracker, videoNos: string[]): Promise<void> {
		for (let start = 0; start < videoNos.length; start += PAGE_SIZE) {
			const batch = videoNos.slice(start, start + PAGE_SIZE);
			const wanted = new Set(batch);
			const returned = new Set<string>();
			let ignored = false;
			// One request per batch; more only when the server caps its pages below what was asked.
			for (let at: PageRequest | undefined = { page: 1, size: PAGE_SIZE }; at; ) {
				const { page, seq } = await this.page({ video_nos: batch }, at.page, at.size);
				if (page.videos.some((video) => !wanted.has(video.video_no))) {
					ignored = true;
					break;
				}
				const before = returned.size;
				for (const video of page.videos) {
					tracker.observe(video, seq);
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
				for (const videoNo of batch) await this.reReadOne(tracker, videoNo);
				continue;
			}
			// Absence from one answer is not deletion (it may have been cut short): a direct read decides.
			for (const videoNo of batch)
				if (!returned.has(videoNo)) await this.reReadOne(tracker, videoNo);
		}
	}

	private async reReadOne(tracker: VideoTracker, videoNo: string): Promise<void> {
		const { page, seq } = await this.page({ video_no: videoNo }, 1, 1);
		const match = page.videos.find((video) => video.video_no === videoNo);
		if (match) return tracker.observe(match, seq);
		if (page.videos.length > 0) {
			throw new NodeOperationError(
				this.context.getNode(),
				'Memories.ai ignored the filter by video ID, so the trigger cannot check pending videos',
				{
					description: `Asked for video ${videoNo} and got another one. Nothing was recorded: the next poll tries again.`,
				},
			);
		}
		tracker.gone(videoNo, seq);
	}

	/**
	 * Pending videos in a status Memories.ai does not document (ERROR, CANCELLED, ...) may never
	 * finish: each is kept pending (re-read every poll) for ODD_STATUS_MAX_AGE_MS, at most
	 * MAX_ODD_STATUS_VIDEOS of them, with a warning when first seen and when dropped.
	 */
	private boundOddStatuses(
		tracker: VideoTracker,
		saved: Record<string, number>,
	): Record<string, number> {
		const odd: Record<string, number> = {};
		for (const videoNo of tracker.pending()) {
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

/** An active workflow's poll: the events since the last poll (null when none), state saved on success. */
export async function pollEvents(
	this: IPollFunctions,
	profile: ServiceProfile,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const saved = readState(staticData);
	const run = new PollRun(this, profile, settings);

	let state: TriggerState;
	let events: Video[] = [];
	const baseline = saved === undefined || saved.uniqueId !== settings.uniqueId;
	if (saved !== undefined && !baseline) {
		({ state, events } = await run.steady(saved));
	} else {
		if (hasAnyState(staticData)) {
			this.logger.info(
				'Memories.ai Trigger: the saved state belongs to another Unique ID or format; recording a new baseline',
			);
		}
		state = await run.baseline();
	}

	// Only now, with every request answered, does the poll touch n8n's static data.
	writeState(staticData, state);
	this.logger.debug('Memories.ai Trigger: poll done', {
		requests: run.requests,
		events: events.length,
		pending: state.pending.length,
		baseline,
	});
	if (events.length === 0) return null;
	const ordered = [...events].sort(
		(a, b) =>
			a.create_time - b.create_time ||
			(a.video_no < b.video_no ? -1 : a.video_no > b.video_no ? 1 : 0),
	);
	return [ordered.map((json) => ({ json }))];
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
