/**
 * Cost of the Memories.ai Trigger with a large library: requests per poll and static-data size must
 * not depend on how many videos the account holds (nodes/MemoriesAi/v1/trigger/README.md).
 */
import { report } from '../../../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../../../testbed/mock-api';
import { TriggerSession, eventKey, listRequests, videosWithStatus } from './session';

let mock: MockApi;

beforeAll(async () => {
	mock = await createMockApi({ videos: 100_000, seed: 99 });
	// The seed makes ~10 % of the library UNPARSE; keep 50 pending, spread through the library.
	const pending = videosWithStatus(mock, 'UNPARSE');
	const keep = new Set(
		pending
			.filter((_, i) => i % Math.floor(pending.length / 50) === 0)
			.slice(0, 50)
			.map((v) => v.video_no),
	);
	for (const video of pending)
		if (!keep.has(video.video_no)) mock.memories.setStatus(video.video_no, 'PARSE');
	// ... and 200 FAILED (the seed makes ~7 %), spread through the library too.
	const failed = videosWithStatus(mock, 'FAILED');
	const keepFailed = new Set(
		failed
			.filter((_, i) => i % Math.floor(failed.length / 200) === 0)
			.slice(0, 200)
			.map((v) => v.video_no),
	);
	for (const video of failed)
		if (!keepFailed.has(video.video_no)) mock.memories.setStatus(video.video_no, 'PARSE');
});
afterAll(async () => await mock.close());

const measure = async (session: TriggerSession) => {
	mock.resetCounters();
	const items = await session.poll();
	return {
		items,
		requests: listRequests(mock).length,
		bytes: JSON.stringify(session.staticData).length,
	};
};

it('100,000 videos, 50 pending, 200 failed: a steady-state poll makes at most 4 requests and keeps static data under 8 KB', async () => {
	expect(mock.memories.videos).toHaveLength(100_000);
	expect(videosWithStatus(mock, 'UNPARSE')).toHaveLength(50);
	expect(videosWithStatus(mock, 'FAILED')).toHaveLength(200);
	const session = new TriggerSession(mock, { triggerOn: ['PARSE', 'FAILED'] });

	const baseline = await measure(session);
	expect(baseline.items).toEqual([]);
	expect((session.state().pending as string[]).length).toBe(50);

	const quiet = await measure(session);
	expect(quiet.items).toEqual([]);

	// Between polls: 3 pending videos finish (deep in the library), 5 videos are uploaded (2 already
	// final), and 2 old FAILED videos are re-processed straight to PARSE.
	const finishing = videosWithStatus(mock, 'UNPARSE').slice(-3);
	finishing.forEach((v, i) => mock.memories.setStatus(v.video_no, i === 0 ? 'FAILED' : 'PARSE'));
	const uploads = [0, 1, 2, 3, 4].map((i) =>
		mock.memories.addVideo({ status: i < 2 ? 'PARSE' : 'UNPARSE' }),
	);
	const reprocessed = videosWithStatus(mock, 'FAILED').slice(-2);
	for (const v of reprocessed) mock.memories.setStatus(v.video_no, 'PARSE');
	const busy = await measure(session);
	expect(busy.items.map(eventKey).sort()).toEqual(
		[
			...finishing.map((v, i) => `${v.video_no}:${i === 0 ? 'FAILED' : 'PARSE'}`),
			...uploads.slice(0, 2).map((v) => `${v.video_no}:PARSE`),
			...reprocessed.map((v) => `${v.video_no}:PARSE`),
		].sort(),
	);

	const after = await measure(session);
	expect(after.items).toEqual([]);

	for (const [name, poll] of Object.entries({ baseline, quiet, busy, after })) {
		report(
			`scale (100,000 videos, 50 pending, 200 failed) ${name}: ${poll.requests} requests, static data ${poll.bytes} bytes`,
		);
	}
	for (const poll of [quiet, busy, after]) expect(poll.requests).toBeLessThanOrEqual(4);
	for (const poll of [baseline, quiet, busy, after]) expect(poll.bytes).toBeLessThan(8 * 1024);
});

it('after a burst, the cost grows with what changed, not with the library: 1 + ceil(new/200) + ceil(pending/200) + ceil(failed/200) (+1 re-read)', async () => {
	const session = new TriggerSession(mock, { triggerOn: ['PARSE'] });
	await session.poll();
	const pendingBefore = videosWithStatus(mock, 'UNPARSE').length;
	const uploads = Array.from({ length: 450 }, () => mock.memories.addVideo({ status: 'UNPARSE' }));
	const finishing = videosWithStatus(mock, 'UNPARSE').slice(-10);
	for (const v of finishing) mock.memories.setStatus(v.video_no, 'PARSE');
	const pendingNow = videosWithStatus(mock, 'UNPARSE').length;

	const burst = await measure(session);
	expect(burst.items.map(eventKey).sort()).toEqual(
		finishing.map((v) => `${v.video_no}:PARSE`).sort(),
	);
	const failedRereads = Math.ceil(videosWithStatus(mock, 'FAILED').length / 200);
	const bound =
		1 +
		Math.ceil(uploads.length / 200) +
		Math.ceil(pendingNow / 200) +
		Math.ceil(finishing.length / 200) +
		failedRereads;
	report(
		`scale burst: ${uploads.length} uploads, ${pendingBefore} -> ${pendingNow} pending: ${burst.requests} requests (bound ${bound}), static data ${burst.bytes} bytes`,
	);
	expect(burst.requests).toBeLessThanOrEqual(bound);
	expect(burst.bytes).toBeLessThan(40 * (pendingNow + 10 + 200) + 200);
	expect((await measure(session)).requests).toBeLessThanOrEqual(
		1 + 1 + Math.ceil(pendingNow / 200) + failedRereads,
	);
});
