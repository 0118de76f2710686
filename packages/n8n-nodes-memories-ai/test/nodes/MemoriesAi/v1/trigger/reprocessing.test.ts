/**
 * Memories.ai Trigger: re-processing that skips the UNPARSE phase a poll could see (FAILED → PARSE
 * between two polls), and servers whose answers are incomplete or misleading (a re-read that leaves a
 * video out, a total_count that is too low, a create_time in the future, statuses nobody documented).
 * In n8n-core's real PollContext against the loopback mock.
 */
import type { IDataObject } from 'n8n-workflow';

import { clearLogs, logs } from '../../../../../../../testbed/harness';
import { createMockApi, type MockApi, type MockVideo } from '../../../../../../../testbed/mock-api';
import { NODE_KEY, TriggerSession, eventKey, listRequests, videosWithStatus } from './session';
import { answerWith, isNewestScan, listAnswer, type ListBody } from './wire';

let mock: MockApi;
const both = { triggerOn: ['PARSE', 'FAILED'] };

beforeEach(async () => {
	mock = await createMockApi({ videos: 400, seed: 23 });
	clearLogs();
});
afterEach(async () => await mock.close());

const keys = (items: IDataObject[]) => items.map(eventKey).sort();

/** The mock's own answer to `body`, with `edit` applied to its data before it is sent. */
function answerEdited(
	body: ListBody,
	edit: (data: { videos: IDataObject[]; total_count: unknown }) => void,
): void {
	const answer = mock.memories.listVideos(body) as {
		data: { videos: IDataObject[]; total_count: unknown };
	};
	edit(answer.data);
	answerWith(mock, JSON.stringify(answer));
}

describe('re-processing straight from FAILED to PARSE', () => {
	it.each([
		['both statuses', both],
		['Video Parsed only', { triggerOn: ['PARSE'] }],
	])(
		'%s: an old FAILED video that reads PARSE at the next poll is one PARSE item; failing again later is one FAILED item',
		async (_, parameters) => {
			const session = new TriggerSession(mock, parameters);
			await session.poll();
			const failed = videosWithStatus(mock, 'FAILED').at(-1) as MockVideo;

			mock.memories.setStatus(failed.video_no, 'PARSE');
			expect(keys(await session.poll())).toEqual([`${failed.video_no}:PARSE`]);
			expect(await session.poll()).toEqual([]);

			// Re-processed again, this time failing (its UNPARSE phase seen by a poll).
			mock.memories.setStatus(failed.video_no, 'UNPARSE');
			expect(await session.poll()).toEqual([]);
			mock.memories.setStatus(failed.video_no, 'FAILED');
			const second = await session.poll();
			expect(keys(second)).toEqual(
				parameters.triggerOn.includes('FAILED') ? [`${failed.video_no}:FAILED`] : [],
			);
			// ... and straight to PARSE once more.
			mock.memories.setStatus(failed.video_no, 'PARSE');
			expect(keys(await session.poll())).toEqual([`${failed.video_no}:PARSE`]);
			expect(await session.poll()).toEqual([]);
		},
	);

	it('a FAILED video deleted is dropped after a direct read confirms it, without an event', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const failed = videosWithStatus(mock, 'FAILED').at(-1) as MockVideo;
		expect(session.state().failed).toContain(failed.video_no);
		mock.memories.deleteVideo(failed.video_no);
		expect(await session.poll()).toEqual([]);
		expect(session.state().failed).not.toContain(failed.video_no);
	});

	it('a state saved by version 1 (no watched FAILED videos) learns them at the next poll without reporting them', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const saved = session.staticData[NODE_KEY] as IDataObject;
		saved.v = 1;
		delete saved.failed;
		delete saved.odd;
		const done = videosWithStatus(mock, 'UNPARSE').at(-1) as MockVideo;
		mock.memories.setStatus(done.video_no, 'FAILED');
		expect(keys(await session.poll())).toEqual([`${done.video_no}:FAILED`]);
		expect(session.state()).toMatchObject({ v: 3 });
		expect([...(session.state().failed as string[])].sort()).toEqual(
			videosWithStatus(mock, 'FAILED')
				.map((v) => v.video_no)
				.sort(),
		);
		const failed = videosWithStatus(mock, 'FAILED')[0];
		mock.memories.setStatus(failed.video_no, 'PARSE');
		expect(keys(await session.poll())).toEqual([`${failed.video_no}:PARSE`]);
	});

	it('watching the FAILED videos costs at most one request per 200 of them', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const failedCount = videosWithStatus(mock, 'FAILED').length;
		mock.resetCounters();
		await session.poll();
		// newest page + pending list + ceil(failed / 200) re-reads
		expect(listRequests(mock).length).toBeLessThanOrEqual(2 + Math.ceil(failedCount / 200));
	});
});

describe('answers that are incomplete or misleading', () => {
	it('a video_nos answer that leaves out a pending video that just finished: a direct read finds it, one event', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const done = videosWithStatus(mock, 'UNPARSE').at(-1) as MockVideo;
		mock.memories.setStatus(done.video_no, 'PARSE');
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (list.video_nos?.includes(done.video_no)) {
				answerEdited(list, (data) => {
					data.videos = data.videos.filter((video) => video.video_no !== done.video_no);
					data.total_count = data.videos.length;
				});
			}
		});
		const items = await session.poll();
		stop();
		expect(keys(items)).toEqual([`${done.video_no}:PARSE`]);
		expect(await session.poll()).toEqual([]);
	});

	it('an unfiltered total_count that is too low: 250 uploads already final at first sight are 250 events', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const uploads = Array.from({ length: 250 }, () => mock.memories.addVideo({ status: 'PARSE' }));
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (isNewestScan(list)) answerEdited(list, (data) => (data.total_count = 200));
		});
		const items = await session.poll();
		stop();
		expect(keys(items)).toEqual(uploads.map((v) => `${v.video_no}:PARSE`).sort());
	});

	it('an UNPARSE total_count that is too low: an old video re-processed onto page 2 of the pending list is reported when it finishes', async () => {
		for (let i = 0; i < 200; i++) mock.memories.addVideo({ status: 'UNPARSE' });
		const session = new TriggerSession(mock, { triggerOn: ['PARSE'] });
		await session.poll();
		const old = videosWithStatus(mock, 'PARSE').at(-1) as MockVideo;
		mock.memories.setStatus(old.video_no, 'UNPARSE');
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (list.status === 'UNPARSE') answerEdited(list, (data) => (data.total_count = 200));
		});
		await session.poll();
		stop();
		mock.memories.setStatus(old.video_no, 'PARSE');
		expect(keys(await session.poll())).toEqual([`${old.video_no}:PARSE`]);
	});

	it('a new video the server sorts below the first page (out of order): noticed from the counts, found by reading further, one event', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		expect(await session.poll()).toEqual([]);
		const hidden = mock.memories.addVideo({ status: 'PARSE' });
		const visible = mock.memories.addVideo({ status: 'FAILED' });
		// The server lists `hidden` at position 250 instead of on top.
		const stop = mock.onRequest(({ body }) => {
			const list = body as ListBody;
			if (!isNewestScan(list)) return;
			const order = mock.memories.videos.filter((v) => v.video_no !== hidden.video_no);
			order.splice(250, 0, hidden);
			const { page = 1, size = 20 } = list;
			answerWith(
				mock,
				listAnswer(order.slice((page - 1) * size, page * size), order.length, page, size),
			);
		});
		mock.resetCounters();
		const items = await session.poll();
		stop();
		expect(keys(items)).toEqual([`${hidden.video_no}:PARSE`, `${visible.video_no}:FAILED`].sort());
		expect(
			logs.some(
				(entry) => entry.level === 'warn' && /only 1 new videos are on top/.test(entry.message),
			),
		).toBe(true);
		expect(await session.poll()).toEqual([]);
	});

	it('the count cross-check costs nothing in steady state: uploads, deletions and finishing videos never make a poll read further', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		for (let round = 0; round < 5; round++) {
			mock.memories.addVideo({ status: 'PARSE' });
			mock.memories.addVideo({ status: 'UNPARSE' });
			mock.memories.deleteVideo(mock.memories.videos[150 + round].video_no);
			mock.resetCounters();
			await session.poll();
			expect(listRequests(mock).filter((r) => isNewestScan(r.body as ListBody))).toHaveLength(1);
		}
		expect(logs.some((entry) => /new videos are on top/.test(entry.message))).toBe(false);
	});

	it('a video dated 10 years in the future does not hide later uploads, before or after it is deleted', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const future = mock.memories.addVideo({
			status: 'PARSE',
			create_time: Date.now() + 10 * 365 * 86_400_000,
		});
		const first = await session.poll();
		expect(keys(first)).toEqual([`${future.video_no}:PARSE`]);
		const later = [
			mock.memories.addVideo({ status: 'PARSE' }),
			mock.memories.addVideo({ status: 'FAILED' }),
		];
		expect(keys(await session.poll())).toEqual(
			[`${later[0].video_no}:PARSE`, `${later[1].video_no}:FAILED`].sort(),
		);
		mock.memories.deleteVideo(future.video_no);
		const last = mock.memories.addVideo({ status: 'PARSE' });
		expect(keys(await session.poll())).toEqual([`${last.video_no}:PARSE`]);
		expect(await session.poll()).toEqual([]);
		expect(
			logs.some((entry) => entry.level === 'warn' && /in the future/.test(entry.message)),
		).toBe(true);
	});

	it('an undocumented status (ERROR, CANCELLED) is kept pending for at most 7 days, with one warning when seen and one when dropped', async () => {
		const session = new TriggerSession(mock, both);
		await session.poll();
		const odd = videosWithStatus(mock, 'UNPARSE').slice(-2);
		mock.memories.setStatus(odd[0].video_no, 'ERROR');
		mock.memories.setStatus(odd[1].video_no, 'CANCELLED');
		await session.poll();
		await session.poll();
		expect(session.state().pending).toEqual(expect.arrayContaining(odd.map((v) => v.video_no)));
		// Still pending while it could turn final: one of them does.
		mock.memories.setStatus(odd[0].video_no, 'PARSE');
		expect(keys(await session.poll())).toEqual([`${odd[0].video_no}:PARSE`]);
		// Eight days later (the saved first-seen time moved back), the other one is dropped.
		const saved = session.staticData[NODE_KEY] as { odd: Record<string, number> };
		saved.odd[odd[1].video_no] -= 8 * 86_400_000;
		await session.poll();
		expect(session.state().pending).not.toContain(odd[1].video_no);
		const warnings = logs.filter(
			(entry) => entry.level === 'warn' && entry.message.includes(odd[1].video_no),
		);
		expect(warnings.map((entry) => /does not document/.test(entry.message))).toEqual([true, false]);
		expect(await session.poll()).toEqual([]);
	});
});
