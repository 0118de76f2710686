/** One poll of the Memories.ai Trigger. Design, guarantees and limits: README.md in this folder. */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ServiceProfile } from '../../../shared/transport';
import { LIST_VIDEOS_PAGE_SIZE, type VideoQuery } from '../transport';
import { fetchVideoPage, type Video, type VideoPage } from './api';
import { readState, hasAnyState, writeState, type TriggerState } from './state';
import { VideoTracker } from './tracker';

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

class PollRun {
	/** Sequence number of the last request sent; observations are ordered by it. */
	private seq = 0;

	/** create_time of every video observed this poll (for the new ties set). */
	private readonly observed = new Map<string, number>();

	requests = 0;

	constructor(
		private readonly context: IPollFunctions,
		private readonly profile: ServiceProfile,
		private readonly settings: TriggerSettings,
	) {}

	private async page(filter: IDataObject, page: number, size: number): Promise<{ page: VideoPage; seq: number }> {
		const query: VideoQuery = { unique_id: this.settings.uniqueId, ...filter };
		this.requests++;
		const seq = ++this.seq;
		const result = await fetchVideoPage.call(this.context, this.profile, query, page, size);
		for (const video of result.videos) this.observed.set(video.video_no, video.create_time);
		return { page: result, seq };
	}

	/** First poll: where the list starts now and what is pending. Reports nothing. */
	async baseline(): Promise<TriggerState> {
		const tracker = new VideoTracker([], this.settings.statuses, false);
		const top = await this.scanNewest(tracker, null, new Set(), true);
		// Videos seen UNPARSE on the newest page but missing from the UNPARSE list stay pending:
		// the next poll re-reads them (and reports them if they finished meanwhile).
		await this.scanPending(tracker);
		return this.nextState(top.maxSeen, tracker);
	}

	/** Every later poll: the events since the saved state, and the state to save. */
	async steady(saved: TriggerState): Promise<{ state: TriggerState; events: Video[] }> {
		const tracker = new VideoTracker(saved.pending, this.settings.statuses, true);
		const top = await this.scanNewest(tracker, saved.watermark, new Set(saved.ties), false);
		const pendingPassStart = await this.scanPending(tracker);
		await this.reRead(tracker, tracker.unseenSince(pendingPassStart));
		// The watermark never moves down (deleting the newest videos must not make older ones "new").
		const watermark =
			saved.watermark === null || top.maxSeen === null
				? (saved.watermark ?? top.maxSeen)
				: Math.max(saved.watermark, top.maxSeen);
		return { state: this.nextState(watermark, tracker), events: tracker.events };
	}

	/** The state after this poll: ties are all videos seen at or above the watermark (from any request). */
	private nextState(watermark: number | null, tracker: VideoTracker): TriggerState {
		const ties =
			watermark === null
				? []
				: [...this.observed].filter(([, createTime]) => createTime >= watermark).map(([videoNo]) => videoNo);
		return { v: 1, uniqueId: this.settings.uniqueId, watermark, ties, pending: tracker.pending() };
	}

	/**
	 * (a) Newest first until a page ends below `watermark` (baseline: until a page ends below the
	 * newest video, i.e. one page). Returns the newest create_time seen.
	 */
	private async scanNewest(
		tracker: VideoTracker,
		watermark: number | null,
		ties: ReadonlySet<string>,
		baseline: boolean,
	): Promise<{ maxSeen: number | null }> {
		const seen = new Set<string>();
		let maxSeen: number | null = null;
		const isNew = (video: Video) =>
			!baseline && (watermark === null || video.create_time >= watermark) && !ties.has(video.video_no);
		const stopBelow = () => (baseline ? maxSeen : watermark) ?? -Infinity;

		// Once the order is found broken, every later page and pass reads the whole list.
		let wholeList = false;
		const pass = async (): Promise<PassOutcome> => {
			let previousTotal: number | undefined;
			let previousTime = Infinity;
			let shifted = false;
			for (let pageNo = 1; ; pageNo++) {
				const { page, seq } = await this.page({}, pageNo, PAGE_SIZE);
				if (previousTotal !== undefined && page.total < previousTotal) shifted = true;
				previousTotal = page.total;
				for (const video of page.videos) {
					if (!wholeList && video.create_time > previousTime) {
						wholeList = true;
						this.context.logger.warn(
							'Memories.ai Trigger: the video list is not sorted newest first as documented, so this poll reads the whole list (one request per 200 videos) to miss nothing',
							{ uniqueId: this.settings.uniqueId, page: pageNo },
						);
					}
					previousTime = video.create_time;
					tracker.observe(video, seq, !seen.has(video.video_no) && isNew(video));
					seen.add(video.video_no);
					if (maxSeen === null || video.create_time > maxSeen) maxSeen = video.create_time;
				}
				const last = page.videos[page.videos.length - 1];
				const endOfList = page.videos.length < PAGE_SIZE || pageNo * PAGE_SIZE >= page.total;
				if (endOfList || (!wholeList && last.create_time < stopBelow())) return shifted ? 'shifted' : 'complete';
			}
		};

		for (let passNo = 1; passNo <= MAX_SCAN_PASSES; passNo++) {
			if ((await pass()) === 'complete') return { maxSeen };
			this.context.logger.debug('Memories.ai Trigger: videos were deleted while the list was read; reading it again');
		}
		throw new NodeOperationError(this.context.getNode(), 'The Memories.ai video list kept changing while the trigger read it', {
			description:
				'Videos were deleted while the list was being read, so a new video could have slipped between two pages. Nothing was recorded: the next poll reads the list again.',
		});
	}

	/** (b) Everything UNPARSE now. Returns the sequence number where the last pass started. */
	private async scanPending(tracker: VideoTracker): Promise<number> {
		for (let passNo = 1; ; passNo++) {
			const passStart = this.seq + 1;
			let previousTotal: number | undefined;
			let shifted = false;
			for (let pageNo = 1; ; pageNo++) {
				const { page, seq } = await this.page({ status: 'UNPARSE' }, pageNo, PAGE_SIZE);
				if (previousTotal !== undefined && page.total < previousTotal) shifted = true;
				previousTotal = page.total;
				for (const video of page.videos) tracker.observe(video, seq);
				if (page.videos.length < PAGE_SIZE || pageNo * PAGE_SIZE >= page.total) break;
			}
			if (!shifted) return passStart;
			if (passNo >= MAX_SCAN_PASSES) {
				this.context.logger.warn(
					'Memories.ai Trigger: the list of pending videos kept changing while it was read; a video re-processed just now may be noticed one poll later',
					{ uniqueId: this.settings.uniqueId },
				);
				return passStart;
			}
		}
	}

	/** (c) Re-reads tracked videos by video_no to learn what became of them. */
	private async reRead(tracker: VideoTracker, videoNos: string[]): Promise<void> {
		for (let start = 0; start < videoNos.length; start += PAGE_SIZE) {
			const batch = videoNos.slice(start, start + PAGE_SIZE);
			const { page, seq } = await this.page({ video_nos: batch }, 1, PAGE_SIZE);
			const wanted = new Set(batch);
			if (page.videos.some((video) => !wanted.has(video.video_no))) {
				this.context.logger.warn(
					'Memories.ai Trigger: Memories.ai ignored the video_nos filter; re-reading pending videos one by one',
				);
				for (const videoNo of batch) await this.reReadOne(tracker, videoNo);
				continue;
			}
			for (const video of page.videos) tracker.observe(video, seq);
			const returned = new Set(page.videos.map((video) => video.video_no));
			const missing = batch.filter((videoNo) => !returned.has(videoNo));
			if (page.total > page.videos.length) {
				// The answer was cut short: absence proves nothing, ask for the rest one by one.
				for (const videoNo of missing) await this.reReadOne(tracker, videoNo);
			} else {
				for (const videoNo of missing) tracker.gone(videoNo, seq);
			}
		}
	}

	private async reReadOne(tracker: VideoTracker, videoNo: string): Promise<void> {
		const { page, seq } = await this.page({ video_no: videoNo }, 1, 1);
		const match = page.videos.find((video) => video.video_no === videoNo);
		if (match) return tracker.observe(match, seq);
		if (page.videos.length > 0) {
			throw new NodeOperationError(this.context.getNode(), 'Memories.ai ignored the filter by video ID, so the trigger cannot check pending videos', {
				description: `Asked for video ${videoNo} and got another one. Nothing was recorded: the next poll tries again.`,
			});
		}
		tracker.gone(videoNo, seq);
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
			this.logger.info('Memories.ai Trigger: the saved state belongs to another Unique ID or format; recording a new baseline');
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
		(a, b) => a.create_time - b.create_time || (a.video_no < b.video_no ? -1 : a.video_no > b.video_no ? 1 : 0),
	);
	return [ordered.map((json) => ({ json }))];
}

/**
 * "Fetch Test Event": the newest video in a selected status, so users can map its fields. One
 * request per selected status; static data is neither read nor written.
 */
export async function fetchTestEvent(this: IPollFunctions, profile: ServiceProfile, settings: TriggerSettings): Promise<INodeExecutionData[][]> {
	let newest: Video | undefined;
	for (const status of settings.statuses) {
		const page = await fetchVideoPage.call(this, profile, { unique_id: settings.uniqueId, status }, 1, 1);
		const video = page.videos.find((candidate) => candidate.status === status);
		if (video && (newest === undefined || video.create_time > newest.create_time)) newest = video;
	}
	if (newest === undefined) {
		const wanted = [...settings.statuses].map((status) => (status === 'PARSE' ? 'parsed' : 'failed')).join(' or ');
		throw new NodeOperationError(this.getNode(), `No ${wanted} video found to use as a test event`, {
			description: `Memories.ai lists no ${wanted} video for Unique ID "${settings.uniqueId}". Upload a video and wait until it is processed, then fetch again.`,
		});
	}
	return [[{ json: newest }]];
}
