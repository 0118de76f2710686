import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { serveOnLoopback } from '../../../../../../../../testbed/harness';
import { operationSuite } from '../setup';

const suite = operationSuite({ videos: 5 });
const upload = { resource: 'video', operation: 'upload' };
const requestsTo = (endpoint: string) =>
	suite.mock.requests.filter((r) => r.path.endsWith(`/${endpoint}`));
const fileItem = (
	bytes: Buffer,
	fileName = 'clip.mp4',
	mimeType = 'video/mp4',
): INodeExecutionData => ({
	json: {},
	binary: { data: { data: bytes.toString('base64'), mimeType, fileName } },
});

describe('Video → Upload from a URL', () => {
	it('one form-urlencoded request with every option in the API field names; output video_no and status', async () => {
		const out = await suite.run({
			...upload,
			url: 'https://cdn.example.com/media/product-demo.mp4',
			uniqueId: 'team-a',
			options: {
				callbackUrl: 'https://hooks.example.com/done?token=abc',
				tags: 'demo, launch, demo',
				takenAt: '2025-10-20T11:00:00.000Z',
				cameraModel: 'Canon EOS 5D',
				location: { coordinates: { latitude: 39.9042, longitude: 116.4074 } },
				transcriptionPrompt: 'Focus on the speaker',
			},
		});
		const [request] = suite.mock.requests;
		expect(suite.mock.requests).toHaveLength(1);
		expect(request.path).toBe('/serve/api/v1/upload_url');
		expect(request.body).toEqual({
			url: 'https://cdn.example.com/media/product-demo.mp4',
			unique_id: 'team-a',
			callback: 'https://hooks.example.com/done?token=abc',
			camera_model: 'Canon EOS 5D',
			video_transcription_prompt: 'Focus on the speaker',
			tags: ['demo', 'launch'],
			datetime_taken: '2025-10-20 11:00:00',
			latitude: '39.9042',
			longitude: '116.4074',
			retain_original_video: 'true',
		});
		expect(out).toHaveLength(1);
		const video = suite.mock.memories.get(out[0].json.video_no as string)!;
		expect(out[0].json).toEqual({
			video_no: video.video_no,
			video_name: 'product-demo',
			status: 'UNPARSE',
			upload_time: video.create_time,
			unique_id: 'team-a',
		});
		expect(video).toMatchObject({
			unique_id: 'team-a',
			tags: ['demo', 'launch', 'api'],
			datetime_taken: Date.UTC(2025, 9, 20, 11),
			camera_model: 'Canon EOS 5D',
		});
	});

	it('an upload is not repeated after a server error (it may have happened); a refusal (0429) is', async () => {
		suite.mock.fault({ service: 'memoriesAi', path: 'upload_url', type: 'http', status: 502 });
		const error = await suite.failure({ ...upload, url: 'https://cdn.example.com/a.mp4' });
		expect(error.message).toContain('server error');
		expect(requestsTo('upload_url')).toHaveLength(1);
		suite.mock.resetCounters();
		suite.mock.fault({ service: 'memoriesAi', path: 'upload_url', type: 'code', code: '0429' });
		await suite.run({ ...upload, url: 'https://cdn.example.com/a.mp4' });
		expect(requestsTo('upload_url')).toHaveLength(2);
	});

	it('an answer of the wrong shape is an error naming the field', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"videoStatus":"UNPARSE"}}',
		});
		const error = await suite.failure({ ...upload, url: 'https://cdn.example.com/a.mp4' });
		expect(error.message).toBe(
			'Memories.ai sent an answer this node cannot read: data.videoNo is not text',
		);
		// Upload is not repeated blindly: the video may be there although the answer was unreadable.
		expect(error.description).toContain('may have taken effect');
	});
});

describe('Video → Upload from a binary file', () => {
	it('one multipart request: the file in part "file" with its video type, the options as fields', async () => {
		const bytes = Buffer.alloc(300_000, 7);
		const out = await suite.run(
			{ ...upload, source: 'binary', options: { tags: 'x' } },
			{ items: [fileItem(bytes, 'Interview.MOV', 'application/octet-stream')] },
		);
		const [request] = requestsTo('upload');
		expect(suite.mock.requests).toHaveLength(1);
		expect(request.body).toEqual({
			fields: { unique_id: 'default', tags: 'x', retain_original_video: 'true' },
			files: [
				{
					field: 'file',
					filename: 'Interview.MOV',
					contentType: 'video/quicktime',
					bytes: 300_000,
				},
			],
		});
		expect(out[0].json).toMatchObject({ video_name: 'Interview', status: 'UNPARSE' });
	});

	it.each([
		[
			'no binary field of that name',
			[{ json: {}, binary: { other: { data: 'AAAA', mimeType: 'video/mp4', fileName: 'a.mp4' } } }],
			'The input item has no binary field "data"',
			'Its binary fields are: other',
		],
		[
			'no file at all',
			[{ json: {} }],
			'The input item has no binary field "data"',
			'has no file at all',
		],
		[
			'a file that is not a video',
			[fileItem(Buffer.from('hello'), 'notes.txt', 'text/plain')],
			'The file "notes.txt" is not a video Memories.ai accepts',
			'MP4, AVI, MKV or MOV',
		],
		[
			'an empty file',
			[fileItem(Buffer.alloc(0))],
			'The file "clip.mp4" is empty',
			'Check the node',
		],
	])('rejects %s before any request', async (_name, items, message, description) => {
		const error = await suite.run({ ...upload, source: 'binary' }, { items }).then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);
		expect(error?.message).toBe(message);
		expect(error?.description).toContain(description);
		expect(suite.mock.requests).toHaveLength(0);
	});
});

describe('Video → Upload from platform URLs', () => {
	const tiktok = (n: number) =>
		`https://www.tiktok.com/@user/video/72345678901234567${String(n).padStart(2, '0')}`;

	it('one scraper_url request (JSON); without waiting the output is the task', async () => {
		const out = await suite.run({
			...upload,
			source: 'platform',
			platformUrls: `${tiktok(1)}\n${tiktok(2)}, ${tiktok(1)}`,
			options: { callbackUrl: 'https://hooks.example.com/t' },
		});
		expect(suite.mock.requests.map((r) => [r.path, r.body])).toEqual([
			[
				'/serve/api/v1/scraper_url',
				{
					video_urls: [tiktok(1), tiktok(2)],
					unique_id: 'default',
					callback_url: 'https://hooks.example.com/t',
				},
			],
		]);
		expect(out).toEqual([
			{
				json: {
					task_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
					unique_id: 'default',
					video_urls: [tiktok(1), tiktok(2)],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('waiting polls the task until its videos are known: one item per video', async () => {
		const out = await suite.run({
			...upload,
			source: 'platform',
			platformUrls: `${tiktok(3)},${tiktok(4)}`,
			options: { waitForProcessing: true },
		});
		// The mock's task answers an empty list first (still downloading), then its videos.
		expect(suite.mock.requests.map((r) => r.path.split('/').pop())).toEqual([
			'scraper_url',
			'get_video_ids_by_task_id',
			'get_video_ids_by_task_id',
		]);
		expect(out).toHaveLength(2);
		expect(out.map((i) => i.json.video_url)).toEqual([tiktok(3), tiktok(4)]);
		expect(
			out.every(
				(i) =>
					/^VI\d+$/.test(String(i.json.video_no)) &&
					i.json.status === 'UNPARSE' &&
					typeof i.json.task_id === 'string',
			),
		).toBe(true);
	});

	it('reads the older task answer (video_ids) too', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'get_video_ids_by_task_id',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"taskId":"t","video_ids":["PI-603068775285264430"]}}',
		});
		const out = await suite.run({
			...upload,
			source: 'platform',
			platformUrls: tiktok(5),
			options: { waitForProcessing: true },
		});
		expect(out.map((i) => i.json)).toEqual([
			{
				video_no: 'PI-603068775285264430',
				status: 'UNPARSE',
				task_id: expect.any(String),
				unique_id: 'default',
			},
		]);
	});

	it.each([
		[
			'more than 50 URLs',
			Array.from({ length: 51 }, (_, i) => tiktok(i)).join('\n'),
			'Platform URLs has 51 links; one import takes at most 50',
		],
		[
			'mixed platforms',
			`${tiktok(1)}\nhttps://www.youtube.com/shorts/abc`,
			'Platform URLs mixes TikTok and YouTube',
		],
		[
			'a site that is not a platform',
			'https://vimeo.com/123',
			'"https://vimeo.com/123" is not a TikTok, YouTube or Instagram link',
		],
		[
			'a URL that is not http(s)',
			'ftp://www.tiktok.com/x',
			'"ftp://www.tiktok.com/x" is not an http(s) URL',
		],
		['nothing', ' \n ', 'Platform URLs is empty'],
	])('rejects %s before any request', async (_name, platformUrls, message) => {
		expect((await suite.failure({ ...upload, source: 'platform', platformUrls })).message).toBe(
			message,
		);
		expect(suite.mock.requests).toHaveLength(0);
	});
});

describe('Video → Upload: Wait Until Processed', () => {
	it('polls get_metadata until the video is parsed; the output has its metadata', async () => {
		let polls = 0;
		const stop = suite.mock.onRequest(({ path, query }) => {
			if (path.endsWith('/get_metadata') && ++polls === 3)
				suite.mock.memories.setStatus(query.video_no, 'PARSE');
		});
		const out = await suite
			.run({
				...upload,
				url: 'https://cdn.example.com/b.mp4',
				options: { waitForProcessing: true, cameraModel: 'GoPro' },
			})
			.finally(stop);
		expect(suite.mock.requests.map((r) => r.path.split('/').pop())).toEqual([
			'upload_url',
			'get_metadata',
			'get_metadata',
			'get_metadata',
		]);
		expect(out[0].json).toMatchObject({
			status: 'PARSE',
			camera_model: 'GoPro',
			unique_id: 'default',
		});
		expect(typeof out[0].json.duration).toBe('number');
	});

	it('a video that fails is output with status FAILED and its cause', async () => {
		const stop = suite.mock.onRequest(({ path, query }) => {
			if (path.endsWith('/get_metadata'))
				suite.mock.memories.setStatus(query.video_no, 'FAILED', 'Unsupported video codec');
		});
		const out = await suite
			.run({
				...upload,
				url: 'https://cdn.example.com/c.mp4',
				options: { waitForProcessing: true },
			})
			.finally(stop);
		expect(out[0].json).toMatchObject({ status: 'FAILED', cause: 'Unsupported video codec' });
		expect(requestsTo('get_metadata')).toHaveLength(1);
	});

	it('stops at Max Wait with an error that gives the video ID; the number of checks is fixed by the schedule', async () => {
		const error = await suite.failure({
			...upload,
			url: 'https://cdn.example.com/d.mp4',
			options: { waitForProcessing: true, maxWaitMinutes: 1 },
		});
		const videoNo = requestsTo('get_metadata')[0].query.video_no;
		expect(error.message).toBe(
			`Video ${videoNo} was uploaded but had not finished processing after 1 minutes`,
		);
		// 5 s, then ×1.5 up to 30 s: 5 + 7.5 + 11.25 + 16.9 = 40.6 s ≤ 60 s < 40.6 + 25.3 s.
		expect(requestsTo('get_metadata')).toHaveLength(4);
	});
});

describe('Video → Upload: bad input and Continue On Fail', () => {
	it.each([
		[
			'a URL that is not http(s)',
			{ url: 'file:///etc/passwd' },
			'Video URL "file:///etc/passwd" is not an http(s) URL',
		],
		['a URL that is not a URL', { url: 'clip.mp4' }, 'Video URL "clip.mp4" is not an http(s) URL'],
		['an empty URL', { url: '' }, 'Video URL is empty'],
		[
			'a Callback URL that is not http(s)',
			{ url: 'https://a.example/x.mp4', options: { callbackUrl: 'javascript:alert(1)' } },
			'Callback URL "javascript:alert(1)" is not an http(s) URL',
		],
		[
			'a latitude without a longitude',
			{
				url: 'https://a.example/x.mp4',
				options: { location: { coordinates: { latitude: 1, longitude: '={{ "" }}' } } },
			},
			'Location needs both a latitude and a longitude',
		],
		[
			'a Taken At that is not a date',
			{ url: 'https://a.example/x.mp4', options: { takenAt: 'last summer' } },
			'Taken At "last summer" is not a date',
		],
		[
			'a Max Wait of 0',
			{ url: 'https://a.example/x.mp4', options: { waitForProcessing: true, maxWaitMinutes: 0 } },
			'Max Wait must be between 1 and 1440 minutes, not 0',
		],
	])('rejects %s before any request', async (_name, parameters, message) => {
		expect((await suite.failure({ ...upload, ...(parameters as IDataObject) })).message).toBe(
			message,
		);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a failing item becomes an error item paired with its input', async () => {
		const items = [
			{ json: { u: 'https://a.example/1.mp4' } },
			{ json: { u: 'nope' } },
			{ json: { u: 'https://a.example/2.mp4' } },
		];
		const out = await suite.run(
			{ ...upload, url: '={{ $json.u }}' },
			{ items, continueOnFail: true },
		);
		expect(out.map((i) => [i.pairedItem, i.json.status ?? i.json.error])).toEqual([
			[{ item: 0 }, 'UNPARSE'],
			[{ item: 1 }, 'Video URL "nope" is not an http(s) URL'],
			[{ item: 2 }, 'UNPARSE'],
		]);
	});
});

describe('Video → Upload: Callback URL', () => {
	it('Memories.ai (the mock) calls the Callback URL when the video is done', async () => {
		let deliver: (request: IDataObject) => void = () => {};
		const delivered = new Promise<IDataObject>((resolve) => (deliver = resolve));
		const server = await serveOnLoopback((req, res) => {
			let text = '';
			req.on('data', (chunk: Buffer) => (text += chunk.toString()));
			req.on('end', () => {
				res.end('ok');
				deliver({ path: req.url, body: JSON.parse(text) as IDataObject });
			});
		});
		const { port } = server;
		try {
			const out = await suite.run({
				...upload,
				url: 'https://a.example/e.mp4',
				options: { callbackUrl: `http://127.0.0.1:${port}/webhook-waiting/42` },
			});
			const videoNo = out[0].json.video_no as string;
			expect(suite.mock.callbacks).toHaveLength(0);
			suite.mock.memories.setStatus(videoNo, 'PARSE');
			expect(await delivered).toEqual({
				path: '/webhook-waiting/42',
				body: { videoNo, status: 'PARSE' },
			});
			expect(suite.mock.callbacks.map((c) => c.url)).toEqual([
				`http://127.0.0.1:${port}/webhook-waiting/42`,
			]);
		} finally {
			await server.close();
		}
	});
});
