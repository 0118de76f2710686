import { operationSuite } from '../setup';

const suite = operationSuite({ videos: 12, seed: 5 });
const get = { resource: 'video', operation: 'get' };
const endpoints = () => suite.mock.requests.map((r) => r.path.split('/').pop());
const withStatus = (status: string) => {
	const video = suite.mock.memories.videos.find((v) => v.status === status);
	if (!video) throw new Error(`the seeded mock has no ${status} video`);
	return video.video_no;
};

describe('Video → Get: Wait Until Processed', () => {
	it('without the option: one request, the video as it is', async () => {
		const videoNo = withStatus('UNPARSE');
		const out = await suite.run({ ...get, videoNo });
		expect(endpoints()).toEqual(['list_videos']);
		expect(out[0].json).toMatchObject({ video_no: videoNo, status: 'UNPARSE' });
	});

	it('a video still processing is checked with get_metadata until it is Parsed', async () => {
		const videoNo = withStatus('UNPARSE');
		let checks = 0;
		const stop = suite.mock.onRequest(({ path }) => {
			if (path.endsWith('/get_metadata') && ++checks === 2)
				suite.mock.memories.setStatus(videoNo, 'PARSE');
		});
		const out = await suite
			.run({ ...get, videoNo, options: { waitForProcessing: true } })
			.finally(stop);
		expect(endpoints()).toEqual(['list_videos', 'get_metadata', 'get_metadata']);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ video_no: videoNo, status: 'PARSE' });
	});

	it('a video already Parsed or Failed needs no check', async () => {
		for (const status of ['PARSE', 'FAILED']) {
			suite.mock.resetCounters();
			const out = await suite.run({
				...get,
				videoNo: withStatus(status),
				options: { waitForProcessing: true },
			});
			expect(endpoints()).toEqual(['list_videos']);
			expect(out[0].json.status).toBe(status);
		}
	});

	it('stops at Max Wait with an error naming the video; the number of checks is fixed by the schedule', async () => {
		const videoNo = withStatus('UNPARSE');
		const error = await suite.failure({
			...get,
			videoNo,
			options: { waitForProcessing: true, maxWaitMinutes: 1 },
		});
		expect(error.message).toBe(`Video ${videoNo} had not finished processing after 1 minutes`);
		// 5 s, then ×1.5 up to 30 s: 5 + 7.5 + 11.25 + 16.9 = 40.6 s ≤ 60 s < 40.6 + 25.3 s.
		expect(endpoints()).toEqual([
			'list_videos',
			'get_metadata',
			'get_metadata',
			'get_metadata',
			'get_metadata',
		]);
	});

	it('rejects a Max Wait of 0 before any request', async () => {
		const error = await suite.failure({
			...get,
			videoNo: withStatus('UNPARSE'),
			options: { waitForProcessing: true, maxWaitMinutes: 0 },
		});
		expect(error.message).toBe('Max Wait must be between 1 and 1440 minutes, not 0');
		expect(suite.mock.requests).toHaveLength(0);
	});
});
