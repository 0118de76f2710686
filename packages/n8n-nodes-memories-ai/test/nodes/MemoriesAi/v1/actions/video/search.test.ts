import type { IDataObject } from 'n8n-workflow';

import { operationSuite } from '../setup';

const suite = operationSuite({ videos: 120 });
const search = { resource: 'video', operation: 'search' };
const bodies = () => suite.mock.requests.map((r) => r.body as IDataObject);

describe('Video → Search', () => {
	it('one request; one item per hit, best first, times and score as numbers', async () => {
		const out = await suite.run({ ...search, query: 'a person walks into the room' });
		expect(bodies()).toEqual([
			{
				search_param: 'a person walks into the room',
				search_type: 'BY_CLIP',
				unique_id: 'default',
				top_k: 10,
			},
		]);
		expect(out).toHaveLength(10);
		const scores = out.map((i) => i.json.score as number);
		expect(scores).toEqual([...scores].sort((a, b) => b - a));
		for (const { json } of out) {
			expect(typeof json.videoNo).toBe('string');
			expect(typeof json.startTime).toBe('number');
			expect(typeof json.endTime).toBe('number');
			expect(json.endTime as number).toBeGreaterThan(json.startTime as number);
		}
	});

	it('Speech searches what is said (BY_AUDIO), Top K bounds the hits', async () => {
		const out = await suite.run({
			...search,
			query: 'thanks for watching',
			searchType: 'audio',
			topK: 3,
		});
		expect(bodies()[0]).toMatchObject({ search_type: 'BY_AUDIO', top_k: 3 });
		expect(out).toHaveLength(3);
		expect(out.every((i) => String(i.json.audio_ts).trim() !== '')).toBe(true);
	});

	it('sends every filter in the API field names, and they narrow the hits', async () => {
		const tagged = suite.mock.memories.videos.find(
			(v) => v.status === 'PARSE' && v.tags && v.camera_model,
		)!;
		const out = await suite.run({
			...search,
			query: 'the camera pans',
			topK: 1000,
			filters: {
				tag: tagged.tags![0],
				cameraModel: tagged.camera_model,
				takenAfter: '2020-01-02T03:04:05.000Z',
				location: { coordinates: { latitude: tagged.latitude, longitude: tagged.longitude } },
				videoNos: `${tagged.video_no}, VI1`,
				scoreThreshold: 'medium',
			},
		});
		expect(bodies()[0]).toEqual({
			search_param: 'the camera pans',
			search_type: 'BY_CLIP',
			unique_id: 'default',
			top_k: 1000,
			tag: tagged.tags![0],
			camera_tag: tagged.camera_model,
			datetime_taken: '2020-01-02 03:04:05',
			latitude: tagged.latitude,
			longitude: tagged.longitude,
			video_nos: [tagged.video_no, 'VI1'],
			filtering_level: 'medium',
		});
		expect(out.length).toBeGreaterThan(0);
		expect(
			out.every((i) => i.json.videoNo === tagged.video_no && (i.json.score as number) >= 0.225),
		).toBe(true);
	});

	it('no hits is no items, after one request', async () => {
		const out = await suite.run({ ...search, query: 'zebra xylophone' });
		expect(out).toEqual([]);
		expect(suite.mock.requests).toHaveLength(1);
	});

	it('retries the transient 0001 that search is known to send', async () => {
		suite.mock.fault({ service: 'memoriesAi', path: 'search', type: 'code', code: '0001' });
		const out = await suite.run({ ...search, query: 'a car drives past' });
		expect(out.length).toBeGreaterThan(0);
		expect(suite.mock.count({ path: 'search' })).toBe(2);
	});

	it('an answer of the wrong shape is an error naming the field', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"item":[]}}',
		});
		expect((await suite.failure({ ...search, query: 'x' })).message).toBe(
			'Memories.ai sent an answer this node cannot read: data is not a list',
		);
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":[{"videoNo":"VI1","score":"high"}]}',
		});
		expect((await suite.failure({ ...search, query: 'x' })).message).toContain(
			'data[0].score is not a number',
		);
	});

	it.each([
		['an empty Query', { query: ' ' }, 'Query is empty'],
		['a Top K of 0', { query: 'x', topK: 0 }, 'Top K must be a whole number from 1 to 1000, not 0'],
		[
			'a Top K over 1000',
			{ query: 'x', topK: 1001 },
			'Top K must be a whole number from 1 to 1000, not 1001',
		],
		[
			'an unknown Search Type',
			{ query: 'x', searchType: 'image' },
			'Search Type "image" is not clip or audio',
		],
		[
			'more than 100 Video IDs',
			{
				query: 'x',
				filters: { videoNos: Array.from({ length: 101 }, (_, i) => `VI${i}`).join(',') },
			},
			'Video IDs has 101 IDs; search takes at most 100',
		],
		[
			'a latitude without a longitude',
			{
				query: 'x',
				filters: { location: { coordinates: { latitude: 1, longitude: '={{ "" }}' } } },
			},
			'Location needs both a latitude and a longitude',
		],
		[
			'an unknown Score Threshold',
			{ query: 'x', filters: { scoreThreshold: 'extreme' } },
			'Score Threshold "extreme" is not low, medium or high',
		],
	])('rejects %s before any request', async (_name, parameters, message) => {
		const error = await suite.failure({ ...search, ...parameters });
		expect(error.message).toBe(message);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a failing item becomes an error item paired with its input', async () => {
		const items = [{ json: { q: 'a screen shows a chart' } }, { json: { q: '' } }];
		const out = await suite.run(
			{ ...search, query: '={{ $json.q }}', topK: 2 },
			{ items, continueOnFail: true },
		);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
		expect(out[2].json.error).toBe('Query is empty');
	});
});
