import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MemoriesAiApi } from '../../../credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../../nodes/MemoriesAi/MemoriesAi.node';
import { DEFAULT_REQUEST_POLICY } from '../../../nodes/shared/policy';
import {
	clearLogs,
	closedPort,
	executeNode,
	logText,
	registerCredentialTypes,
	TEST_POLICY,
} from '../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../testbed/mock-api';

const node = new MemoriesAi(TEST_POLICY);
let mock: MockApi;

beforeAll(async () => {
	registerCredentialTypes([new MemoriesAiApi()]);
	mock = await createMockApi({ videos: 1001, seed: 7 });
});
afterAll(async () => await mock.close());
beforeEach(() => {
	mock.resetCounters();
	mock.clearFaults();
	mock.options.legacy = false;
});

const credentials = () => ({
	memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
});
const run = async (
	parameters: IDataObject,
	extra: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
) => (await executeNode(node, { parameters, credentials: credentials(), ...extra }))[0];
const listRequests = () => mock.requests.filter((r) => r.path.endsWith('/list_videos'));
const videos = { resource: 'video', operation: 'getAll' };

/** Runs and returns the thrown error (the test fails if nothing is thrown). */
async function failure(parameters: IDataObject): Promise<Error & { description?: string }> {
	const error = await run(parameters).then(
		() => undefined,
		(e: unknown) => e as Error & { description?: string },
	);
	if (!error) throw new Error('expected the node to throw');
	return error;
}

describe('Video → Get Many', () => {
	it('Return All over 1,001 videos makes exactly 6 requests of 200 and returns them all, newest first', async () => {
		const out = await run({ ...videos, returnAll: true });
		expect(out).toHaveLength(1001);
		expect(listRequests()).toHaveLength(6);
		expect(listRequests().map((r) => (r.body as IDataObject).size)).toEqual([
			200, 200, 200, 200, 200, 200,
		]);
		expect(new Set(out.map((i) => i.json.video_no)).size).toBe(1001);
		const times = out.map((i) => i.json.create_time as number);
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});

	it('Limit 250 makes 2 requests and returns 250', async () => {
		const out = await run({ ...videos, limit: 250 });
		expect(out).toHaveLength(250);
		expect(listRequests()).toHaveLength(2);
	});

	it('a Limit under one page asks for exactly that many', async () => {
		const out = await run({ ...videos, limit: 3 });
		expect(out).toHaveLength(3);
		expect(listRequests().map((r) => (r.body as IDataObject).size)).toEqual([3]);
	});

	it('sends every filter in the API field names', async () => {
		await run({
			...videos,
			limit: 5,
			uniqueId: 'team-a',
			filters: {
				status: 'FAILED',
				videoName: 'clip one',
				videoNos: 'VI1, VI2 ,VI3',
				tag: 'holiday',
				cameraModel: 'Canon EOS 5D',
				takenAfter: '2024-10-20T00:00:00.000Z',
				location: { coordinates: { latitude: 39.9042, longitude: 116.4074 } },
			},
		});
		expect(listRequests()[0].body).toEqual({
			page: 1,
			size: 5,
			unique_id: 'team-a',
			status: 'FAILED',
			video_name: 'clip one',
			video_nos: ['VI1', 'VI2', 'VI3'],
			tag: 'holiday',
			camera_model: 'Canon EOS 5D',
			datetime_taken: Date.UTC(2024, 9, 20),
			latitude: 39.9042,
			longitude: 116.4074,
		});
	});

	it('filters the results by status', async () => {
		const out = await run({ ...videos, returnAll: true, filters: { status: 'UNPARSE' } });
		const expected = mock.memories.videos.filter((v) => v.status === 'UNPARSE').length;
		expect(expected).toBeGreaterThan(0);
		expect(out).toHaveLength(expected);
		expect(out.every((i) => i.json.status === 'UNPARSE')).toBe(true);
	});

	it('accepts Video IDs as an array (from an expression)', async () => {
		const ids = mock.memories.videos.slice(0, 2).map((v) => v.video_no);
		const out = await run({ ...videos, returnAll: true, filters: { videoNos: ids } });
		expect(out.map((i) => i.json.video_no).sort()).toEqual([...ids].sort());
	});

	it('turns legacy string numbers and "null" into numbers and null', async () => {
		mock.options.legacy = true;
		const out = await run({ ...videos, limit: 300 });
		expect(out).toHaveLength(300);
		expect(listRequests()).toHaveLength(2);
		const first = out[0].json;
		expect(typeof first.create_time).toBe('number');
		expect(typeof first.duration).toBe('number');
		expect(typeof first.size).toBe('number');
		const parsed = out.find((i) => i.json.status === 'PARSE')!.json;
		expect(parsed.cause).toBeNull();
	});

	it.each([
		['limit 0', { limit: 0 }, /Limit must be/],
		// The editor fills both numbers in; an expression can still leave one empty.
		[
			'latitude without longitude',
			{ filters: { location: { coordinates: { latitude: 10, longitude: '={{ "" }}' } } } },
			/both a latitude and a longitude/,
		],
		[
			'a malformed video ID',
			{ filters: { videoNos: 'VI1, not an id' } },
			/"not an id", which is not a video ID/,
		],
		['an unknown status', { filters: { status: 'DONE-ISH' } }, /not a Memories.ai status/],
		['an empty Unique ID', { uniqueId: '  ' }, /Unique ID is empty/],
		['a date that is not a date', { filters: { takenAfter: 'yesterday-ish' } }, /not a date/],
	])('rejects %s before any request', async (_name, parameters, message) => {
		const error = await failure({ ...videos, ...parameters });
		expect(error.message).toMatch(message);
		expect(mock.requests).toHaveLength(0);
	});
});

describe('Video → Get', () => {
	it('returns the one video', async () => {
		const target = mock.memories.videos[500];
		const out = await run({ resource: 'video', operation: 'get', videoNo: target.video_no });
		expect(out).toHaveLength(1);
		expect(out[0].json.video_no).toBe(target.video_no);
		expect(listRequests()[0].body).toMatchObject({
			video_no: target.video_no,
			unique_id: 'default',
		});
	});

	it('says clearly when the video does not exist', async () => {
		const error = await failure({
			resource: 'video',
			operation: 'get',
			videoNo: 'VI000000000000000000',
		});
		expect(error.message).toBe('No Memories.ai video with ID "VI000000000000000000" was found');
	});

	it('rejects an empty video ID before any request', async () => {
		const error = await failure({ resource: 'video', operation: 'get', videoNo: ' ' });
		expect(error.message).toBe('Video ID is empty');
		expect(mock.requests).toHaveLength(0);
	});
});

describe('Folder → Get Many', () => {
	it('lists the folders, Limit applied locally', async () => {
		const all = await run({ resource: 'folder', operation: 'getAll', returnAll: true });
		expect(all.length).toBe(mock.memories.folders.length);
		expect(all[0].json).toHaveProperty('foldersName');
		const two = await run({ resource: 'folder', operation: 'getAll', limit: 2 });
		expect(two).toHaveLength(2);
		expect(mock.count({ path: 'get_folder' })).toBe(2);
	});
});

describe('errors and retries', () => {
	it.each([
		['0001', 'Memories.ai had a temporary problem'],
		['0003', 'Memories.ai did not accept the request parameters'],
		['0401', 'Memories.ai rejected the API key'],
		['0402', 'The Memories.ai account is out of credits'],
		['0403', 'The Memories.ai account or API key is disabled'],
		['0429', 'Memories.ai is limiting how fast requests can be made'],
		['9009', 'The Memories.ai API key has no permission to do this'],
	])('code %s becomes a plain message with the code in the description', async (code, message) => {
		mock.fault({
			service: 'memoriesAi',
			type: 'code',
			code,
			msg: `vendor words ${code}`,
			times: 10,
		});
		const error = await failure({ ...videos, limit: 1 });
		expect(error.message).toContain(message);
		expect(error.description).toContain(`code ${code}`);
		expect(error.description).toContain(`vendor words ${code}`);
	});

	it('retries only the transient codes 0001 and 0429', async () => {
		for (const [code, attempts] of [
			['0001', DEFAULT_REQUEST_POLICY.maxRetries + 1],
			['0429', DEFAULT_REQUEST_POLICY.maxRetries + 1],
			['0003', 1],
			['0401', 1],
		] as const) {
			mock.resetCounters();
			mock.clearFaults();
			mock.fault({ service: 'memoriesAi', type: 'code', code, times: 10 });
			await failure({ ...videos, limit: 1 });
			expect([code, mock.count({ path: 'list_videos' })]).toEqual([code, attempts]);
		}
	});

	it('waits out HTTP 429 with Retry-After, then succeeds', async () => {
		mock.fault({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 1, times: 1 });
		const out = await run({ ...videos, limit: 2 });
		expect(out).toHaveLength(2);
		const [first, second] = listRequests();
		expect(second.at - first.at).toBeGreaterThanOrEqual(950);
	});

	it('retries 5xx and a reset connection, then succeeds', async () => {
		mock.fault({ service: 'memoriesAi', type: 'http', status: 503, times: 2 });
		mock.fault({ service: 'memoriesAi', type: 'reset', times: 1 });
		const out = await run({ ...videos, limit: 2 });
		expect(out).toHaveLength(2);
		expect(mock.count({ path: 'list_videos' })).toBe(4);
	});

	it('reports a 5xx that does not go away in plain words', async () => {
		mock.fault({ service: 'memoriesAi', type: 'http', status: 502, times: 20 });
		const error = await failure({ ...videos, limit: 2 });
		expect(error.message).toBe(
			'Memories.ai is having trouble right now (server error). Try again later',
		);
		expect(error.description).toContain('HTTP 502');
		expect(mock.count({ path: 'list_videos' })).toBe(DEFAULT_REQUEST_POLICY.maxRetries + 1);
	});

	it('reports a connection that keeps breaking in plain words, after the retries', async () => {
		mock.fault({ service: 'memoriesAi', type: 'reset', times: 20 });
		const error = await failure({ ...videos, limit: 2 });
		expect(error.message).toBe('Could not reach Memories.ai: the connection failed or timed out');
		expect(error.description).toContain('code ECONNRESET');
		expect(mock.count({ path: 'list_videos' })).toBe(DEFAULT_REQUEST_POLICY.maxRetries + 1);
	});

	it('a Base URL where nothing listens is reported in plain words, without the key', async () => {
		const closed = await closedPort();
		const error = (await executeNode(node, {
			parameters: { ...videos, limit: 1 },
			credentials: {
				memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: `http://127.0.0.1:${closed}` },
			},
		}).catch((e: unknown) => e)) as Error & { description?: string };
		expect(error.message).toBe('Could not reach Memories.ai: the connection failed or timed out');
		expect(error.description).toContain('ECONNREFUSED');
		for (const text of [JSON.stringify(error), String(error.stack), String(error.description)]) {
			expect(text).not.toContain(mock.keys.memoriesAi);
		}
	});

	it('reports malformed JSON clearly and does not retry it', async () => {
		mock.fault({ service: 'memoriesAi', type: 'malformed', times: 1 });
		const error = await failure({ ...videos, limit: 2 });
		expect(error.message).toBe('Memories.ai sent a response that is not valid JSON');
		expect(mock.count({ path: 'list_videos' })).toBe(1);
	});

	it('with Continue On Fail, a failing item becomes an error item paired with its input', async () => {
		const items = [{ json: { id: 'ok' } }, { json: { id: 'bad' } }, { json: { id: 'ok2' } }];
		const known = mock.memories.videos[0].video_no;
		const out = await run(
			{
				resource: 'video',
				operation: 'get',
				videoNo: '={{ $json.id === "bad" ? "VI999" : "' + known + '" }}',
			},
			{ items, continueOnFail: true },
		);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.video_no).toBe(known);
		expect(out[1].json.error).toBe('No Memories.ai video with ID "VI999" was found');
		expect(out[2].json.video_no).toBe(known);
	});

	it('an answer of the wrong shape reaches n8n as a node error naming the field', async () => {
		// A list whose `videos` is an object (v1/actions/video/misbehavingServer.test.ts: every shape).
		mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			times: 1,
			body: '{"code":"0000","success":true,"data":{"videos":{},"total_count":1}}',
		});
		const error = await failure({ ...videos, limit: 2 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Memories.ai sent an answer this node cannot read: data.videos is not a list',
		);
	});

	it('without Continue On Fail, the error names the failing item', async () => {
		const items = [{ json: {} }, { json: {} }];
		const error = (await executeNode(node, {
			parameters: { ...videos, limit: '={{ $itemIndex === 1 ? 0 : 5 }}' },
			credentials: credentials(),
			items,
		}).catch((e: unknown) => e)) as { context?: IDataObject };
		expect(error.context?.itemIndex).toBe(1);
	});
});

describe('pacing under the 5 requests/second account limit', () => {
	afterEach(() => {
		mock.options.qpsLimit = null;
	});

	it('Return All against a rate-limited account is never refused and needs no extra request', async () => {
		const paced = new MemoriesAi({ ...TEST_POLICY, pacing: true });
		mock.options.qpsLimit = 5;
		mock.options.latencyMs = 50;
		try {
			const [out] = await executeNode(paced, {
				parameters: { ...videos, returnAll: true },
				credentials: credentials(),
			});
			expect(out).toHaveLength(1001);
		} finally {
			mock.options.latencyMs = 0;
		}
		const sent = listRequests();
		expect(sent).toHaveLength(6);
		expect(sent.filter((r) => r.limited)).toHaveLength(0);
		// No sliding second holds more than 5 requests.
		for (const request of sent)
			expect(
				sent.filter((r) => r.at >= request.at && r.at < request.at + 1000).length,
			).toBeLessThanOrEqual(5);
	});

	it('without pacing the same listing would have been refused (the mock limit is real)', async () => {
		mock.options.qpsLimit = 5;
		// With the suite's millisecond backoff the retries run out, too.
		await run({ ...videos, returnAll: true }).catch(() => undefined);
		expect(mock.requests.filter((r) => r.limited).length).toBeGreaterThan(0);
	});
});

describe('secrets', () => {
	it('the API key is in no error, output or log', async () => {
		const key = mock.keys.memoriesAi;
		const seen: string[] = [];
		clearLogs();
		seen.push(JSON.stringify(await run({ ...videos, limit: 2 })));
		for (const fault of [
			{ type: 'code', code: '0401', msg: `bad key ${key}` },
			{ type: 'http', status: 500, body: { message: `echo ${key}` } },
			{ type: 'malformed' },
			{ type: 'reset' },
		] as const) {
			mock.clearFaults();
			mock.fault({ service: 'memoriesAi', times: 20, ...fault });
			const error = await failure({ ...videos, limit: 2 });
			seen.push(
				JSON.stringify(error),
				String(error.message),
				String(error.description),
				String(error.stack),
			);
			seen.push(JSON.stringify((error as { errorResponse?: unknown }).errorResponse ?? null));
		}
		const badKey = await executeNode(node, {
			parameters: { ...videos, limit: 1 },
			credentials: { memoriesAiApi: { apiKey: `${key}-wrong`, baseUrl: mock.baseUrls.memoriesAi } },
			continueOnFail: true,
		});
		seen.push(JSON.stringify(badKey));
		seen.push(logText());
		for (const text of seen) expect(text).not.toContain(key);
		expect(seen.join('\n')).toContain('***');
	});
});
