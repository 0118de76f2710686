import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { operationSuite } from '../setup';

const suite = operationSuite();
const transcript = { resource: 'video', operation: 'getTranscript' };

/** What the mock serves for a path, asked directly (not through the node). */
async function served(path: string, query: Record<string, string>): Promise<IDataObject> {
	const url = `${suite.mock.baseUrls.memoriesAi}/serve/api/v1/${path}?${new URLSearchParams(query)}`;
	const response = await fetch(url, { headers: { authorization: suite.mock.keys.memoriesAi } });
	return (await response.json()) as IDataObject;
}

/** A parsed video whose audio transcript the mock has (some seeded videos have no audio track). */
async function videoWithAudio(): Promise<string> {
	for (const video of suite.mock.memories.videos.filter((v) => v.status === 'PARSE')) {
		if ((await served('get_audio_transcription', { video_no: video.video_no })).data !== null)
			return video.video_no;
	}
	throw new Error('the seeded data has no parsed video with audio');
}

describe('Video → Get Transcript', () => {
	it('returns the audio transcript in one request: segments with times as numbers, and the text joined', async () => {
		const videoNo = await videoWithAudio();
		const vendor = (await served('get_audio_transcription', { video_no: videoNo })).data as {
			transcriptions: IDataObject[];
		};
		suite.mock.resetCounters();
		const out = await suite.run({ ...transcript, videoNo, transcriptType: 'audio' });
		expect(out).toHaveLength(1);
		expect(suite.mock.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/serve/api/v1/get_audio_transcription', { video_no: videoNo, unique_id: 'default' }],
		]);
		const json = out[0].json as { transcriptions: IDataObject[]; text: string };
		expect(json).toMatchObject({ video_no: videoNo, transcript_type: 'audio' });
		expect(json.transcriptions).toHaveLength(vendor.transcriptions.length);
		expect(json.transcriptions[0]).toEqual({
			index: 0,
			content: String(vendor.transcriptions[0].content).trim(),
			startTime: Number(vendor.transcriptions[0].startTime),
			endTime: Number(vendor.transcriptions[0].endTime),
		});
		expect(json.text).toBe(vendor.transcriptions.map((s) => String(s.content).trim()).join(' '));
	});

	it('reads the visual transcript from get_video_caption (the newest docs)', async () => {
		const video = suite.mock.memories.videos.find((v) => v.status === 'PARSE')!;
		const out = await suite.run({
			...transcript,
			videoNo: video.video_no,
			transcriptType: 'visual',
		});
		expect((out[0].json.transcriptions as unknown[]).length).toBeGreaterThan(0);
		expect(suite.mock.requests.map((r) => r.path)).toEqual(['/serve/api/v1/get_video_caption']);
	});

	it('falls back to get_video_transcription when get_video_caption does not exist (HTTP 404)', async () => {
		const video = suite.mock.memories.videos.find((v) => v.status === 'PARSE')!;
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'get_video_caption',
			type: 'http',
			status: 404,
		});
		const out = await suite.run({
			...transcript,
			videoNo: video.video_no,
			transcriptType: 'visual',
		});
		expect((out[0].json.transcriptions as unknown[]).length).toBeGreaterThan(0);
		expect(suite.mock.requests.map((r) => r.path)).toEqual([
			'/serve/api/v1/get_video_caption',
			'/serve/api/v1/get_video_transcription',
		]);
	});

	it('a video still processing is a clear error after one request (data: null is not retried)', async () => {
		const video = suite.mock.memories.videos.find((v) => v.status === 'UNPARSE')!;
		const error = await suite.failure({ ...transcript, videoNo: video.video_no });
		expect(error.message).toBe(`Memories.ai has no audio transcript for video "${video.video_no}"`);
		expect(error.description).toContain('still be processing');
		expect(suite.mock.requests).toHaveLength(1);
	});

	it('asks under the Unique ID given: a video uploaded under another is not found', async () => {
		const video = suite.mock.memories.addVideo({
			status: 'PARSE',
			unique_id: 'team-b',
			duration: 20,
		});
		const error = await suite.failure({
			...transcript,
			videoNo: video.video_no,
			transcriptType: 'visual',
		});
		expect(error.message).toContain('has no visual transcript');
		const out = await suite.run({
			...transcript,
			videoNo: video.video_no,
			transcriptType: 'visual',
			uniqueId: 'team-b',
		});
		expect(out[0].json.video_no).toBe(video.video_no);
		expect(suite.mock.requests.map((r) => r.query.unique_id)).toEqual(['default', 'team-b']);
	});

	it('an answer of the wrong shape is an error naming the field, not a TypeError', async () => {
		const video = suite.mock.memories.videos.find((v) => v.status === 'PARSE')!;
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"transcriptions":{"0":"x"}}}',
		});
		const error = await suite.failure({
			...transcript,
			videoNo: video.video_no,
			transcriptType: 'visual',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Memories.ai sent an answer this node cannot read: data.transcriptions is not a list',
		);
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"transcriptions":[{"content":"a","startTime":"soon"}]}}',
		});
		const second = await suite.failure({
			...transcript,
			videoNo: video.video_no,
			transcriptType: 'visual',
		});
		expect(second.message).toContain('data.transcriptions[0].startTime is not a number');
	});

	it.each([
		['an empty Video ID', { videoNo: '  ' }, 'Video ID is empty'],
		[
			'a Video ID that is not one',
			{ videoNo: 'VI1, VI2' },
			'Video ID "VI1, VI2" is not a video ID',
		],
		[
			'an unknown Transcript Type',
			{ videoNo: 'VI1', transcriptType: 'subtitles' },
			'Transcript Type "subtitles" is not audio or visual',
		],
		['an empty Unique ID', { videoNo: 'VI1', uniqueId: '' }, 'Unique ID is empty'],
	])('rejects %s before any request', async (_name, parameters, message) => {
		const error = await suite.failure({ ...transcript, ...parameters });
		expect(error.message).toBe(message);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a failing item becomes an error item paired with its input', async () => {
		const videoNo = await videoWithAudio();
		suite.mock.resetCounters();
		const items = [
			{ json: { id: videoNo } },
			{ json: { id: 'not an id' } },
			{ json: { id: videoNo } },
		];
		const out = await suite.run(
			{ ...transcript, videoNo: '={{ $json.id }}' },
			{ items, continueOnFail: true },
		);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].json.error).toBe('Video ID "not an id" is not a video ID');
		expect(out[0].json.video_no).toBe(videoNo);
		expect(out[2].json.video_no).toBe(videoNo);
		expect(suite.mock.requests).toHaveLength(2);
	});
});
