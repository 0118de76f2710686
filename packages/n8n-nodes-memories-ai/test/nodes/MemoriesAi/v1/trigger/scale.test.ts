/**
 * Cost of the Memories.ai Trigger as the library grows: requests per poll and static-data size must
 * be the same with 1,000, 10,000 and 100,000 videos (failures in proportion: ~7 % of the library,
 * 50 pending), and within the bounds the README promises (nodes/MemoriesAi/v1/trigger/README.md).
 * These are the benchmark's deterministic trigger lines (bench/ measures the CPU ratio beside them).
 */
import { report } from '../../../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../../../testbed/mock-api';
import { TriggerSession, eventKey, listRequests, videosWithStatus } from './session';

/** What the README promises for a steady-state poll, whatever the library size. */
const MAX_REQUESTS = 3;
const MAX_STATIC_BYTES = 8 * 1024;

let mock: MockApi;
afterEach(async () => await mock?.close());

/** A library of `size` videos, ~7 % FAILED as seeded, and exactly 50 UNPARSE spread through it. */
async function library(size: number): Promise<MockApi> {
	const api = await createMockApi({ videos: size, seed: 99 });
	for (const video of videosWithStatus(api, 'UNPARSE'))
		api.memories.setStatus(video.video_no, 'PARSE');
	const videos = api.memories.videos.filter((video) => String(video.status) === 'PARSE');
	for (let i = 0; i < 50; i++)
		api.memories.setStatus(videos[Math.floor((i * videos.length) / 50)].video_no, 'UNPARSE');
	return api;
}

const measure = async (session: TriggerSession) => {
	mock.resetCounters();
	const items = await session.poll();
	return {
		items,
		requests: listRequests(mock).length,
		bytes: JSON.stringify(session.staticData).length,
	};
};

const lines: Record<number, string> = {};
const bytes: number[] = [];

it.each([1_000, 10_000, 100_000])(
	'%i videos, 50 pending, failures in proportion: quiet, busy and after polls make at most 3 requests each and keep static data under 8 KB',
	async (size) => {
		mock = await library(size);
		const failedCount = videosWithStatus(mock, 'FAILED').length;
		expect(videosWithStatus(mock, 'UNPARSE')).toHaveLength(50);
		expect(failedCount).toBeGreaterThan(size * 0.05);
		const session = new TriggerSession(mock, { triggerOn: ['PARSE', 'FAILED'] });

		const baseline = await measure(session);
		expect(baseline.items).toEqual([]);
		expect((session.state().pending as string[]).length).toBe(50);

		const quiet = await measure(session);
		expect(quiet.items).toEqual([]);

		// Between polls: 3 pending videos finish (deep in the library), 5 videos are uploaded (2 already
		// final), and 2 of the watched (most recent) FAILED videos are re-processed straight to PARSE.
		const finishing = videosWithStatus(mock, 'UNPARSE').slice(-3);
		finishing.forEach((v, i) => mock.memories.setStatus(v.video_no, i === 0 ? 'FAILED' : 'PARSE'));
		const uploads = [0, 1, 2, 3, 4].map((i) =>
			mock.memories.addVideo({ status: i < 2 ? 'PARSE' : 'UNPARSE' }),
		);
		const watched = session.state().failed as string[];
		const reprocessed = [watched[0], watched[watched.length - 1]];
		for (const videoNo of reprocessed) mock.memories.setStatus(videoNo, 'PARSE');
		const busy = await measure(session);
		expect(busy.items.map(eventKey).sort()).toEqual(
			[
				...finishing.map((v, i) => `${v.video_no}:${i === 0 ? 'FAILED' : 'PARSE'}`),
				...uploads.slice(0, 2).map((v) => `${v.video_no}:PARSE`),
				...reprocessed.map((videoNo) => `${videoNo}:PARSE`),
			].sort(),
		);

		const after = await measure(session);
		expect(after.items).toEqual([]);

		const polls = { baseline, quiet, busy, after };
		lines[size] = [quiet, busy, after].map((poll) => poll.requests).join('/');
		for (const [name, poll] of Object.entries(polls)) {
			report(
				`scale (${size} videos, 50 pending, ${failedCount} failed) ${name}: ${poll.requests} requests, static data ${poll.bytes} bytes`,
			);
		}
		for (const poll of [quiet, busy, after])
			expect(poll.requests).toBeLessThanOrEqual(MAX_REQUESTS);
		for (const poll of Object.values(polls)) expect(poll.bytes).toBeLessThan(MAX_STATIC_BYTES);
		bytes.push(...Object.values(polls).map((poll) => poll.bytes));
	},
);

it('the requests per poll are the same at every library size, and the static data does not grow with it', () => {
	report(`scale requests per poll (quiet/busy/after): ${JSON.stringify(lines)}`);
	expect(Object.keys(lines)).toHaveLength(3);
	expect(new Set(Object.values(lines)).size).toBe(1);
	// The bench's line (testbed/bench/lib/lines.ts): total_count's digits and a 1k library with fewer
	// than 100 failures make it differ a little; every failure kept made it grow 8x.
	expect(Math.max(...bytes)).toBeLessThanOrEqual(1.2 * Math.min(...bytes));
});

it('after a burst, the cost grows with what changed, not with the library: 1 + ceil(new/200) + ceil(pending/200) + 1 re-read', async () => {
	mock = await library(100_000);
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
	// The finished pending videos (10) and the watched failures (100) share one re-read request.
	const bound = 1 + Math.ceil(uploads.length / 200) + Math.ceil(pendingNow / 200) + 1;
	report(
		`scale burst: ${uploads.length} uploads, ${pendingBefore} -> ${pendingNow} pending: ${burst.requests} requests (bound ${bound}), static data ${burst.bytes} bytes`,
	);
	expect(burst.requests).toBeLessThanOrEqual(bound);
	expect(burst.bytes).toBeLessThan(30 * (pendingNow + 100) + 400);
	expect((await measure(session)).requests).toBeLessThanOrEqual(
		1 + Math.ceil(pendingNow / 200) + 1,
	);
});
