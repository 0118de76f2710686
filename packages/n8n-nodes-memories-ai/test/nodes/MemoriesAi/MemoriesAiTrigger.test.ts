/**
 * Memories.ai Trigger: description, parameters and event semantics, run in n8n-core's real
 * PollContext against the loopback mock API (no mocked request helpers).
 */
import type { IDataObject } from 'n8n-workflow';

import { MemoriesAiTrigger } from '../../../nodes/MemoriesAi/MemoriesAiTrigger.node';
import { DEFAULT_POLL_BUDGET_MS } from '../../../nodes/MemoriesAi/v1/trigger/poll';
import { clearLogs, logs } from '../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../testbed/mock-api';
import {
	NODE_KEY,
	TriggerSession,
	eventKey,
	listRequests,
	videosWithStatus,
} from './v1/trigger/session';

let mock: MockApi;

beforeEach(async () => {
	mock = await createMockApi({ videos: 60, seed: 11 });
	clearLogs();
});
afterEach(async () => await mock.close());

const both = { triggerOn: ['PARSE', 'FAILED'] };
const firstPending = () => videosWithStatus(mock, 'UNPARSE')[0].video_no;

describe('description', () => {
	const { description } = new MemoriesAiTrigger().getNodeType();

	it('is a polling trigger named memoriesAiTrigger with the memoriesAiApi credential and both icons', () => {
		expect(description.name).toBe('memoriesAiTrigger');
		expect(description.displayName).toBe('Memories.ai Trigger');
		expect(description.polling).toBe(true);
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([{ name: 'memoriesAiApi', required: true }]);
		expect(description.icon).toEqual({
			light: 'file:memoriesAiTrigger.svg',
			dark: 'file:memoriesAiTrigger.dark.svg',
		});
	});

	it('has Trigger On (Video Parsed = PARSE, Video Failed = FAILED, both by default), Unique ID and the cost notice', () => {
		const byName = Object.fromEntries(description.properties.map((p) => [p.name, p]));
		expect(byName.triggerOn.type).toBe('multiOptions');
		expect(byName.triggerOn.default).toEqual(['PARSE', 'FAILED']);
		expect(byName.triggerOn.options).toEqual([
			expect.objectContaining({ name: 'Video Parsed', value: 'PARSE' }),
			expect.objectContaining({ name: 'Video Failed', value: 'FAILED' }),
		]);
		expect(byName.uniqueId.default).toEqual({ mode: 'list', value: 'default' });
		expect(byName.pollCostNotice.type).toBe('notice');
		expect(byName.pollCostNotice.displayName).toMatch(/5 requests per second per account/);
		// The time budget: a literal for n8n's lint, the same as the code's default.
		const [timeBudget] = (byName.options as { options: Array<{ name: string; default: unknown }> })
			.options;
		expect(timeBudget).toMatchObject({
			name: 'timeBudget',
			default: DEFAULT_POLL_BUDGET_MS / 1000,
		});
	});
});

describe('parameters', () => {
	it('an empty Trigger On fails with a clear error before any request, in both modes', async () => {
		const session = new TriggerSession(mock, { triggerOn: [] });
		const error = await session.failingPoll();
		expect(error.message).toBe('Trigger On is empty: choose at least one event');
		await expect(session.manual()).rejects.toThrow('Trigger On is empty');
		expect(mock.requests).toHaveLength(0);
		expect(session.state()).toEqual({});
	});

	it('an empty Unique ID fails before any request', async () => {
		const session = new TriggerSession(mock, { uniqueId: '  ' });
		expect((await session.failingPoll()).message).toBe('Unique ID is empty');
		expect(mock.requests).toHaveLength(0);
	});

	it('sends the Unique ID with every request', async () => {
		mock.memories.addVideo({ unique_id: 'team-a', status: 'UNPARSE' });
		const session = new TriggerSession(mock, { uniqueId: 'team-a' });
		await session.poll();
		expect(mock.requests.length).toBeGreaterThan(0);
		expect(mock.requests.every((r) => (r.body as IDataObject).unique_id === 'team-a')).toBe(true);
		expect(session.state().pending).toHaveLength(1);
	});
});

describe('events', () => {
	it('the first poll records a baseline and emits nothing; later polls without changes emit nothing', async () => {
		const session = new TriggerSession(mock, both);
		expect(await session.poll()).toEqual([]);
		const state = session.state();
		expect([...(state.pending as string[])].sort()).toEqual(
			videosWithStatus(mock, 'UNPARSE')
				.map((v) => v.video_no)
				.sort(),
		);
		expect(state.watermark).toBe(mock.memories.videos[0].create_time);
		expect(await session.poll()).toEqual([]);
		expect(await session.poll()).toEqual([]);
	});

	it('a pending video turning PARSE is exactly one item: the normalized video', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const videoNo = firstPending();
		mock.memories.setStatus(videoNo, 'PARSE');
		const items = await session.poll();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ video_no: videoNo, status: 'PARSE' });
		expect(typeof items[0].create_time).toBe('number');
		expect(await session.poll()).toEqual([]);
		expect(session.state().pending).not.toContain(videoNo);
	});

	it('a pending video turning FAILED is an item only when Video Failed is selected', async () => {
		const parsedOnly = new TriggerSession(mock, { triggerOn: ['PARSE'] });
		const failedOnly = new TriggerSession(mock, { triggerOn: ['FAILED'] });
		const all = new TriggerSession(mock, both);
		for (const session of [parsedOnly, failedOnly, all]) await session.poll();

		const failing = firstPending();
		mock.memories.setStatus(failing, 'FAILED', 'Unsupported video codec');
		expect(await parsedOnly.poll()).toEqual([]);
		expect((await failedOnly.poll()).map(eventKey)).toEqual([`${failing}:FAILED`]);
		const [item] = await all.poll();
		expect(item).toMatchObject({
			video_no: failing,
			status: 'FAILED',
			cause: 'Unsupported video codec',
		});

		const parsing = firstPending();
		mock.memories.setStatus(parsing, 'PARSE');
		expect((await parsedOnly.poll()).map(eventKey)).toEqual([`${parsing}:PARSE`]);
		expect(await failedOnly.poll()).toEqual([]);
		expect((await all.poll()).map(eventKey)).toEqual([`${parsing}:PARSE`]);
		for (const session of [parsedOnly, failedOnly, all]) expect(await session.poll()).toEqual([]);
	});

	it('a new video that first appears already final is an event; one that appears pending is an event when it finishes', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const ready = mock.memories.addVideo({ status: 'PARSE' });
		const failed = mock.memories.addVideo({ status: 'FAILED' });
		const pending = mock.memories.addVideo({ status: 'UNPARSE' });
		expect((await session.poll()).map(eventKey)).toEqual([
			`${ready.video_no}:PARSE`,
			`${failed.video_no}:FAILED`,
		]);
		expect(session.state().pending).toContain(pending.video_no);
		mock.memories.setStatus(pending.video_no, 'PARSE');
		expect((await session.poll()).map(eventKey)).toEqual([`${pending.video_no}:PARSE`]);
		expect(await session.poll()).toEqual([]);
	});

	it('videos already final at activation are not events', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		await session.poll();
		expect(session.emitted).toEqual([]);
		expect(
			videosWithStatus(mock, 'PARSE').length + videosWithStatus(mock, 'FAILED').length,
		).toBeGreaterThan(40);
	});

	it('a FAILED video re-processed (FAILED → UNPARSE → PARSE) emits FAILED once, then PARSE once', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const videoNo = firstPending();
		mock.memories.setStatus(videoNo, 'FAILED');
		expect((await session.poll()).map(eventKey)).toEqual([`${videoNo}:FAILED`]);
		mock.memories.setStatus(videoNo, 'UNPARSE');
		expect(await session.poll()).toEqual([]);
		expect(session.state().pending).toContain(videoNo);
		mock.memories.setStatus(videoNo, 'PARSE');
		expect((await session.poll()).map(eventKey)).toEqual([`${videoNo}:PARSE`]);
		expect(await session.poll()).toEqual([]);
	});

	it('an old library video re-processed to UNPARSE is picked up by the pending list and reported when it finishes', async () => {
		// 250 newer uploads push the seeded videos below the newest page: only the UNPARSE list can reveal them.
		for (let i = 0; i < 250; i++) mock.memories.addVideo({ status: 'PARSE' });
		const session = new TriggerSession(mock, both);
		await session.poll();
		const old = videosWithStatus(mock, 'FAILED').at(-1)!;
		expect(mock.memories.videos.indexOf(old)).toBeGreaterThan(200);
		mock.memories.setStatus(old.video_no, 'UNPARSE');
		expect(await session.poll()).toEqual([]);
		mock.memories.setStatus(old.video_no, 'PARSE');
		expect((await session.poll()).map(eventKey)).toEqual([`${old.video_no}:PARSE`]);
	});

	it('a pending video deleted leaves the pending set without an event', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const videoNo = firstPending();
		mock.memories.deleteVideo(videoNo);
		expect(await session.poll()).toEqual([]);
		expect(session.state().pending).not.toContain(videoNo);
	});

	it('a video sharing the watermark millisecond (sorted after the known one) is still found', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const top = mock.memories.videos[0];
		// Ties are listed by video_no descending: a smaller video_no lands after the known one.
		const twin = mock.memories.addVideo({
			video_no: 'VI000000000000000001',
			create_time: top.create_time,
			status: 'PARSE',
		});
		expect(mock.memories.videos.indexOf(twin)).toBeGreaterThan(mock.memories.videos.indexOf(top));
		expect((await session.poll()).map(eventKey)).toEqual([`${twin.video_no}:PARSE`]);
		expect(await session.poll()).toEqual([]);
		expect(session.state().ties).toEqual(expect.arrayContaining([top.video_no, twin.video_no]));
	});

	it('several events in one poll come out oldest first, one item per video', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const pending = videosWithStatus(mock, 'UNPARSE').slice(0, 4);
		for (const video of pending) mock.memories.setStatus(video.video_no, 'PARSE');
		const items = await session.poll();
		expect(items.map((i) => i.video_no)).toEqual(
			[...pending].sort((a, b) => a.create_time - b.create_time).map((v) => v.video_no),
		);
	});

	it('a different Unique ID starts a new baseline instead of reading the other scope’s state', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		mock.memories.addVideo({ unique_id: 'team-b', status: 'PARSE' });
		const other = new TriggerSession(mock, { ...both, uniqueId: 'team-b' }, session.staticData);
		expect(await other.poll()).toEqual([]);
		expect(session.state().uniqueId).toBe('team-b');
		expect(logs.some((entry) => /new baseline/.test(entry.message))).toBe(true);
	});

	it('unreadable saved state (another format) starts a new baseline rather than failing', async () => {
		const session = new TriggerSession(mock, both, {
			[NODE_KEY]: { lastTimeChecked: 'yesterday' },
		});
		expect(await session.poll()).toEqual([]);
		expect(session.state()).toMatchObject({ v: 3, uniqueId: 'default' });
		expect(session.state().lastTimeChecked).toBeUndefined();
	});
});

describe('legacy responses', () => {
	it('reads DONE / lowercase / FAIL / PARSE_ERROR statuses and string numbers, and outputs real numbers and nulls', async () => {
		mock.options.legacy = true;
		const session = new TriggerSession(mock, both);
		const a = mock.memories.addVideo({ status: 'unparse' });
		const b = mock.memories.addVideo({ status: 'Unparse' });
		const c = mock.memories.addVideo({ status: 'UNPARSE' });
		await session.poll();
		expect(session.state().pending).toEqual(
			expect.arrayContaining([a.video_no, b.video_no, c.video_no]),
		);

		mock.memories.setStatus(a.video_no, 'DONE');
		mock.memories.setStatus(b.video_no, 'fail', 'Video file is corrupted');
		mock.memories.setStatus(c.video_no, 'parse_error');
		const d = mock.memories.addVideo({ status: 'done' });
		const items = await session.poll();
		expect(items.map(eventKey)).toEqual([
			`${a.video_no}:PARSE`,
			`${b.video_no}:FAILED`,
			`${c.video_no}:FAILED`,
			`${d.video_no}:PARSE`,
		]);
		for (const item of items) {
			expect(typeof item.create_time).toBe('number');
			expect(typeof item.duration).toBe('number');
			expect(typeof item.size).toBe('number');
		}
		expect(items[0].cause).toBeNull();
		expect(items[1].cause).toBe('Video file is corrupted');
		expect(await session.poll()).toEqual([]);
	});
});

describe('manual mode (Fetch Test Event)', () => {
	it('returns the newest video in a selected status as one item and leaves static data untouched', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		mock.memories.setStatus(firstPending(), 'FAILED');
		const before = session.snapshot();
		mock.resetCounters();

		const newestFinal = mock.memories.videos.find(
			(v) => v.status === 'PARSE' || v.status === 'FAILED',
		)!;
		const items = await session.manual();
		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({ video_no: newestFinal.video_no, status: newestFinal.status });
		expect(session.snapshot()).toEqual(before);
		expect(listRequests(mock)).toHaveLength(2);

		// The FAILED transition was not consumed by the test fetch: the next scheduled poll reports it.
		expect((await session.poll()).map((i) => i.status)).toEqual(['FAILED']);
	});

	it('honours Trigger On: only FAILED selected returns the newest FAILED video', async () => {
		const session = new TriggerSession(mock, { triggerOn: ['FAILED'] });
		const items = await session.manual();
		expect(items![0]).toMatchObject({
			video_no: videosWithStatus(mock, 'FAILED')[0].video_no,
			status: 'FAILED',
		});
		expect(session.snapshot()).toEqual({});
	});

	it('with no matching video, says so clearly', async () => {
		for (const video of videosWithStatus(mock, 'FAILED')) mock.memories.deleteVideo(video.video_no);
		const session = new TriggerSession(mock, { triggerOn: ['FAILED'] });
		await expect(session.manual()).rejects.toThrow('No failed video found to use as a test event');
	});
});
