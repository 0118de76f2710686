import type { IBinaryData } from 'n8n-workflow';

import { MemoriesAi } from '../../../../../../nodes/MemoriesAi/MemoriesAi.node';
import { executeNode, serveOnLoopback, TEST_POLICY } from '../../../../../../../../testbed/harness';
import { operationSuite } from '../setup';

const suite = operationSuite();
const download = { resource: 'video', operation: 'download' };
const video = () => suite.mock.memories.videos[3];

/** The bytes the mock serves for a video, asked directly (not through the node). */
async function servedBytes(videoNo: string): Promise<Buffer> {
	const response = await fetch(`${suite.mock.baseUrls.memoriesAi}/serve/api/v1/download`, {
		method: 'POST',
		headers: { authorization: suite.mock.keys.memoriesAi, 'content-type': 'application/json' },
		body: JSON.stringify({ video_no: videoNo }),
	});
	return Buffer.from(await response.arrayBuffer());
}

describe('Video → Download', () => {
	it('puts the file in the binary field in one request; the JSON names it', async () => {
		const { video_no } = video();
		const expected = await servedBytes(video_no);
		suite.mock.resetCounters();
		const out = await suite.run({ ...download, videoNo: video_no, binaryPropertyName: 'video' });
		expect(suite.mock.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', '/serve/api/v1/download', { video_no, unique_id: 'default' }],
		]);
		expect(out).toHaveLength(1);
		const binary = out[0].binary!.video as IBinaryData;
		expect(Buffer.from(binary.data, 'base64').equals(expected)).toBe(true);
		expect(expected.length).toBeGreaterThanOrEqual(4096);
		expect(binary).toMatchObject({ fileName: `${video_no}.mp4`, mimeType: 'video/mp4' });
		expect(out[0].json).toMatchObject({
			video_no,
			file_name: `${video_no}.mp4`,
			mime_type: 'video/mp4',
		});
	});

	it('a JSON answer is the vendor error: an unknown video is "not found", after one request (0001 is not retried here)', async () => {
		const error = await suite.failure({ ...download, videoNo: 'VI000000000000000001' });
		expect(error.message).toBe('Memories.ai has no video "VI000000000000000001" to download');
		expect(error.description).toContain('video not found');
		expect(error.description).toContain('code 0001');
		expect(suite.mock.requests).toHaveLength(1);
	});

	it('a video under another Unique ID is not found under "default"', async () => {
		const other = suite.mock.memories.addVideo({ status: 'PARSE', unique_id: 'team-b' });
		await expect(suite.run({ ...download, videoNo: other.video_no })).rejects.toThrow(
			'to download',
		);
		const out = await suite.run({ ...download, videoNo: other.video_no, uniqueId: 'team-b' });
		expect(out[0].binary!.data.fileName).toBe(`${other.video_no}.mp4`);
	});

	it('retries HTTP 503, a reset connection and 0429, then delivers the file', async () => {
		suite.mock.fault({ service: 'memoriesAi', path: 'download', type: 'http', status: 503 });
		suite.mock.fault({ service: 'memoriesAi', path: 'download', type: 'reset' });
		suite.mock.fault({ service: 'memoriesAi', path: 'download', type: 'code', code: '0429' });
		const out = await suite.run({ ...download, videoNo: video().video_no });
		expect(out[0].binary!.data.mimeType).toBe('video/mp4');
		expect(suite.mock.count({ path: 'download' })).toBe(4);
	});

	it('a JSON success envelope instead of a file is an error, not an empty file', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'download',
			type: 'malformed',
			body: '{"code":"0000","msg":"success","data":{"url":"x"},"success":true}',
		});
		const error = await suite.failure({ ...download, videoNo: video().video_no });
		expect(error.message).toBe('Memories.ai sent a JSON answer instead of the video file');
	});

	it('a redirect is not followed (the key would go along): a clear error, one request', async () => {
		const seen: Array<string | undefined> = [];
		const elsewhere = await serveOnLoopback((req, res) => {
			seen.push(req.headers.authorization);
			res.end('file');
		});
		const redirecting = await serveOnLoopback((_req, res) => {
			res.writeHead(302, { location: `${elsewhere.origin}/file.mp4` }).end();
		});
		try {
			const { port } = redirecting;
			const error = (await executeNode(new MemoriesAi(TEST_POLICY), {
				parameters: { ...download, videoNo: 'VI1' },
				credentials: {
					memoriesAiApi: {
						apiKey: suite.mock.keys.memoriesAi,
						baseUrl: `http://127.0.0.1:${port}`,
					},
				},
			}).catch((e: unknown) => e)) as Error & { description?: string };
			const target = `127.0.0.1:${elsewhere.port}`;
			expect(error.message).toBe(
				`Memories.ai redirected the request to another host (${target}); it was not followed, so the API key was not sent there`,
			);
			expect(error.description).toContain('HTTP 302');
			expect(seen).toEqual([]);
		} finally {
			await redirecting.close();
			await elsewhere.close();
		}
	});

	it('the API key is in no error or output', async () => {
		const key = suite.mock.keys.memoriesAi;
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'download',
			type: 'http',
			status: 400,
			body: { message: `bad ${key}` },
		});
		const error = await suite.failure({ ...download, videoNo: video().video_no });
		for (const text of [
			JSON.stringify(error),
			error.message,
			String(error.description),
			String(error.stack),
		])
			expect(text).not.toContain(key);
		expect(error.description).toContain('***');
	});

	it.each([
		[
			'an empty output field',
			{ videoNo: 'VI1', binaryPropertyName: ' ' },
			'Put Output File in Field is empty',
		],
		['a Video ID that is not one', { videoNo: 'VI 1' }, 'Video ID "VI 1" is not a video ID'],
	])('rejects %s before any request', async (_name, parameters, message) => {
		const error = await suite.failure({ ...download, ...parameters });
		expect(error.message).toBe(message);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a failing item becomes an error item paired with its input', async () => {
		const items = [{ json: { id: video().video_no } }, { json: { id: 'VI404' } }];
		const out = await suite.run(
			{ ...download, videoNo: '={{ $json.id }}' },
			{ items, continueOnFail: true },
		);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].binary!.data).toBeDefined();
		expect(out[1].json.error).toBe('Memories.ai has no video "VI404" to download');
		expect(out[1].binary).toBeUndefined();
	});
});
