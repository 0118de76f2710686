import { operationSuite } from '../setup';

const suite = operationSuite();
const summary = { resource: 'video', operation: 'getSummary' };
const parsed = () =>
	suite.mock.memories.videos.find((v) => v.status === 'PARSE' && v.duration > 30)!;

describe('Video → Get Summary', () => {
	it.each([
		['chapter', 'CHAPTER', 'Chapter 1'],
		['topic', 'TOPIC', 'Topic 1'],
	])(
		'%s: one request with type %s; the summary and its items, start in seconds',
		async (summaryType, type, firstTitle) => {
			const video = parsed();
			const out = await suite.run({ ...summary, videoNo: video.video_no, summaryType });
			expect(suite.mock.requests.map((r) => [r.path, r.query])).toEqual([
				[
					'/serve/api/v1/generate_summary',
					{ video_no: video.video_no, unique_id: 'default', type },
				],
			]);
			expect(out).toHaveLength(1);
			const json = out[0].json as {
				summary: string;
				items: Array<{ title: string; start: number }>;
			};
			expect(json).toMatchObject({ video_no: video.video_no, summary_type: summaryType });
			expect(json.summary).toContain(video.video_name);
			expect(json.items[0].title).toMatch(new RegExp(`^${firstTitle}:`));
			expect(json.items.map((i) => typeof i.start)).toEqual(json.items.map(() => 'number'));
			expect(json.items[0].start).toBe(0);
		},
	);

	it('a video that is not parsed yet is a clear error after one request', async () => {
		const video = suite.mock.memories.videos.find((v) => v.status === 'FAILED')!;
		const error = await suite.failure({ ...summary, videoNo: video.video_no });
		expect(error.message).toBe(`Memories.ai has no summary for video "${video.video_no}" yet`);
		expect(suite.mock.requests).toHaveLength(1);
	});

	it('an answer of the wrong shape is an error naming the field', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"summary":"s","items":[{"title":5}]}}',
		});
		const error = await suite.failure({ ...summary, videoNo: parsed().video_no });
		expect(error.message).toBe(
			'Memories.ai sent an answer this node cannot read: data.items[0].title is not text',
		);
	});

	it.each([
		[
			'an unknown Summary Type',
			{ videoNo: 'VI1', summaryType: 'highlights' },
			'Summary Type "highlights" is not chapter or topic',
		],
		['an empty Video ID', { videoNo: '' }, 'Video ID is empty'],
	])('rejects %s before any request', async (_name, parameters, message) => {
		const error = await suite.failure({ ...summary, ...parameters });
		expect(error.message).toBe(message);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a vendor error becomes an error item paired with its input, the others go on', async () => {
		const video = parsed();
		const stop = suite.mock.onRequest(({ index }) => {
			if (index === 1) suite.mock.fault({ service: 'memoriesAi', type: 'code', code: '0402' });
		});
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const out = await suite
			.run({ ...summary, videoNo: video.video_no }, { items, continueOnFail: true })
			.finally(stop);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].json.error).toBe('The Memories.ai account is out of credits');
		expect(out[1].json.description).toContain('code 0402');
		expect([out[0].json.video_no, out[2].json.video_no]).toEqual([video.video_no, video.video_no]);
	});
});
