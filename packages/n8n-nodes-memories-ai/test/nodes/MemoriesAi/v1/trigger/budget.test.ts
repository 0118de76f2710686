/**
 * The poll's time budget (nodes/MemoriesAi/v1/trigger/README.md, "Time budget"): every request of a
 * poll ends by it and none is sent after it; a poll that runs out keeps what it fully read, reports
 * what it is certain of, and the next poll goes on from there. Measured against a silent server, a
 * slow one, a whole-list read of 100,000 videos and 50,000 pending videos.
 */
import type { IDataObject } from 'n8n-workflow';

import { report } from '../../../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../../../testbed/mock-api';
import { TriggerSession, eventKey, listRequests, videosWithStatus } from './session';

let mock: MockApi;
afterEach(async () => await mock?.close());

/**
 * Time a poll may take past its budget: building and writing the state after the last answer (with
 * 50,000 pending videos, about 150 ms here; n8n's default 45 s timeout leaves 15 s past 30 s).
 */
const SLACK_MS = 500;

const withBudget = (seconds: number): IDataObject => ({
	triggerOn: ['PARSE', 'FAILED'],
	options: { timeBudget: seconds },
});

/** One poll, timed, with the requests it sent. */
async function timedPoll(session: TriggerSession, pollBudgetMs?: number) {
	mock.resetCounters();
	const started = Date.now();
	const outcome = await session.poll(pollBudgetMs).then(
		(items) => ({ items, error: undefined }),
		(error: Error & { failure?: unknown }) => ({ items: [] as IDataObject[], error }),
	);
	return { ...outcome, started, ms: Date.now() - started, requests: listRequests(mock) };
}

describe('a server that does not answer', () => {
	it('the poll ends within its budget, sends nothing after it, leaves the state as it was and fails as temporarily unavailable', async () => {
		mock = await createMockApi({ videos: 30, seed: 5 });
		const session = new TriggerSession(mock, withBudget(1.5));
		await session.poll();
		const before = session.snapshot();
		mock.options.latencyMs = 60_000;

		const poll = await timedPoll(session);
		report(
			`silent server: poll ended after ${poll.ms} ms (budget 1500 ms), ${poll.requests.length} requests`,
		);
		expect(poll.error?.message).toMatch(/did not answer/);
		expect(poll.error?.failure).toEqual({ cause: 'temporarily-unavailable' });
		expect(poll.ms).toBeLessThan(1500 + SLACK_MS);
		expect(poll.requests.length).toBeGreaterThanOrEqual(2); // a third of the budget per attempt
		for (const request of poll.requests) expect(request.at).toBeLessThan(poll.started + 1500);
		expect(session.snapshot()).toEqual(before);
	});

	it('n8n 2.41+ gives the poll a smaller budget (getPollBudgetMs) than the option: the smaller one holds', async () => {
		mock = await createMockApi({ videos: 30, seed: 5 });
		const session = new TriggerSession(mock, withBudget(30));
		await session.poll();
		mock.options.latencyMs = 60_000;
		const poll = await timedPoll(session, 1000);
		expect(poll.error).toBeDefined();
		expect(poll.ms).toBeLessThan(1000 + SLACK_MS);
	});

	it('one silent answer costs one attempt (a third of the budget), then the poll completes', async () => {
		mock = await createMockApi({ videos: 30, seed: 5 });
		const session = new TriggerSession(mock, withBudget(3));
		await session.poll();
		const upload = mock.memories.addVideo({ status: 'PARSE' });
		mock.fault({ service: 'memoriesAi', type: 'latency', ms: 60_000, times: 1 });
		const poll = await timedPoll(session);
		expect(poll.error).toBeUndefined();
		expect(poll.items.map(eventKey)).toEqual([`${upload.video_no}:PARSE`]);
		expect(poll.ms).toBeGreaterThanOrEqual(1000);
		expect(poll.ms).toBeLessThan(3000 + SLACK_MS);
	});
});

describe('more to read than one poll can', () => {
	it('a whole-list read of 100,000 videos (the list found out of order) completes over several polls, each within its budget and each making progress; every event once', async () => {
		mock = await createMockApi({ videos: 100_000, seed: 11 });
		mock.options.latencyMs = 2;
		const budgetMs = 600;
		const session = new TriggerSession(mock, withBudget(budgetMs / 1000));
		await session.poll();
		// The next poll's first page comes back out of order: the trigger reads the whole list.
		let swapped = false;
		const stop = mock.onRequest(({ body }) => {
			const list = body as {
				page?: number;
				status?: string;
				video_nos?: unknown;
				video_no?: unknown;
			};
			if (swapped || list.status || list.video_nos || list.video_no || list.page !== 1) return;
			swapped = true;
			const answer = mock.memories.listVideos(list) as { data: { videos: IDataObject[] } };
			const [first, second] = answer.data.videos;
			answer.data.videos[0] = second;
			answer.data.videos[1] = first;
			mock.fault({
				service: 'memoriesAi',
				type: 'malformed',
				body: JSON.stringify(answer),
				times: 1,
			});
		});

		const expected: string[] = [];
		const emitted: string[] = [];
		const pages: number[] = [];
		let polls = 0;
		let longest = 0;
		let previous = '';
		for (; polls < 60; polls++) {
			// Between polls: an upload already final, and a pending video finishing deep in the library.
			const upload = mock.memories.addVideo({ status: 'PARSE' });
			expected.push(`${upload.video_no}:PARSE`);
			const pending = videosWithStatus(mock, 'UNPARSE');
			const finishing = pending[pending.length - 1 - polls];
			mock.memories.setStatus(finishing.video_no, 'FAILED');
			expected.push(`${finishing.video_no}:FAILED`);

			const poll = await timedPoll(session);
			expect(poll.error).toBeUndefined();
			emitted.push(...poll.items.map(eventKey));
			longest = Math.max(longest, poll.ms);
			expect(poll.ms).toBeLessThan(budgetMs + SLACK_MS);
			for (const request of poll.requests) expect(request.at).toBeLessThan(poll.started + budgetMs);
			// Progress: the state moved on (a whole read page further, or finished).
			const state = JSON.stringify(session.state());
			expect(state).not.toEqual(previous);
			previous = state;
			const wholeAt = session.state().wholeAt as { page: number } | null;
			if (wholeAt === null && swapped) break;
			pages.push(wholeAt?.page ?? 0);
		}
		stop();
		expect(swapped).toBe(true);
		report(
			`whole-list read of 100,000 videos at ${budgetMs} ms a poll: ${polls + 1} polls (whole read at pages ${pages.join(', ')}), longest poll ${longest} ms`,
		);
		expect(polls + 1).toBeGreaterThan(3);
		for (let i = 1; i < pages.length; i++) expect(pages[i]).toBeGreaterThan(pages[i - 1]);
		// Whatever finished while the whole read went on is reported once it is done, once.
		emitted.push(...(await session.poll()).map(eventKey));
		expect(emitted.sort()).toEqual(expected.sort());
		expect(await session.poll()).toEqual([]);
		expect(session.state()).toMatchObject({ wholeAt: null, gaps: [] });
	});

	it('50,000 pending videos: the UNPARSE pass spans polls, each within its budget; the finished ones are reported once', async () => {
		mock = await createMockApi({ videos: 60_000, seed: 12 });
		for (const video of mock.memories.videos.slice(0, 50_000))
			if (String(video.status) !== 'UNPARSE') mock.memories.setStatus(video.video_no, 'UNPARSE');
		for (const video of mock.memories.videos.slice(50_000))
			if (String(video.status) === 'UNPARSE') mock.memories.setStatus(video.video_no, 'PARSE');
		mock.options.latencyMs = 2;
		const budgetMs = 600;
		const session = new TriggerSession(mock, withBudget(budgetMs / 1000));

		// The baseline learns 50,000 pending videos over several polls (it reports nothing).
		let baselinePolls = 0;
		do {
			const poll = await timedPoll(session);
			expect(poll.error).toBeUndefined();
			expect(poll.items).toEqual([]);
			expect(poll.ms).toBeLessThan(budgetMs + SLACK_MS);
			baselinePolls++;
		} while (session.state().unparseAt !== null && baselinePolls < 60);
		expect((session.state().pending as string[]).length).toBe(50_000);

		const pending = videosWithStatus(mock, 'UNPARSE');
		const finishing = [0, 9_999, 25_000, 41_234, 49_999].map((i) => pending[i]);
		for (const video of finishing) mock.memories.setStatus(video.video_no, 'PARSE');
		const uploads = [
			mock.memories.addVideo({ status: 'PARSE' }),
			mock.memories.addVideo({ status: 'FAILED' }),
		];
		const expected = [
			...finishing.map((v) => `${v.video_no}:PARSE`),
			`${uploads[0].video_no}:PARSE`,
			`${uploads[1].video_no}:FAILED`,
		].sort();

		const emitted: string[] = [];
		let polls = 0;
		let longest = 0;
		for (; polls < 60 && emitted.length < expected.length; polls++) {
			const poll = await timedPoll(session);
			expect(poll.error).toBeUndefined();
			emitted.push(...poll.items.map(eventKey));
			longest = Math.max(longest, poll.ms);
			expect(poll.ms).toBeLessThan(budgetMs + SLACK_MS);
		}
		report(
			`50,000 pending at ${budgetMs} ms a poll: baseline ${baselinePolls} polls, finished ones reported after ${polls} polls, longest poll ${longest} ms`,
		);
		expect(baselinePolls).toBeGreaterThan(1);
		expect(emitted.sort()).toEqual(expected);
		// Nothing twice, and what is pending is exactly what the API says.
		for (let i = 0; i < 10 && session.state().unparseAt !== null; i++)
			expect(await session.poll()).toEqual([]);
		expect(await session.poll()).toEqual([]);
		expect((session.state().pending as string[]).length).toBe(
			videosWithStatus(mock, 'UNPARSE').length,
		);
	});
});

describe('a list that stays out of order', () => {
	it('a whole-list read under way runs to its end instead of starting over at every poll that finds the list out of order; every upload once', async () => {
		mock = await createMockApi({ videos: 20_000, seed: 11 });
		const session = new TriggerSession(mock, withBudget(0.3));
		await session.poll();
		mock.options.unsorted = true;
		mock.options.latencyMs = 5;
		const expected: string[] = [];
		const emitted: string[] = [];
		const pages: number[] = [];
		for (let i = 0; i < 30 && !(pages.length > 0 && pages[pages.length - 1] === 1); i++) {
			const upload = mock.memories.addVideo({ status: 'PARSE' });
			expected.push(`${upload.video_no}:PARSE`);
			emitted.push(...(await session.poll()).map(eventKey));
			pages.push((session.state().wholeAt as { page: number } | null)?.page ?? 0);
		}
		report(
			`list always out of order, 20,000 videos, 300 ms a poll: whole read at pages ${pages.join(', ')}`,
		);
		// It went forward poll after poll to the end of the list (then a new read for what was found meanwhile).
		expect(pages[pages.length - 1]).toBe(1);
		for (let i = 1; i < pages.length - 1; i++) expect(pages[i]).toBeGreaterThan(pages[i - 1]);
		expect(emitted.sort()).toEqual(expected.sort());
	});
});

describe('what kind of failure a poll reports', () => {
	it('a key Memories.ai rejects: credential-invalid (n8n 2.38+ waits for a person, not a retry curve)', async () => {
		mock = await createMockApi({ videos: 10, seed: 5 });
		const session = new TriggerSession(mock, withBudget(5));
		mock.fault({ service: 'memoriesAi', type: 'code', code: '0401', times: 1 });
		const poll = await timedPoll(session);
		expect(poll.error?.failure).toEqual({ cause: 'credential-invalid' });
	});

	it('a rate limit that outlasts the retries: rate-limited, with the wait the server asked for', async () => {
		mock = await createMockApi({ videos: 10, seed: 5 });
		const session = new TriggerSession(mock, withBudget(5));
		mock.fault({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 600, times: 1 });
		const poll = await timedPoll(session);
		expect(poll.error?.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 600_000 });
	});
});
