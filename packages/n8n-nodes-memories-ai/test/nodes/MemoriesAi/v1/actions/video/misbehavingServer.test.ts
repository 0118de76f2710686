/**
 * Video → Get Many and Get against a Memories.ai that does not behave as documented: capped or
 * oversized pages, a total_count that is missing, wrong or absurd, pages shifting under uploads and
 * deletions, answers of the wrong shape, a filter ignored. In n8n-core's real execute context against
 * the loopback mock, whose answers are edited in flight (mock.memories.listVideos + a 'malformed'
 * fault carrying the edited body).
 */
import type { IDataObject } from 'n8n-workflow';

import { MemoriesAiApi } from '../../../../../../credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../../../../../nodes/MemoriesAi/MemoriesAi.node';
import {
	executeNode,
	registerCredentialTypes,
	report,
	TEST_POLICY,
} from '../../../../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../../../../testbed/mock-api';

const node = new MemoriesAi(TEST_POLICY);
let mock: MockApi;
let stop: (() => void) | undefined;

beforeAll(() => registerCredentialTypes([new MemoriesAiApi()]));
beforeEach(async () => {
	mock = await createMockApi({ videos: 2000, seed: 11 });
});
afterEach(async () => {
	stop?.();
	stop = undefined;
	await mock.close();
});

const credentials = () => ({
	memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
});
const run = async (parameters: IDataObject, continueOnFail = false) =>
	(await executeNode(node, { parameters, credentials: credentials(), continueOnFail }))[0];
const getAll = { resource: 'video', operation: 'getAll', returnAll: true };
const listRequests = () => mock.requests.filter((r) => r.path.endsWith('/list_videos'));

interface ListBody extends IDataObject {
	page: number;
	size: number;
}
type Answer = { code: string; data: { videos: IDataObject[]; total_count: unknown } & IDataObject };

/** Every list_videos answer goes through `edit` (body: what was asked; answer: the mock's own). */
function serve(edit: (body: ListBody) => unknown) {
	stop = mock.onRequest(({ body }) => {
		const answer = edit(body as ListBody);
		if (answer !== undefined)
			mock.fault({
				service: 'memoriesAi',
				type: 'malformed',
				body: JSON.stringify(answer),
				times: 1,
			});
	});
}
const honest = (body: IDataObject) => mock.memories.listVideos(body) as Answer;

/** The figure for the report: requests this scenario cost. */
const reportRequests = (scenario: string) =>
	report(`Get Many, 2,000 videos, ${scenario}: ${listRequests().length} requests`);

const expectAllOnce = (
	out: Array<{ json: IDataObject }>,
	expected = mock.memories.videos.map((v) => v.video_no),
) => {
	const nos = out.map((item) => item.json.video_no as string);
	expect(new Set(nos).size).toBe(nos.length);
	expect([...nos].sort()).toEqual([...expected].sort());
};

describe('Get Many: the end of the list comes from the pages, total_count is a hint', () => {
	it('a cooperative server: 2,000 videos in exactly ceil(2000/200) = 10 requests', async () => {
		const out = await run(getAll);
		expectAllOnce(out);
		reportRequests('cooperative');
		expect(listRequests()).toHaveLength(10);
	});

	it('a server that caps pages at 100 (200 asked): detected and followed at 100 a page, all 2,000', async () => {
		serve((body) => (body.size > 100 ? honest({ ...body, size: 100 }) : undefined));
		const out = await run(getAll);
		expectAllOnce(out);
		reportRequests('pages capped at 100');
		expect(listRequests()).toHaveLength(20);
		expect(
			listRequests()
				.slice(1)
				.every((r) => (r.body as ListBody).size === 100),
		).toBe(true);
	});

	it('pages larger than asked (300 for 200): all 2,000, each once', async () => {
		serve((body) => {
			const answer = honest(body);
			answer.data.videos.push(
				...honest({ ...body, page: body.page + 1 }).data.videos.slice(0, 100),
			);
			return answer;
		});
		expectAllOnce(await run(getAll));
		reportRequests('pages of 300');
	});

	it.each([
		['missing', undefined, 11],
		['-5', -5, 11],
		['195 (too low)', 195, 11],
		['"abc" is rejected', 'abc', 0],
	])('total_count %s', async (_, total, requests) => {
		serve((body) => {
			const answer = honest(body);
			answer.data.total_count = total;
			return answer;
		});
		if (requests === 0) {
			await expect(run(getAll)).rejects.toThrow(
				/Memories\.ai sent an answer this node cannot read: data\.total_count/,
			);
			return;
		}
		expectAllOnce(await run(getAll));
		reportRequests(`total_count ${String(total)}`);
		expect(listRequests()).toHaveLength(requests);
	});

	it.each([1e6, 1e12])(
		'total_count %d: all 2,000, and the empty pages cost at most a handful of requests',
		async (total) => {
			serve((body) => {
				const answer = honest(body);
				answer.data.total_count = total;
				return answer;
			});
			expectAllOnce(await run(getAll));
			report(`total_count ${total}`);
			expect(listRequests().length).toBeLessThanOrEqual(10 + 5);
		},
	);
});

describe('Get Many: pages shifting while they are read', () => {
	it('uploads during the listing (pages shift down): no video twice, every original once', async () => {
		const originals = mock.memories.videos.map((v) => v.video_no);
		serve(() => {
			for (let i = 0; i < 12; i++) mock.memories.addVideo({ status: 'UNPARSE' });
			return undefined;
		});
		const out = await run(getAll);
		const nos = out.map((item) => item.json.video_no as string);
		expect(new Set(nos).size).toBe(nos.length);
		expect(nos).toEqual(expect.arrayContaining(originals));
	});

	it('deletions during the listing (pages shift up): noticed and read again, so no video present throughout is missing', async () => {
		let requests = 0;
		const deleted: string[] = [];
		serve(() => {
			if (++requests === 4) {
				for (const victim of mock.memories.videos.slice(10, 60)) {
					deleted.push(victim.video_no);
					mock.memories.deleteVideo(victim.video_no);
				}
			}
			return undefined;
		});
		const out = await run(getAll);
		const throughout = mock.memories.videos.map((v) => v.video_no);
		expect(throughout).toHaveLength(1950);
		const nos = out.map((item) => item.json.video_no as string);
		expect(nos).toEqual(expect.arrayContaining(throughout));
		expect(new Set(nos).size).toBe(nos.length);
		reportRequests('50 deleted during the listing');
		expect(listRequests().length).toBeGreaterThan(10);
	});
});

describe('answers of the wrong shape are clear errors naming Memories.ai and the field', () => {
	const cases: Array<[string, (answer: Answer) => unknown, RegExp]> = [
		['data null', (a) => ({ ...a, data: null }), /data is not an object/],
		['data a list', (a) => ({ ...a, data: [] }), /data is not an object/],
		['data {}', (a) => ({ ...a, data: {} }), /data\.videos is not a list/],
		[
			'videos an object',
			(a) => ({ ...a, data: { ...a.data, videos: { 0: a.data.videos[0] } } }),
			/data\.videos is not a list/,
		],
		[
			'a null entry',
			(a) => ({ ...a, data: { ...a.data, videos: [a.data.videos[0], null] } }),
			/data\.videos\[1\] is not an object/,
		],
		[
			'a number entry',
			(a) => ({ ...a, data: { ...a.data, videos: [5] } }),
			/data\.videos\[0\] is not an object/,
		],
		[
			'an entry without video_no',
			(a) => ({ ...a, data: { ...a.data, videos: [{ video_name: 'x' }] } }),
			/data\.videos\[0\]\.video_no is not an ID/,
		],
		['the answer a number', () => 42, /the answer is not an object|had no content/],
	];
	it.each(cases)('%s', async (_, edit, expected) => {
		serve((body) => edit(honest(body)));
		const error = (await run({ resource: 'video', operation: 'getAll', limit: 5 }).then(
			() => undefined,
			(e: unknown) => e,
		)) as Error & { description?: string };
		expect(error?.constructor.name).toBe('NodeApiError');
		expect(error.message).toMatch(/Memories\.ai/);
		expect(`${error.message} ${error.description ?? ''}`).toMatch(expected);
	});

	it.each(cases)(
		'%s, under Continue On Fail: one error item naming the field, no other items',
		async (_, edit, expected) => {
			serve((body) => edit(honest(body)));
			const out = await run({ resource: 'video', operation: 'getAll', limit: 5 }, true);
			expect(out).toHaveLength(1);
			expect(`${String(out[0].json.error)} ${String(out[0].json.description ?? '')}`).toMatch(
				expected,
			);
			expect(out[0].pairedItem).toEqual({ item: 0 });
		},
	);

	it('Folder → Get Many: data not a list of folders is a clear error', async () => {
		stop = mock.onRequest(({ path }) => {
			if (path.includes('get_folder'))
				mock.fault({
					service: 'memoriesAi',
					type: 'malformed',
					body: JSON.stringify({ code: '0000', data: { folders: [] } }),
					times: 1,
				});
		});
		await expect(run({ resource: 'folder', operation: 'getAll', returnAll: true })).rejects.toThrow(
			/Memories\.ai sent an answer this node cannot read: data is not a list/,
		);
	});
});

describe('Video → Get', () => {
	it('a server that ignores video_no and returns other videos: a clear error, not the wrong videos', async () => {
		serve((body) =>
			body.video_no ? honest({ ...body, video_no: undefined, size: 2 }) : undefined,
		);
		await expect(run({ resource: 'video', operation: 'get', videoNo: 'VI999' })).rejects.toThrow(
			/not the video asked for/,
		);
	});

	it.each([
		['with a space', 'VI 1'],
		['of 5,000 characters', 'x'.repeat(5000)],
		['with a quote', 'VI"1'],
	])('rejects an ID %s before any request, as Get Many does', async (_, videoNo) => {
		await expect(run({ resource: 'video', operation: 'get', videoNo })).rejects.toThrow(
			/not a video ID/,
		);
		expect(listRequests()).toHaveLength(0);
	});
});
