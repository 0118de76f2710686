/** Tests of the loopback mock API itself, with plain fetch. */
import { createMockApi } from '../mock-api';
import type {
	HeyGenError,
	HeyGenFolder,
	HeyGenListResponse,
	KonproError,
	KonproFolder,
	KonproListResponse,
	LegacyListVideosResponse,
	ListVideosRequest,
	ListVideosResponse,
	MemoriesBusinessError,
	MockApi,
	WireVideo,
} from '../mock-api';

type Json = Record<string, unknown>;

async function listVideos(
	mock: MockApi,
	body: ListVideosRequest | string,
	key: string | null = mock.keys.memoriesAi,
) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers.authorization = key;
	const res = await fetch(`${mock.baseUrls.memoriesAi}/serve/api/v1/list_videos`, {
		method: 'POST',
		headers,
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return {
		status: res.status,
		headers: res.headers,
		json: (await res.json()) as ListVideosResponse,
	};
}

function okData(r: ListVideosResponse) {
	if (!r.success) throw new Error(`expected success, got ${r.code} ${r.msg}`);
	return r.data;
}

function errorOf(r: ListVideosResponse): MemoriesBusinessError {
	if (r.success) throw new Error('expected a business error');
	return r;
}

async function folders(
	mock: MockApi,
	service: 'heyGen' | 'konpro',
	query = '',
	init: { method?: string; body?: unknown; key?: string } = {},
) {
	const res = await fetch(`${mock.baseUrls[service]}${query}`, {
		method: init.method ?? 'GET',
		headers: { 'content-type': 'application/json', 'x-api-key': init.key ?? mock.keys[service] },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	const text = await res.text();
	return { status: res.status, text, json: (text ? JSON.parse(text) : undefined) as unknown };
}

async function admin(mock: MockApi, method: string, path: string, body?: unknown) {
	const res = await fetch(`${mock.url}/__admin${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as Json };
}

describe('mock API: Memories.ai', () => {
	let mock: MockApi;
	beforeAll(async () => {
		mock = await createMockApi({ seed: 1, videos: 25, folders: 12 });
	});
	afterAll(async () => {
		await mock.close();
	});
	afterEach(() => {
		mock.options.legacy = false;
		mock.clearFaults();
	});

	test('lists newest create_time first (ties by video_no desc), with the documented fields', async () => {
		const t = mock.clock.now() + 1000;
		mock.memories.addVideo({ video_no: 'VI100000000000000001', create_time: t, status: 'PARSE' });
		mock.memories.addVideo({ video_no: 'VI100000000000000002', create_time: t, status: 'PARSE' });
		const data = okData((await listVideos(mock, { size: 200 })).json);
		const times = data.videos.map((v) => v.create_time);
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		expect(data.videos[0].video_no).toBe('VI100000000000000002');
		expect(data.videos[1].video_no).toBe('VI100000000000000001');
		for (const v of data.videos) {
			expect(v.video_no).toMatch(/^VI\d{18}$/);
			expect(typeof v.duration).toBe('number');
			if (v.status === 'FAILED') expect(typeof v.cause).toBe('string');
			else expect(v).not.toHaveProperty('cause');
		}
		expect(new Set(data.videos.map((v) => v.status))).toEqual(
			new Set(['PARSE', 'UNPARSE', 'FAILED']),
		);
		mock.memories.deleteVideo('VI100000000000000001');
		mock.memories.deleteVideo('VI100000000000000002');
	});

	test('pages with total_count, default size 20, size <= 200, page >= 1', async () => {
		const first = okData((await listVideos(mock, {})).json);
		expect(first).toMatchObject({ current_page: 1, page_size: 20, total_count: 25 });
		expect(first.videos).toHaveLength(20);
		const seen: string[] = [];
		for (let page = 1; page <= 3; page++) {
			const d = okData((await listVideos(mock, { page, size: 10 })).json);
			expect(d.total_count).toBe(25);
			seen.push(...d.videos.map((v) => v.video_no));
		}
		expect(seen).toEqual(mock.memories.videos.map((v) => v.video_no));
		expect(okData((await listVideos(mock, { page: 9, size: 10 })).json).videos).toEqual([]);
		const tooBig = await listVideos(mock, { size: 201 });
		expect(tooBig.status).toBe(200);
		expect(errorOf(tooBig.json)).toEqual({
			code: '0003',
			msg: 'size must be <= 200',
			data: null,
			success: false,
			failed: true,
		});
		expect(errorOf((await listVideos(mock, { page: 0 })).json).code).toBe('0003');
		expect(errorOf((await listVideos(mock, '{"page":')).json).code).toBe('0003');
	});

	test('basic filters: status, video_no, video_nos, video_name, unique_id', async () => {
		const unparse = okData((await listVideos(mock, { status: 'UNPARSE', size: 200 })).json);
		expect(unparse.total_count).toBe(
			mock.memories.videos.filter((v) => v.status === 'UNPARSE').length,
		);
		expect(unparse.videos.every((v) => v.status === 'UNPARSE')).toBe(true);
		expect(errorOf((await listVideos(mock, { status: 'DONE' })).json).code).toBe('0003');

		const [a, b, c] = mock.memories.videos;
		expect(
			okData((await listVideos(mock, { video_no: b.video_no })).json).videos.map((v) => v.video_no),
		).toEqual([b.video_no]);
		const byNos = okData(
			(await listVideos(mock, { video_nos: [c.video_no, a.video_no, 'VI000000000000000000'] }))
				.json,
		);
		expect(byNos.videos.map((v) => v.video_no)).toEqual([a.video_no, c.video_no]);
		expect(okData((await listVideos(mock, { video_name: a.video_name })).json).total_count).toBe(1);

		const other = mock.memories.addVideo({ unique_id: 'tenant-2', status: 'PARSE' });
		expect(
			okData((await listVideos(mock, { unique_id: 'tenant-2' })).json).videos.map(
				(v) => v.video_no,
			),
		).toEqual([other.video_no]);
		expect(okData((await listVideos(mock, {})).json).total_count).toBe(25);
		mock.memories.deleteVideo(other.video_no);
	});

	test('metadata filters: tag, camera_model, datetime_taken, latitude+longitude (20 km)', async () => {
		const v = mock.memories.addVideo({
			status: 'PARSE',
			tags: ['mock-tag', 'api'],
			camera_model: 'Mock Cam 1',
			datetime_taken: 1700000000000,
			latitude: 10,
			longitude: 20,
		});
		const nos = async (body: ListVideosRequest) =>
			okData((await listVideos(mock, body)).json).videos.map((x) => x.video_no);
		expect(await nos({ tag: 'mock-tag' })).toEqual([v.video_no]);
		expect(await nos({ camera_model: 'Mock Cam 1' })).toEqual([v.video_no]);
		expect(await nos({ camera_model: 'Mock Cam 1', datetime_taken: 1700000000000 })).toEqual([
			v.video_no,
		]);
		expect(await nos({ camera_model: 'Mock Cam 1', datetime_taken: 1700000000001 })).toEqual([]);
		expect(await nos({ latitude: 10.1, longitude: 20 })).toEqual([v.video_no]); // ~11 km
		expect(await nos({ latitude: 10.3, longitude: 20 })).toEqual([]); // ~33 km
		const oneSided = errorOf((await listVideos(mock, { latitude: 10 })).json);
		expect(oneSided).toMatchObject({
			code: '0003',
			msg: 'The latitude and longitude parameters must be provided together.',
		});
		// metadata is visible (and filterable) only once the video is parsed
		mock.memories.setStatus(v.video_no, 'UNPARSE');
		expect(await nos({ tag: 'mock-tag' })).toEqual([]);
		mock.memories.deleteVideo(v.video_no);
	});

	test('auth: wrong, Bearer-prefixed or missing key -> HTTP 200 code 0401; the key is never recorded', async () => {
		for (const key of ['nope', `Bearer ${mock.keys.memoriesAi}`, null]) {
			const r = await listVideos(mock, {}, key);
			expect(r.status).toBe(200);
			expect(r.json).toEqual({
				code: '0401',
				msg: 'Invalid API key',
				data: null,
				success: false,
				failed: true,
			});
		}
		const folderRes = await fetch(`${mock.baseUrls.memoriesAi}/serve/api/video/get_folder`, {
			headers: { authorization: mock.keys.memoriesAi },
		});
		const body = (await folderRes.json()) as Json;
		expect(body).toMatchObject({ code: '0000', success: true, failed: false });
		expect(body.data).toEqual(
			expect.arrayContaining([
				{
					account: expect.any(String),
					foldersName: 'Default folder',
					parentId: null,
					level: 1,
					id: '-1',
				},
			]),
		);
		expect(JSON.stringify(mock.requests)).not.toContain(mock.keys.memoriesAi);
		expect(mock.requests.map((r) => r.auth)).toEqual(
			expect.arrayContaining(['ok', 'invalid', 'missing']),
		);
	});

	test('legacy format: numbers as strings, cause "null", statuses as stored, alias-aware status filter', async () => {
		mock.options.legacy = true;
		const done = mock.memories.addVideo({ status: 'DONE' });
		const fail = mock.memories.addVideo({ status: 'PARSE_ERROR', cause: 'bad file' });
		const r = (await listVideos(mock, { size: 5 })).json as unknown as LegacyListVideosResponse;
		if (!r.success) throw new Error('expected success');
		expect(r.data.total_count).toBe('27');
		expect(r.data.videos[0]).toMatchObject({
			video_no: fail.video_no,
			status: 'PARSE_ERROR',
			cause: 'bad file',
			create_time: String(fail.create_time),
		});
		expect(r.data.videos[1]).toMatchObject({
			video_no: done.video_no,
			status: 'DONE',
			cause: 'null',
		});
		expect(typeof r.data.videos[1].duration).toBe('string');
		expect(typeof r.data.videos[1].size).toBe('string');
		const parsed = okData((await listVideos(mock, { status: 'parse', size: 200 })).json);
		expect(parsed.videos.map((v) => v.video_no)).toContain(done.video_no);
		const failed = okData((await listVideos(mock, { status: 'FAILED', size: 200 })).json);
		expect(failed.videos.map((v) => v.video_no)).toContain(fail.video_no);
		mock.memories.deleteVideo(done.video_no);
		mock.memories.deleteVideo(fail.video_no);
	});

	test('clock: new videos take create_time from it and advance it 1 ms', async () => {
		const start = mock.clock.now();
		const a = mock.memories.addVideo({});
		const b = mock.memories.addVideo({});
		expect([a.create_time, b.create_time]).toEqual([start, start + 1]);
		mock.clock.advance(60000);
		expect(mock.memories.addVideo({}).create_time).toBe(start + 2 + 60000);
		mock.clock.set(start);
		expect(mock.memories.videos[0].video_no).not.toBe(a.video_no);
		expect(mock.memories.videos.slice(0, 3).map((v) => v.create_time)).toEqual([
			start + 60002,
			start + 1,
			start,
		]);
		for (const v of mock.memories.videos.slice(0, 3)) mock.memories.deleteVideo(v.video_no);
		expect(mock.memories.videos).toHaveLength(25);
	});
});

describe('mock API: HeyGen and Konpro folders', () => {
	let mock: MockApi;
	beforeAll(async () => {
		mock = await createMockApi({ seed: 7, videos: 5, folders: 45 });
	});
	afterAll(async () => {
		await mock.close();
	});

	test('HeyGen: token pagination ends with token null; total; newest first; trashed excluded', async () => {
		const all: HeyGenFolder[] = [];
		let token: string | null = null;
		let pages = 0;
		do {
			const q: string = `/v1/folders?limit=10${token ? `&token=${encodeURIComponent(token)}` : ''}`;
			const r = await folders(mock, 'heyGen', q);
			expect(r.status).toBe(200);
			const body = r.json as HeyGenListResponse;
			expect(body.error).toBeNull();
			all.push(...body.data.folders);
			token = body.data.token;
			expect(body.data.total).toBe(mock.heyGen.folders.filter((f) => !f.is_trash).length);
			pages++;
		} while (token !== null && pages < 20);
		expect(token).toBeNull();
		expect(all.map((f) => f.id)).toEqual(
			mock.heyGen.folders.filter((f) => !f.is_trash).map((f) => f.id),
		);
		expect(all[0]).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{32}$/),
			name: expect.any(String),
			parent_id: all[0].parent_id === null ? null : expect.any(String),
			project_type: expect.any(String),
			is_trash: false,
			created_ts: expect.any(Number),
			updated_ts: expect.any(Number),
			direct_children_count: expect.any(Number),
			creator_username: expect.any(String),
		});
		const ts = all.map((f) => f.created_ts);
		expect([...ts].sort((a, b) => b - a)).toEqual(ts);
	});

	test('Konpro: token on every page, has_more decides; shapes', async () => {
		const all: KonproFolder[] = [];
		let token: string | undefined;
		let body: KonproListResponse;
		let pages = 0;
		do {
			const r = await folders(
				mock,
				'konpro',
				`/v1/folders?limit=10${token ? `&token=${token}` : ''}`,
			);
			body = r.json as KonproListResponse;
			all.push(...body.folders);
			token = body.token;
			expect(typeof body.token).toBe('string');
			pages++;
		} while (body.has_more && pages < 10);
		expect(body.has_more).toBe(false);
		const live = mock.konpro.folders.filter((f) => !f.is_trash);
		expect(pages).toBe(Math.ceil(live.length / 10));
		expect(all.map((f) => f.id)).toEqual(live.map((f) => f.id));
		expect(all[0].id).toMatch(/^folder_\d+$/);
		expect(all[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		// the final token is valid and leads to an empty last page
		const after = (await folders(mock, 'konpro', `/v1/folders?token=${token}`))
			.json as KonproListResponse;
		expect(after).toMatchObject({ folders: [], has_more: false });
	});

	test('validation and error shapes: limit, token, is_trash, auth', async () => {
		for (const q of ['limit=101', 'limit=abc', 'limit=-1', 'token=garbage', 'is_trash=maybe']) {
			const hg = await folders(mock, 'heyGen', `/v1/folders?${q}`);
			expect(hg.status).toBe(400);
			expect(hg.json).toEqual({
				error: { code: 'invalid_parameter', message: expect.any(String) },
				data: null,
			});
			const kp = await folders(mock, 'konpro', `/v1/folders?${q}`);
			expect(kp.status).toBe(400);
			expect(kp.json).toEqual({
				error: {
					code: 'invalid_parameter',
					message: expect.any(String),
					details: expect.anything(),
				},
				request_id: expect.any(String),
			});
		}
		const forged = Buffer.from(JSON.stringify({ offset: 2, nonce: 'x' })).toString('base64url');
		expect((await folders(mock, 'heyGen', `/v1/folders?token=${forged}`)).status).toBe(400);
		const hg401 = await folders(mock, 'heyGen', '/v1/folders', { key: mock.keys.konpro });
		expect(hg401).toMatchObject({
			status: 401,
			json: { error: { code: 'unauthorized', message: 'Invalid API key' }, data: null },
		});
		const kp401 = await folders(mock, 'konpro', '/v1/folders', { key: 'nope' });
		expect(kp401.status).toBe(401);
		expect((kp401.json as KonproError).error.code).toBe('unauthorized');
		expect((await folders(mock, 'heyGen', '/v2/whatever')).status).toBe(404);
	});

	test('filters: is_trash, name_filter (case-insensitive), parent_id; direct_children_count', async () => {
		const trashed = (await folders(mock, 'heyGen', '/v1/folders?is_trash=true&limit=100'))
			.json as HeyGenListResponse;
		expect(trashed.data.folders.length).toBeGreaterThan(0);
		expect(trashed.data.folders.every((f) => f.is_trash)).toBe(true);
		const named = (await folders(mock, 'heyGen', '/v1/folders?name_filter=MARKET&limit=100'))
			.json as HeyGenListResponse;
		expect(named.data.folders.length).toBeGreaterThan(0);
		expect(named.data.folders.every((f) => f.name.toLowerCase().includes('market'))).toBe(true);
		const parent = mock.heyGen.folders.find((f) => f.direct_children_count > 0 && !f.is_trash);
		if (!parent) throw new Error('seed should nest some folders');
		const kids = (await folders(mock, 'heyGen', `/v1/folders?parent_id=${parent.id}&limit=100`))
			.json as HeyGenListResponse;
		expect(kids.data.folders).toHaveLength(parent.direct_children_count);
		expect(kids.data.folders.every((f) => f.parent_id === parent.id)).toBe(true);
	});

	test('create, rename, trash, restore (HeyGen wrapped, Konpro bare / 201 / 204) and their errors', async () => {
		const created = await folders(mock, 'heyGen', '/v1/folders/create', {
			method: 'POST',
			body: { name: 'New one', project_type: 'video' },
		});
		expect(created.status).toBe(200);
		const folder = (created.json as { error: null; data: HeyGenFolder }).data;
		expect(folder).toMatchObject({
			name: 'New one',
			project_type: 'video',
			parent_id: null,
			is_trash: false,
		});
		expect(mock.heyGen.folders[0].id).toBe(folder.id);
		const child = await folders(mock, 'heyGen', '/v1/folders/create', {
			method: 'POST',
			body: { name: 'Kid', parent_id: folder.id },
		});
		expect((child.json as { data: HeyGenFolder }).data.parent_id).toBe(folder.id);
		expect(mock.heyGen.get(folder.id)?.direct_children_count).toBe(1);
		const renamed = await folders(mock, 'heyGen', `/v1/folders/${folder.id}`, {
			method: 'POST',
			body: { name: 'Renamed' },
		});
		expect((renamed.json as { data: HeyGenFolder }).data.name).toBe('Renamed');
		expect(
			(await folders(mock, 'heyGen', `/v1/folders/${folder.id}/trash`, { method: 'POST' })).json,
		).toEqual({ error: null, data: null });
		expect(mock.heyGen.get(folder.id)?.is_trash).toBe(true);
		await folders(mock, 'heyGen', `/v1/folders/${folder.id}/restore`, { method: 'POST' });
		expect(mock.heyGen.get(folder.id)?.is_trash).toBe(false);
		expect(
			(
				await folders(mock, 'heyGen', '/v1/folders/create', {
					method: 'POST',
					body: { name: '  ' },
				})
			).status,
		).toBe(400);
		expect(
			(
				await folders(mock, 'heyGen', '/v1/folders/create', {
					method: 'POST',
					body: { name: 'x', parent_id: 'nope' },
				})
			).status,
		).toBe(404);
		const missing = await folders(mock, 'heyGen', '/v1/folders/nope', {
			method: 'POST',
			body: { name: 'x' },
		});
		expect(missing.status).toBe(404);
		expect((missing.json as HeyGenError).error.code).toBe('not_found');

		const kp = await folders(mock, 'konpro', '/v1/folders/create', {
			method: 'POST',
			body: { name: 'K' },
		});
		expect(kp.status).toBe(201);
		const kf = kp.json as KonproFolder;
		expect(kf).toMatchObject({ name: 'K', parent_id: null, is_trash: false });
		const trash = await folders(mock, 'konpro', `/v1/folders/${kf.id}/trash`, { method: 'POST' });
		expect(trash).toMatchObject({ status: 204, text: '' });
		expect(
			(await folders(mock, 'konpro', '/v1/folders/folder_0/restore', { method: 'POST' })).status,
		).toBe(404);
	});

	test('repeatToken knob: the same token comes back forever', async () => {
		mock.heyGen.repeatToken = true;
		mock.konpro.repeatToken = true;
		try {
			const first = (await folders(mock, 'heyGen', '/v1/folders?limit=100'))
				.json as HeyGenListResponse;
			expect(first.data.token).not.toBeNull();
			const again = (
				await folders(mock, 'heyGen', `/v1/folders?limit=100&token=${first.data.token}`)
			).json as HeyGenListResponse;
			expect(again.data.token).toBe(first.data.token);
			const k1 = (await folders(mock, 'konpro', '/v1/folders?limit=100'))
				.json as KonproListResponse;
			const k2 = (await folders(mock, 'konpro', `/v1/folders?limit=100&token=${k1.token}`))
				.json as KonproListResponse;
			expect(k2).toMatchObject({ token: k1.token, has_more: true });
		} finally {
			mock.heyGen.repeatToken = false;
			mock.konpro.repeatToken = false;
		}
	});
});

describe('mock API: faults, rate limit, hooks, admin', () => {
	let mock: MockApi;
	beforeEach(async () => {
		mock = await createMockApi({ seed: 3, videos: 30, folders: 5 });
	});
	afterEach(async () => {
		await mock.close();
	});

	test('http, code, malformed, reset and latency faults are consumed by matching requests only', async () => {
		mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'http',
			status: 503,
			retryAfter: 2,
		});
		mock.fault({ type: 'code', code: '0001', times: 2 });
		mock.fault({ service: 'heyGen', type: 'malformed' });
		mock.fault({ service: 'konpro', type: 'reset' });

		const hg = await fetch(`${mock.baseUrls.heyGen}/v1/folders`, {
			headers: { 'x-api-key': mock.keys.heyGen },
		});
		expect(hg.status).toBe(200);
		expect(hg.headers.get('content-type')).toContain('application/json');
		await expect(hg.json()).rejects.toThrow();
		await expect(
			fetch(`${mock.baseUrls.konpro}/v1/folders`, { headers: { 'x-api-key': mock.keys.konpro } }),
		).rejects.toThrow();

		const r1 = await listVideos(mock, {});
		expect(r1.status).toBe(503);
		expect(r1.headers.get('retry-after')).toBe('2');
		const r2 = await listVideos(mock, {});
		expect(r2.status).toBe(200);
		expect(r2.json).toEqual({
			code: '0001',
			msg: expect.any(String),
			data: null,
			success: false,
			failed: true,
		});
		expect(errorOf((await listVideos(mock, {})).json).code).toBe('0001');
		expect(okData((await listVideos(mock, {})).json).total_count).toBe(30);
		expect(mock.pendingFaults).toEqual([]);

		mock.fault({ type: 'http', status: 429, body: { code: 429, message: 'slow down' } });
		const custom = await folders(mock, 'heyGen', '/v1/folders');
		expect(custom).toMatchObject({ status: 429, json: { code: 429, message: 'slow down' } });

		mock.fault({ type: 'latency', ms: 300, path: 'get_folder' });
		const t0 = Date.now();
		await fetch(`${mock.baseUrls.memoriesAi}/serve/api/video/get_folder`, {
			headers: { authorization: mock.keys.memoriesAi },
		});
		expect(Date.now() - t0).toBeGreaterThanOrEqual(280);

		expect(mock.requests.map((r) => r.fault ?? r.status)).toEqual([
			'malformed',
			'reset',
			'http',
			'code',
			'code',
			200,
			'http',
			200,
		]);
		expect(mock.count({ service: 'memoriesAi', path: 'list_videos' })).toBe(4);
	});

	test('qps limit per key over a sliding second: code 0429 or HTTP 429 + Retry-After, flagged limited', async () => {
		mock.options.qpsLimit = 3;
		const codes: string[] = [];
		for (let i = 0; i < 5; i++) {
			const r = await listVideos(mock, { size: 1 });
			expect(r.status).toBe(200);
			codes.push(r.json.code);
		}
		expect(codes).toEqual(['0000', '0000', '0000', '0429', '0429']);
		expect(errorOf((await listVideos(mock, {})).json)).toMatchObject({
			code: '0429',
			msg: 'Request exceeded the limit',
			success: false,
		});
		expect(mock.count({ limited: true })).toBe(3);
		// other services are not limited
		expect((await folders(mock, 'heyGen', '/v1/folders')).status).toBe(200);

		mock.options.qpsResponse = 'http';
		const limited = await listVideos(mock, {});
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		await new Promise((r) => setTimeout(r, 1100));
		expect((await listVideos(mock, {})).json.code).toBe('0000');
	});

	test('onRequest runs before the response is computed and can change the dataset; unsubscribe works', async () => {
		const seen: number[] = [];
		const off = mock.onRequest((info) => {
			seen.push(info.index);
			if (info.path.endsWith('list_videos') && (info.body as ListVideosRequest).page === 2) {
				mock.memories.addVideo({ video_name: 'uploaded-mid-scan' });
			}
		});
		const p1 = okData((await listVideos(mock, { page: 1, size: 10 })).json);
		const p2 = okData((await listVideos(mock, { page: 2, size: 10 })).json);
		expect(p2.total_count).toBe(p1.total_count + 1);
		// the upload shifted the list: page 2 starts with page 1's last video again
		expect(p2.videos[0].video_no).toBe(p1.videos[9].video_no);
		off();
		await listVideos(mock, {});
		expect(seen).toEqual([0, 1]);
		expect(mock.requests[1].body).toEqual({ page: 2, size: 10 });
	});

	test('admin HTTP interface: state, videos, status, delete, fault, requests, reset, clock, options', async () => {
		const state = await admin(mock, 'GET', '/state');
		expect(state.json).toMatchObject({
			url: mock.url,
			baseUrls: mock.baseUrls,
			keys: mock.keys,
			memories: { videoCount: 30 },
		});

		const added = (await admin(mock, 'POST', '/memories/videos', { video_name: 'from-admin' }))
			.json as unknown as WireVideo;
		expect(added).toMatchObject({
			video_name: 'from-admin',
			status: 'UNPARSE',
			create_time: mock.clock.now() - 1,
		});
		const changed = await admin(mock, 'POST', `/memories/videos/${added.video_no}/status`, {
			status: 'FAILED',
			cause: 'codec',
		});
		expect(changed.json).toMatchObject({ status: 'FAILED', cause: 'codec' });
		expect(mock.memories.get(added.video_no)?.status).toBe('FAILED');
		expect((await admin(mock, 'DELETE', `/memories/videos/${added.video_no}`)).json).toEqual({
			deleted: true,
		});
		expect((await admin(mock, 'DELETE', `/memories/videos/${added.video_no}`)).status).toBe(404);

		expect(
			(await admin(mock, 'POST', '/fault', { service: 'memoriesAi', type: 'code', code: '0402' }))
				.status,
		).toBe(200);
		expect((await admin(mock, 'POST', '/fault', { type: 'bogus' })).status).toBe(400);
		expect(errorOf((await listVideos(mock, {})).json).code).toBe('0402');
		await folders(mock, 'konpro', '/v1/folders');
		const reqs = await admin(mock, 'GET', '/requests?service=memoriesAi&path=list_videos');
		expect(reqs.json).toMatchObject({
			count: 1,
			requests: [{ service: 'memoriesAi', method: 'POST', status: 200, code: '0402' }],
		});
		await admin(mock, 'POST', '/reset-counters');
		expect(mock.count()).toBe(0);

		expect((await admin(mock, 'POST', '/clock', { set: 1800000000000 })).json).toEqual({
			now: 1800000000000,
		});
		expect((await admin(mock, 'POST', '/clock', { advance: 5 })).json).toEqual({
			now: 1800000000005,
		});
		await admin(mock, 'POST', '/options', { legacy: true });
		expect(mock.options.legacy).toBe(true);
		expect((await listVideos(mock, {})).json).toMatchObject({ data: { total_count: '30' } });
	});

	test('latencyMs delays every service response', async () => {
		mock.options.latencyMs = 250;
		const t0 = Date.now();
		await listVideos(mock, { size: 1 });
		expect(Date.now() - t0).toBeGreaterThanOrEqual(230);
	});

	test('autoProcessMs turns UNPARSE videos final and uploads new ones over time', async () => {
		const pending = mock.memories.videos
			.filter((v) => v.status === 'UNPARSE')
			.map((v) => v.video_no);
		expect(pending.length).toBeGreaterThan(0);
		const before = mock.memories.videos.length;
		mock.options.autoProcessMs = 150;
		await new Promise((r) => setTimeout(r, 700));
		mock.options.autoProcessMs = null;
		for (const no of pending) expect(['PARSE', 'FAILED']).toContain(mock.memories.get(no)?.status);
		expect(mock.memories.videos.length).toBeGreaterThan(before);
		expect(mock.memories.videos[0].video_name).toMatch(/^auto-upload-/);
	});
});

describe('mock API: seeding', () => {
	test('is deterministic per seed', async () => {
		const a = await createMockApi({ seed: 42, videos: 10, folders: 5 });
		const b = await createMockApi({ seed: 42, videos: 10, folders: 5 });
		const c = await createMockApi({ seed: 43, videos: 10, folders: 5 });
		try {
			expect(b.memories.videos).toEqual(a.memories.videos);
			expect(b.heyGen.folders).toEqual(a.heyGen.folders);
			expect(b.konpro.folders).toEqual(a.konpro.folders);
			expect(c.memories.videos).not.toEqual(a.memories.videos);
			for (let i = 1; i < a.memories.videos.length; i++) {
				expect(a.memories.videos[i].create_time).toBeLessThan(a.memories.videos[i - 1].create_time);
			}
			expect(a.memories.videos[0].create_time).toBeLessThan(a.clock.now());
		} finally {
			await Promise.all([a.close(), b.close(), c.close()]);
		}
	});

	test('seeds 100,000 videos and 10,000 folders and answers pages', async () => {
		const big = await createMockApi({ videos: 100000, folders: 10000 });
		try {
			const last = okData((await listVideos(big, { page: 500, size: 200 })).json);
			expect(last.total_count).toBe(100000);
			expect(last.videos).toHaveLength(200);
			expect(last.videos[199].video_no).toBe(big.memories.videos[99999].video_no);
			const pending = okData((await listVideos(big, { status: 'UNPARSE', size: 200 })).json);
			expect(pending.videos.every((v) => v.status === 'UNPARSE')).toBe(true);
			const hg = (await folders(big, 'heyGen', '/v1/folders?limit=100')).json as HeyGenListResponse;
			expect(hg.data.folders).toHaveLength(100);
		} finally {
			await big.close();
		}
	});
});
