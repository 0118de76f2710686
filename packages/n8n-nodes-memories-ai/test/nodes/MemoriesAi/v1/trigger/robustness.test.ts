/**
 * Memories.ai Trigger under adverse conditions, in n8n-core's real PollContext against the mock API:
 * pages shifting under uploads and deletions, polls failing midway, n8n restarts, an API that breaks
 * its documented ordering or ignores a filter, overlapping polls.
 */
import type { IDataObject } from 'n8n-workflow';

import { clearLogs, logs } from '../../../../../../../testbed/harness';
import {
	createMockApi,
	type FaultSpec,
	type MockApi,
	type MockVideo,
} from '../../../../../../../testbed/mock-api';
import { TriggerSession, eventKey, listRequests, videosWithStatus } from './session';
import { answerWith, isNewestScan, listAnswer, type ListBody } from './wire';

let mock: MockApi;
const both = { triggerOn: ['PARSE', 'FAILED'] };

beforeEach(async () => {
	mock = await createMockApi({ videos: 400, seed: 23 });
	clearLogs();
});
afterEach(async () => await mock.close());

const keys = (items: IDataObject[]) => items.map(eventKey).sort();
const pendingNos = () => videosWithStatus(mock, 'UNPARSE').map((v) => v.video_no);

describe('pages shifting while a poll reads them', () => {
	it('10 videos finishing between two polls, with uploads and deletions landing during the poll: 10 items, none twice, none missed', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();

		// Between the polls: 6 pending videos finish, and 230 videos are uploaded (so the newest-first
		// scan needs 2 pages); 4 of those uploads, finished already, sit right where page 2 will start.
		const finishing = videosWithStatus(mock, 'UNPARSE').slice(0, 6);
		finishing.forEach((v, i) => mock.memories.setStatus(v.video_no, i % 2 ? 'FAILED' : 'PARSE'));
		const uploads: MockVideo[] = [];
		for (let i = 1; i <= 230; i++)
			uploads.push(mock.memories.addVideo({ status: i >= 29 && i <= 32 ? 'PARSE' : 'UNPARSE' }));
		const boundaryFinals = uploads.slice(28, 32);
		const expected = [
			...finishing.map((v, i) => `${v.video_no}:${i % 2 ? 'FAILED' : 'PARSE'}`),
			...boundaryFinals.map((v) => `${v.video_no}:PARSE`),
		].sort();

		// During the poll: every request lands 2 uploads on top (pages shift down: duplicates); when the
		// first pass asks for page 2 of the newest list, 6 videos from page 1 are also deleted (pages
		// shift up by 4: without detection, exactly the 4 finished uploads would fall between the pages).
		let newestPage2Requests = 0;
		const midPoll: MockVideo[] = [];
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			midPoll.push(
				mock.memories.addVideo({ status: 'UNPARSE' }),
				mock.memories.addVideo({ status: 'UNPARSE' }),
			);
			if (isNewestScan(list) && list.page === 2 && ++newestPage2Requests === 1) {
				for (const victim of uploads.slice(100, 106)) mock.memories.deleteVideo(victim.video_no);
			}
		});
		mock.resetCounters();
		const items = await session.poll();
		stop();

		expect(keys(items)).toEqual(expected);
		expect(items).toHaveLength(10);
		// The shift was noticed and the newest list read again.
		expect(newestPage2Requests).toBe(2);
		expect(
			listRequests(mock).filter(
				(r) => isNewestScan(r.body as ListBody) && (r.body as ListBody).page === 1,
			),
		).toHaveLength(2);

		// Nothing left over, nothing repeated; what is pending is exactly what the API says is pending.
		expect(await session.poll()).toEqual([]);
		expect([...(session.state().pending as string[])].sort()).toEqual(pendingNos().sort());

		// The uploads that landed during the poll are reported when they finish, once.
		for (const video of midPoll)
			if (mock.memories.get(video.video_no)) mock.memories.setStatus(video.video_no, 'PARSE');
		const later = await session.poll();
		expect(keys(later)).toEqual(
			midPoll
				.filter((v) => mock.memories.get(v.video_no))
				.map((v) => `${v.video_no}:PARSE`)
				.sort(),
		);
		expect(await session.poll()).toEqual([]);
	});

	it('more than 200 pending: pending videos finishing while the pending list is read are still reported once', async () => {
		for (let i = 0; i < 300; i++) mock.memories.addVideo({ status: 'UNPARSE' });
		const session = new TriggerSession(mock, both);
		await session.poll();
		expect((session.state().pending as string[]).length).toBeGreaterThan(300);

		const finishedBefore = videosWithStatus(mock, 'UNPARSE').slice(250, 255);
		for (const v of finishedBefore) mock.memories.setStatus(v.video_no, 'PARSE');
		// While page 2 of the pending list is fetched, 8 videos from its page 1 finish: page 2 shifts up.
		const finishedDuring: MockVideo[] = [];
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (list.status === 'UNPARSE' && list.page === 2 && finishedDuring.length === 0) {
				for (const v of videosWithStatus(mock, 'UNPARSE').slice(10, 18)) {
					mock.memories.setStatus(v.video_no, 'FAILED');
					finishedDuring.push(v);
				}
			}
		});
		const first = await session.poll();
		stop();
		const second = await session.poll();
		const all = [...first, ...second];
		expect(keys(all)).toEqual(
			[
				...finishedBefore.map((v) => `${v.video_no}:PARSE`),
				...finishedDuring.map((v) => `${v.video_no}:FAILED`),
			].sort(),
		);
		expect(new Set(all.map((i) => i.video_no)).size).toBe(all.length);
		expect([...(session.state().pending as string[])].sort()).toEqual(pendingNos().sort());
	});
});

describe('pages shifting while the pending list is read', () => {
	it('an old re-processed video pushed between two pages of the pending list is found by reading the list again', async () => {
		for (const video of videosWithStatus(mock, 'UNPARSE'))
			mock.memories.setStatus(video.video_no, 'PARSE');
		const session = new TriggerSession(mock, both);
		await session.poll();
		const uploads = Array.from({ length: 200 }, () =>
			mock.memories.addVideo({ status: 'UNPARSE' }),
		);
		await session.poll();
		expect(session.state().pending).toHaveLength(200);

		// An old video is re-processed: it is 201st in the pending list (the first of page 2), and far
		// below the newest page, so only the pending list can reveal it.
		const old = videosWithStatus(mock, 'FAILED').at(-1)!;
		mock.memories.setStatus(old.video_no, 'UNPARSE');
		// While page 2 of the pending list is fetched, 8 uploads from page 1 finish: the old video moves up to page 1.
		let shifted = false;
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (list.status === 'UNPARSE' && list.page === 2 && !shifted) {
				shifted = true;
				for (const video of uploads.slice(0, 8)) mock.memories.setStatus(video.video_no, 'PARSE');
			}
		});
		const during = await session.poll();
		stop();
		expect(session.state().pending).toContain(old.video_no);

		// It finishes before the next poll: reported, because the poll that could have missed it did not.
		mock.memories.setStatus(old.video_no, 'PARSE');
		const after = [...during, ...(await session.poll())];
		expect(keys(after)).toEqual(
			[...uploads.slice(0, 8), old].map((v) => `${v.video_no}:PARSE`).sort(),
		);
	});
});

describe('a poll that fails midway', () => {
	/** Sets up a poll of 4 requests: newest page 1, newest page 2, pending list, re-read. */
	async function prepare() {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const finishing = videosWithStatus(mock, 'UNPARSE').slice(0, 3);
		finishing.forEach((v) => mock.memories.setStatus(v.video_no, 'PARSE'));
		const uploads = Array.from({ length: 230 }, (_, i) =>
			mock.memories.addVideo({ status: i % 50 === 7 ? 'FAILED' : 'UNPARSE' }),
		);
		const expected = [
			...finishing.map((v) => `${v.video_no}:PARSE`),
			...uploads.filter((v) => v.status === 'FAILED').map((v) => `${v.video_no}:FAILED`),
		].sort();
		return { session, expected };
	}

	const faults: Array<[string, FaultSpec, RegExp]> = [
		[
			'HTTP 500 after every retry',
			{ type: 'http', status: 500, times: 6 },
			/Memories.ai is having trouble right now/,
		],
		[
			'HTTP 503 with Retry-After, after every retry',
			{ type: 'http', status: 503, retryAfter: 0, times: 6 },
			/trouble right now/,
		],
		[
			'a 0429 rate-limit storm outlasting the retries',
			{ type: 'code', code: '0429', times: 6 },
			/limiting how fast requests can be made/,
		],
		[
			'0001 (transient) after every retry',
			{ type: 'code', code: '0001', times: 6 },
			/temporary problem/,
		],
		['a malformed page', { type: 'malformed', times: 1 }, /not valid JSON/],
		[
			'connection resets after every retry',
			{ type: 'reset', times: 6 },
			/^Could not reach Memories.ai: the connection failed or timed out$/,
		],
		[
			'a page without a video list',
			{
				type: 'malformed',
				body: '{"code":"0000","success":true,"data":{"total_count":3}}',
				times: 1,
			},
			/cannot read: data\.videos is not a list/,
		],
	];

	describe.each([2, 3, 4])('at request %i of the poll', (failAt) => {
		it.each(faults)(
			'%s: throws, leaves the static data exactly as it was, and the next poll reports everything once',
			async (_name, fault, message) => {
				const { session, expected } = await prepare();
				const before = session.snapshot();
				let seen = 0;
				const stop = mock.onRequest(() => {
					if (++seen === failAt) mock.fault({ service: 'memoriesAi', ...fault } as FaultSpec);
				});
				const error = await session.failingPoll();
				stop();
				expect(error.message).toMatch(message);
				expect(seen).toBeGreaterThanOrEqual(failAt);
				expect(session.snapshot()).toEqual(before);

				const items = await session.poll();
				expect(keys(items)).toEqual(expected);
				expect(await session.poll()).toEqual([]);
			},
		);
	});

	it('a 0429 storm shorter than the retries is waited out: the poll succeeds and nothing is lost', async () => {
		const { session, expected } = await prepare();
		mock.fault({ service: 'memoriesAi', type: 'code', code: '0429', times: 4 });
		expect(keys(await session.poll())).toEqual(expected);
		expect(
			mock.count({ service: 'memoriesAi' }) - mock.requests.filter((r) => r.code === '0429').length,
		).toBeGreaterThan(0);
	});

	it('a failed baseline leaves no state: the next poll is the baseline', async () => {
		const session = new TriggerSession(mock, both);
		mock.fault({ service: 'memoriesAi', type: 'http', status: 502, times: 6 });
		await session.failingPoll();
		// getWorkflowStaticData('node') itself creates the empty entry (n8n does not count it as a change).
		expect(session.state()).toEqual({});
		expect(await session.poll()).toEqual([]);
		expect(session.state().v).toBe(3);
	});
});

describe('restart', () => {
	// n8n saves static data when a poll emits (and on activation); a poll that returns null changes
	// only the in-memory copy, which a restart throws away.
	function n8nPersistence(session: TriggerSession) {
		let saved = session.snapshot();
		return {
			async poll() {
				const items = await session.poll();
				if (items.length > 0) saved = session.snapshot();
				return items;
			},
			restart: () => JSON.parse(JSON.stringify(saved)) as IDataObject,
		};
	}

	it('a fresh node instance given the saved static data continues without loss or duplicates', async () => {
		const first = new TriggerSession(mock, both);
		await first.poll();
		const db = n8nPersistence(first);

		const [a, b, c, d] = videosWithStatus(mock, 'UNPARSE');
		mock.memories.setStatus(a.video_no, 'PARSE');
		expect(keys(await db.poll())).toEqual([`${a.video_no}:PARSE`]);

		// Polls that emit nothing (an upload still processing, an old video re-processed): not saved.
		const e = mock.memories.addVideo({ status: 'UNPARSE' });
		const reprocessed = videosWithStatus(mock, 'FAILED').at(-1)!;
		mock.memories.setStatus(reprocessed.video_no, 'UNPARSE');
		expect(await db.poll()).toEqual([]);
		mock.memories.setStatus(b.video_no, 'FAILED');
		mock.memories.deleteVideo(c.video_no);

		// n8n restarts: a new node instance, the static data as saved in the database.
		const second = new TriggerSession(mock, both, db.restart());
		mock.memories.setStatus(d.video_no, 'PARSE');
		mock.memories.setStatus(e.video_no, 'PARSE');
		expect(keys(await second.poll())).toEqual(
			[`${b.video_no}:FAILED`, `${d.video_no}:PARSE`, `${e.video_no}:PARSE`].sort(),
		);
		// The re-processed video is still processing: the pending list shows it again, and it is reported once.
		expect(second.state().pending).toContain(reprocessed.video_no);
		mock.memories.setStatus(reprocessed.video_no, 'PARSE');
		expect(keys(await second.poll())).toEqual([`${reprocessed.video_no}:PARSE`]);
		expect(await second.poll()).toEqual([]);

		// And again, from exactly what the second instance left: nothing repeats, nothing is missed.
		const third = new TriggerSession(mock, both, second.snapshot());
		expect(await third.poll()).toEqual([]);
		const f = videosWithStatus(mock, 'UNPARSE')[0];
		mock.memories.setStatus(f.video_no, 'FAILED');
		expect(keys(await third.poll())).toEqual([`${f.video_no}:FAILED`]);
		expect(first.emitted.length + second.emitted.length + third.emitted.length).toBe(6);
	});

	it('restarting from an older save (polls since emitted nothing) repeats nothing', async () => {
		const first = new TriggerSession(mock, both);
		await first.poll();
		const db = n8nPersistence(first);
		const [a, b] = videosWithStatus(mock, 'UNPARSE');
		mock.memories.setStatus(a.video_no, 'FAILED');
		expect(keys(await db.poll())).toEqual([`${a.video_no}:FAILED`]);
		// Several quiet polls, then a restart from the save made at the emit.
		for (let i = 0; i < 3; i++) {
			mock.memories.addVideo({ status: 'UNPARSE' });
			expect(await db.poll()).toEqual([]);
		}
		const second = new TriggerSession(mock, both, db.restart());
		expect(await second.poll()).toEqual([]);
		mock.memories.setStatus(b.video_no, 'PARSE');
		expect(keys(await second.poll())).toEqual([`${b.video_no}:PARSE`]);
	});
});

describe('an API that does not behave as documented', () => {
	it('pages not sorted newest first: logs a warning, reads the whole list for that poll, and still reports correctly', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const fresh = mock.memories.addVideo({ status: 'PARSE' });
		// The API's own order: the new video sits on page 2, and two videos on page 1 are swapped.
		const apiOrder = mock.memories.videos.filter((v) => v !== fresh);
		apiOrder.splice(250, 0, fresh);
		[apiOrder[10], apiOrder[11]] = [apiOrder[11], apiOrder[10]];
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (!isNewestScan(list)) return;
			const page = list.page ?? 1;
			const size = list.size ?? 200;
			answerWith(
				mock,
				listAnswer(apiOrder.slice((page - 1) * size, page * size), apiOrder.length, page, size),
			);
		});
		mock.resetCounters();
		const items = await session.poll();
		stop();
		expect(keys(items)).toEqual([`${fresh.video_no}:PARSE`]);
		expect(
			logs.some((entry) => entry.level === 'warn' && /not sorted newest first/.test(entry.message)),
		).toBe(true);
		// The whole list: 401 videos = 3 pages.
		expect(listRequests(mock).filter((r) => isNewestScan(r.body as ListBody))).toHaveLength(3);
		expect(await session.poll()).toEqual([]);
	});

	it('video_nos ignored by the API: pending videos are re-read one by one, never taken as deleted', async () => {
		for (let i = 0; i < 250; i++) mock.memories.addVideo({ status: 'PARSE' });
		const session = new TriggerSession(mock, both);
		await session.poll();
		const [done, gone] = videosWithStatus(mock, 'UNPARSE').slice(-2);
		const watchedFailed = (session.state().failed as string[]).length;
		mock.memories.setStatus(done.video_no, 'PARSE');
		mock.memories.deleteVideo(gone.video_no);
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (list.video_nos)
				answerWith(
					mock,
					listAnswer(mock.memories.videos.slice(0, 200), mock.memories.videos.length),
				);
		});
		mock.resetCounters();
		const items = await session.poll();
		stop();
		expect(keys(items)).toEqual([`${done.video_no}:PARSE`]);
		// One by one: the 2 pending videos and the watched FAILED ones (none of which is taken as deleted).
		expect(listRequests(mock).filter((r) => (r.body as ListBody).video_no)).toHaveLength(
			2 + watchedFailed,
		);
		expect(
			logs.some(
				(entry) => entry.level === 'warn' && /ignored the video_nos filter/.test(entry.message),
			),
		).toBe(true);
		expect(session.state().pending).not.toContain(gone.video_no);
		expect(await session.poll()).toEqual([]);
	});

	it('a re-read answer cut short (total_count above what it returned): the rest is asked for one by one', async () => {
		for (let i = 0; i < 250; i++) mock.memories.addVideo({ status: 'PARSE' });
		const session = new TriggerSession(mock, both);
		await session.poll();
		const finished = videosWithStatus(mock, 'UNPARSE').slice(-4);
		for (const v of finished) mock.memories.setStatus(v.video_no, 'FAILED');
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (!list.video_nos) return;
			const found = list.video_nos
				.map((no) => mock.memories.get(no))
				.filter((v): v is MockVideo => v !== undefined);
			answerWith(mock, listAnswer(found.slice(0, 1), found.length));
		});
		const items = await session.poll();
		stop();
		expect(keys(items)).toEqual(finished.map((v) => `${v.video_no}:FAILED`).sort());
		expect(await session.poll()).toEqual([]);
	});
});

describe('overlapping polls', () => {
	it('a poll started while the previous one still runs is skipped, so the same videos are not reported twice', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const v = videosWithStatus(mock, 'UNPARSE')[0];
		mock.memories.setStatus(v.video_no, 'PARSE');
		mock.fault({ service: 'memoriesAi', type: 'latency', ms: 300, times: 1 });
		const [one, two] = await Promise.all([session.poll(), session.poll()]);
		expect(keys([...one, ...two])).toEqual([`${v.video_no}:PARSE`]);
		expect(
			logs.some(
				(entry) => entry.level === 'warn' && /previous poll is still running/.test(entry.message),
			),
		).toBe(true);
		expect(await session.poll()).toEqual([]);
	});
});
