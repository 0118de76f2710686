/**
 * Randomized soak, 20 seeds a run: per seed 36 polls (two triggers with different Trigger On, 15
 * rounds; plus baselines and a quiet end) over a mock library whose videos are uploaded, finish, fail,
 * are re-processed (FAILED/PARSE -> UNPARSE -> final again, and FAILED -> PARSE straight between two
 * polls) and deleted at random, between polls and while a poll is reading pages (aimed at page
 * boundaries), with injected faults (failed polls), a server that misbehaves for whole polls (pages
 * capped at 100, pages larger than asked, total_count under-reported, a video left out of a video_nos
 * answer), the legacy wire format switched on and off, and node restarts. Half the seeds give each
 * poll a time budget of 60-400 ms against a server answering in 2 ms and now and then not at all, so
 * polls stop early and the next ones go on: no poll may outlast its budget, and one that stopped
 * early must have kept something. The union of emitted items must equal the set of real transitions
 * exactly, and what the triggers hold as pending must be what is pending.
 *
 * "Real transition" is what a poller can see (a status that lasts less than one poll interval is
 * invisible to polling by nature; see nodes/MemoriesAi/v1/trigger/README.md). So the world changes a video
 * only once a complete poll of every trigger (see isComplete) has started since its last change, with two safe
 * exceptions: a video that is UNPARSE may be deleted any time (no transition can be lost), and an
 * upload never seen yet may finish (it then first appears final, which is a transition too).
 *
 * Seeds are printed; replay a failure with SOAK_SEED=<seed> npx jest test/nodes/MemoriesAi/v1/trigger/soak
 */
import type { IDataObject } from 'n8n-workflow';

import { report, testSetting } from '../../../../../../../testbed/harness';
import {
	createMockApi,
	type FaultSpec,
	type MockApi,
	type MockVideo,
} from '../../../../../../../testbed/mock-api';
import { TriggerSession, eventKey } from './session';

/** 20 seeds a run (SOAK_SEED replays one; SOAK_SEEDS=n runs n). */
const SEEDS = testSetting('SOAK_SEED')
	? [Number(testSetting('SOAK_SEED'))]
	: Array.from({ length: Number(testSetting('SOAK_SEEDS') ?? 20) }, () =>
			Math.floor(Math.random() * 2 ** 31),
		);
const ROUNDS = 15;

/** mulberry32: small, seedable, deterministic. */
function rngFrom(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		chance: (p: number) => next() < p,
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
		digits: (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join(''),
	};
}

const FATAL: FaultSpec[] = [
	{ type: 'http', status: 500, times: 6 },
	{ type: 'http', status: 502, times: 6 },
	{ type: 'code', code: '0429', times: 6 },
	{ type: 'code', code: '0001', times: 6 },
	{ type: 'malformed', times: 1 },
	{ type: 'reset', times: 6 },
	{
		type: 'malformed',
		body: '{"code":"0000","success":true,"data":{"videos":null,"total_count":0}}',
		times: 1,
	},
];
const TRANSIENT: FaultSpec[] = [
	{ type: 'http', status: 503, times: 2 },
	{ type: 'http', status: 429, retryAfter: 0, times: 1 },
	{ type: 'code', code: '0429', times: 3 },
	{ type: 'reset', times: 1 },
];
const PARSE_SPELLINGS = ['PARSE', 'PARSE', 'PARSE', 'DONE', 'parse'];
const FAILED_SPELLINGS = ['FAILED', 'FAILED', 'FAIL', 'PARSE_ERROR', 'failed'];
const CANONICAL: Record<string, string> = {
	PARSE: 'PARSE',
	DONE: 'PARSE',
	UNPARSE: 'UNPARSE',
	FAILED: 'FAILED',
	FAIL: 'FAILED',
	PARSE_ERROR: 'FAILED',
};
const canonical = (status: string) => CANONICAL[status.toUpperCase()] ?? status.toUpperCase();

/**
 * A poll that stopped early (its budget, pages that kept shifting) keeps what it read and leaves
 * the rest to the next poll: it has not seen everything that was there, so it does not count as the
 * poll that makes a change visible. Complete: an UNPARSE pass that began and ended in it, no gap and
 * no whole-list read left.
 */
const isComplete = (state: IDataObject, passOpenBefore: unknown) =>
	(passOpenBefore ?? null) === null &&
	state.unparseAt === null &&
	state.wholeAt === null &&
	(state.gaps as unknown[]).length === 0;

interface Trigger {
	name: string;
	parameters: IDataObject;
	session: TriggerSession;
	/** Start tick of this trigger's last successful poll. */
	lastGoodStart: number;
	emitted: string[];
	accepts: (status: string) => boolean;
}

/**
 * How the server misbehaves for one whole poll (applied to every list request of it): pages capped
 * below what was asked, pages larger than asked, total_count under-reported, a video left out of one
 * video_nos answer. The trigger must still see everything that is there.
 */
const SERVER_MODES = [
	'cooperative',
	'cooperative',
	'capped',
	'oversized',
	'lowTotal',
	'leavesOneOut',
] as const;
type ServerMode = (typeof SERVER_MODES)[number];

let mock: MockApi;
afterEach(async () => await mock?.close());

it.each(SEEDS)('the union of emitted items equals the real transitions (seed %i)', async (SEED) => {
	report(
		`soak seed ${SEED} (replay: SOAK_SEED=${SEED} npx jest -c testbed/jest/unit.config.js packages/n8n-nodes-memories-ai/test/nodes/MemoriesAi/v1/trigger/soak)`,
	);
	const rng = rngFrom(SEED);
	mock = await createMockApi({ videos: 600, seed: SEED });
	// Half the seeds run with a small time budget per poll and a slow, sometimes silent server, so
	// polls stop early and the next ones go on from where they stopped.
	const budgeted = rng.chance(0.5);
	if (budgeted) mock.options.latencyMs = 2;

	const triggers: Trigger[] = [
		{ name: 'both', parameters: { triggerOn: ['PARSE', 'FAILED'] }, accepts: () => true },
		{ name: 'parsed', parameters: { triggerOn: ['PARSE'] }, accepts: (s: string) => s === 'PARSE' },
	].map((t) => ({
		...t,
		session: new TriggerSession(mock, t.parameters),
		lastGoodStart: 0,
		emitted: [],
	}));

	// ---- the world, and what really happened in it ----
	let tick = 0;
	const changedAt = new Map<string, number>();
	const transitions: string[] = [];
	const counts = {
		polls: 0,
		failedPolls: 0,
		uploads: 0,
		finished: 0,
		reprocessed: 0,
		failedToParse: 0,
		deleted: 0,
		restarts: 0,
		midPoll: 0,
		misbehaving: 0,
		cutShort: 0,
		silent: 0,
	};
	const mayChange = (videoNo: string) =>
		(changedAt.get(videoNo) ?? -1) < Math.min(...triggers.map((t) => t.lastGoodStart));
	const mark = (videoNo: string) => {
		changedAt.set(videoNo, tick);
		freshUploads.delete(videoNo);
	};
	/** Uploaded UNPARSE and not changed since: finishing it is visible (it first appears final). */
	const freshUploads = new Set<string>();
	const isPending = (v: MockVideo) => canonical(String(v.status)) === 'UNPARSE';
	// Deleting a video that is UNPARSE now cannot hide a transition; finishing one never seen is a first appearance.
	const mayDelete = (v: MockVideo) => mayChange(v.video_no) || isPending(v);
	const mayFinish = (v: MockVideo) =>
		isPending(v) && (mayChange(v.video_no) || freshUploads.has(v.video_no));
	const finalStatus = () =>
		rng.chance(0.7) ? rng.pick(PARSE_SPELLINGS) : rng.pick(FAILED_SPELLINGS);

	/** Newest create_time the library ever held: a deleted newest video may have been seen. */
	let newestEver = mock.memories.videos[0]?.create_time ?? 0;
	const upload = (status: string, tie = false) => {
		const input: Parameters<MockApi['memories']['addVideo']>[0] = { status };
		const newest = mock.memories.videos[0]?.create_time;
		// A tie shares the millisecond of the newest video; one below a deleted newer video would be an
		// upload dated before videos already listed (late indexing), which polling cannot see final.
		if (tie && newest !== undefined && newest >= newestEver) {
			input.create_time = newest;
			input.video_no = `VI5${rng.digits(17)}`;
			if (mock.memories.get(input.video_no)) return;
		}
		const video = mock.memories.addVideo(input);
		newestEver = Math.max(newestEver, video.create_time);
		mark(video.video_no);
		if (canonical(status) === 'UNPARSE') freshUploads.add(video.video_no);
		counts.uploads++;
		if (canonical(status) !== 'UNPARSE') transitions.push(`${video.video_no}:${canonical(status)}`);
	};
	const randomVideo = (filter: (v: MockVideo) => boolean): MockVideo | undefined => {
		const videos = mock.memories.videos;
		for (let attempt = 0; attempt < 40 && videos.length > 0; attempt++) {
			// Half the picks among the newest 300, half anywhere (deep in the library).
			const index = rng.chance(0.5)
				? rng.int(0, Math.min(299, videos.length - 1))
				: rng.int(0, videos.length - 1);
			const video = videos[index];
			if (filter(video)) return video;
		}
		return undefined;
	};
	const pendingVideos = () =>
		mock.memories.videos.filter((v) => canonical(String(v.status)) === 'UNPARSE');
	/** Finishes one pending video; `pool` (pending, allowed to change) saves rescanning the library per pick. */
	const finish = (pool = pendingVideos().filter(mayFinish)) => {
		if (pool.length === 0) return;
		const [video] = pool.splice(rng.int(0, pool.length - 1), 1);
		const status = finalStatus();
		mock.memories.setStatus(video.video_no, status);
		mark(video.video_no);
		counts.finished++;
		transitions.push(`${video.video_no}:${canonical(status)}`);
	};
	/**
	 * FAILED → PARSE straight (no UNPARSE phase a poll could see) is a transition the trigger promises
	 * only for the failures it watches (the MAX_WATCHED_FAILED most recent): those in every trigger's state.
	 */
	const watchedByAll = (video: MockVideo) =>
		triggers.every((t) =>
			((t.session.state().failed as string[] | null) ?? []).includes(video.video_no),
		);
	/** `straight`: FAILED → PARSE without UNPARSE may happen (not mid-poll: a failure the poll drops from its window then is not watched any more). */
	const reprocess = (straight = true) => {
		const video = randomVideo((v) => !isPending(v) && mayChange(v.video_no));
		if (!video) return;
		if (
			straight &&
			canonical(String(video.status)) === 'FAILED' &&
			watchedByAll(video) &&
			rng.chance(0.4)
		) {
			// Re-processed straight to PARSE between two polls: its UNPARSE phase was never seen.
			const status = rng.pick(PARSE_SPELLINGS);
			mock.memories.setStatus(video.video_no, status);
			mark(video.video_no);
			counts.failedToParse++;
			transitions.push(`${video.video_no}:PARSE`);
			return;
		}
		mock.memories.setStatus(video.video_no, rng.chance(0.8) ? 'UNPARSE' : 'unparse');
		mark(video.video_no);
		counts.reprocessed++;
	};
	const reprocessFailed = () => {
		const failed = mock.memories.videos.filter(
			(v) => canonical(String(v.status)) === 'FAILED' && mayChange(v.video_no) && watchedByAll(v),
		);
		if (failed.length === 0) return;
		const video = failed[rng.int(0, failed.length - 1)];
		mock.memories.setStatus(video.video_no, rng.pick(PARSE_SPELLINGS));
		mark(video.video_no);
		counts.failedToParse++;
		transitions.push(`${video.video_no}:PARSE`);
	};
	const remove = (nearTop = false) => {
		const videos = mock.memories.videos;
		// Near the top: where page boundaries of the newest-first scan fall after a burst of uploads.
		const video = nearTop
			? videos.slice(0, 450).filter(mayDelete).at(rng.int(0, 449))
			: randomVideo(mayDelete);
		if (!video) return;
		mock.memories.deleteVideo(video.video_no);
		counts.deleted++;
	};

	// ---- during a poll: uploads and deletions shift the pages being read; faults ----
	let inFlight = false;
	let requestNo = 0;
	let faultAt = 0;
	let fault: FaultSpec | undefined;
	/** The request of this poll the server never answers (in time), if any. */
	let silentAt = 0;
	let serverMode: ServerMode = 'cooperative';
	let leftOut = false;
	/** Per list (unfiltered, by status, re-reads), how much this poll's total_count is under-reported. */
	const underReport = new Map<string, number>();
	/** This request's answer as the misbehaving server sends it (queued as the request's own answer). */
	const misbehave = (list: {
		page?: number;
		size?: number;
		status?: string;
		video_nos?: string[];
	}) => {
		type Answer = { data?: { videos?: Array<{ video_no: string }>; total_count?: unknown } };
		const size = list.size ?? 20;
		let answer: Answer;
		if (serverMode === 'capped' && size > 100)
			answer = mock.memories.listVideos({ ...list, size: 100 }) as Answer;
		else if (serverMode === 'oversized' && !list.video_nos) {
			answer = mock.memories.listVideos(list) as Answer;
			const next = mock.memories.listVideos({ ...list, page: (list.page ?? 1) + 1 }) as Answer;
			if (answer.data?.videos && answer.data.videos.length === size)
				answer.data.videos.push(...(next.data?.videos ?? []).slice(0, 50));
		} else answer = mock.memories.listVideos(list) as Answer;
		if (!answer.data?.videos) return;
		// Under-reported by the same amount all poll long, at most half the first total seen, so it
		// never bottoms out at 0 and still drops when videos are deleted (a count that stops following
		// deletions is a documented limit of polling: trigger/README.md, "What polling cannot see").
		if (serverMode === 'lowTotal') {
			const total = Number(answer.data.total_count);
			const key = list.video_nos ? 'video_nos' : (list.status ?? '');
			if (!underReport.has(key))
				underReport.set(key, Math.min(rng.int(1, 250), Math.floor(total / 2)));
			answer.data.total_count = Math.max(0, total - (underReport.get(key) ?? 0));
		}
		if (
			serverMode === 'leavesOneOut' &&
			list.video_nos &&
			!leftOut &&
			answer.data.videos.length > 0
		) {
			leftOut = true;
			answer.data.videos.splice(rng.int(0, answer.data.videos.length - 1), 1);
			answer.data.total_count = answer.data.videos.length;
		}
		counts.misbehaving++;
		mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: JSON.stringify(answer),
			times: 1,
		});
	};
	mock.onRequest(({ body }) => {
		if (!inFlight) return;
		requestNo++;
		if (fault && requestNo === faultAt)
			mock.fault({ service: 'memoriesAi', ...fault } as FaultSpec);
		if (requestNo === silentAt) {
			counts.silent++;
			mock.fault({ service: 'memoriesAi', type: 'latency', ms: 5000, times: 1 });
		}
		// Aim at page boundaries: while page >= 2 of a list is fetched, videos above it disappear from that list.
		const list = body as { page?: number; status?: string; video_nos?: unknown };
		const page = list.page ?? 1;
		if (page >= 2 && !list.video_nos && rng.chance(0.5)) {
			counts.midPoll++;
			const above = (list.status ? pendingVideos() : mock.memories.videos.slice()).slice(
				0,
				(page - 1) * 200,
			);
			for (let i = rng.int(1, 4); i > 0; i--) {
				const video = above.at(rng.int(0, above.length - 1));
				if (!video) continue;
				if (list.status && mayFinish(video) && rng.chance(0.5)) finish([video]);
				else if (!mayDelete(video)) continue;
				else {
					mock.memories.deleteVideo(video.video_no);
					counts.deleted++;
				}
				above.splice(above.indexOf(video), 1);
			}
		}
		if (rng.chance(0.35)) {
			counts.midPoll++;
			const roll = rng.next();
			if (roll < 0.35) upload(rng.chance(0.75) ? 'UNPARSE' : finalStatus());
			else if (roll < 0.7) for (let i = rng.int(1, 6); i > 0; i--) remove(rng.chance(0.8));
			else if (roll < 0.9) finish();
			else reprocess(false);
		}
		// After the world changed, so the edited answer is what the server holds now.
		if (serverMode !== 'cooperative' && mock.pendingFaults.length === 0)
			misbehave(body as Parameters<typeof misbehave>[0]);
	});

	const pollOnce = async (trigger: Trigger, withFaults: boolean) => {
		tick++;
		counts.polls++;
		const start = tick;
		requestNo = 0;
		fault = undefined;
		if (withFaults && rng.chance(0.25)) {
			fault = rng.chance(0.6) ? rng.pick(FATAL) : rng.pick(TRANSIENT);
			faultAt = rng.int(1, 5);
		}
		const budgetMs = budgeted && withFaults ? rng.int(60, 400) : 30_000;
		trigger.session.parameters.options = { timeBudget: budgetMs / 1000 };
		silentAt = budgeted && withFaults && rng.chance(0.15) ? rng.int(1, 8) : 0;
		const before = trigger.session.snapshot();
		serverMode = withFaults ? rng.pick(SERVER_MODES) : 'cooperative';
		leftOut = false;
		underReport.clear();
		inFlight = withFaults;
		const startedAt = Date.now();
		try {
			const passOpen = trigger.session.state().unparseAt;
			const stateBefore = JSON.stringify(trigger.session.state());
			const items = await trigger.session.poll();
			trigger.emitted.push(...items.map(eventKey));
			const complete = isComplete(trigger.session.state(), passOpen);
			if (complete) trigger.lastGoodStart = start;
			else {
				counts.cutShort++;
				// A poll that stopped early made progress: what it read is kept.
				expect(JSON.stringify(trigger.session.state())).not.toEqual(stateBefore);
			}
		} catch (error) {
			counts.failedPolls++;
			// A failed poll leaves the trigger's state exactly as it was.
			expect(trigger.session.snapshot()).toEqual(before);
			expect((error as Error).message).toBeTruthy();
		} finally {
			inFlight = false;
			mock.clearFaults();
		}
		// Every poll ends within its budget (plus the time to build the state after the last answer).
		expect(Date.now() - startedAt).toBeLessThan(budgetMs + 500);
	};

	// ---- run ----
	for (const trigger of triggers) await pollOnce(trigger, false); // baselines
	for (let round = 0; round < ROUNDS; round++) {
		mock.options.legacy = rng.chance(0.2);
		const actions = rng.int(0, 10);
		for (let i = 0; i < actions; i++) {
			const roll = rng.next();
			if (roll < 0.45) upload(rng.chance(0.7) ? 'UNPARSE' : finalStatus(), rng.chance(0.1));
			else if (roll < 0.65) reprocess();
			else if (roll < 0.75) reprocessFailed();
			else remove();
		}
		// Processing keeps up with the backlog, so pending hovers around 100-300 (crossing one page now and then).
		const pool = pendingVideos().filter(mayFinish);
		for (let i = rng.int(0, Math.ceil(pool.length / 5)); i > 0; i--) finish(pool);
		// Bursts: the newest-first scan needs several pages, whose boundaries the mid-poll deletions hit.
		if (rng.chance(0.15))
			for (let i = rng.int(150, 450); i > 0; i--)
				upload(rng.chance(0.75) ? 'UNPARSE' : finalStatus());
		if (rng.chance(0.02)) for (let i = 0; i < 120; i++) reprocess();
		if (rng.chance(0.03)) {
			// n8n restarts: a new node instance with the static data it had.
			const trigger = rng.pick(triggers);
			trigger.session = new TriggerSession(
				mock,
				trigger.parameters,
				JSON.parse(JSON.stringify(trigger.session.staticData)) as IDataObject,
			);
			counts.restarts++;
		}
		for (const trigger of triggers) await pollOnce(trigger, true);
	}
	// Quiet end: everything still to be reported is reported now (polls that stopped early finish).
	mock.options.legacy = false;
	mock.options.latencyMs = 0;
	for (let i = 0; i < 2; i++) for (const trigger of triggers) await pollOnce(trigger, false);

	const sorted = (list: string[]) => [...list].sort();
	report(
		`soak seed ${SEED}: ${transitions.length} transitions, ${mock.requests.length} requests, ` +
			`${JSON.stringify(counts)}, pending now ${pendingVideos().length}, videos ${mock.memories.videos.length}`,
	);
	for (const trigger of triggers) {
		expect(sorted(trigger.emitted)).toEqual(
			sorted(transitions.filter((key) => trigger.accepts(key.split(':')[1]))),
		);
		expect([...(trigger.session.state().pending as string[])].sort()).toEqual(
			pendingVideos()
				.map((v) => v.video_no)
				.sort(),
		);
		// O(pending + watched FAILED): about 25 bytes per video_no.
		const watched = pendingVideos().length + (trigger.session.state().failed as string[]).length;
		expect(JSON.stringify(trigger.session.staticData).length).toBeLessThan(30 * watched + 400);
	}
	expect(counts.polls).toBe(2 * ROUNDS + 6);
	expect(counts.failedToParse).toBeGreaterThan(0);
	expect(counts.misbehaving).toBeGreaterThan(0);
	// A floor of activity, not of correctness: the quietest of 300 seeds made 45 transitions.
	expect(transitions.length).toBeGreaterThan(30);
});
