import type { IDataObject } from 'n8n-workflow';

import { operationSuite } from '../setup';

const suite = operationSuite({ videos: 0 });
const remove = { resource: 'video', operation: 'delete' };
const addVideos = (count: number, uniqueId = 'default') =>
	Array.from(
		{ length: count },
		() => suite.mock.memories.addVideo({ status: 'PARSE', unique_id: uniqueId }).video_no,
	);
const deleteRequests = () => suite.mock.requests.filter((r) => r.path.endsWith('/delete_videos'));

describe('Video → Delete', () => {
	it('250 IDs (240 real, 10 unknown): batches of 100, one lookup and one delete each, one item per ID', async () => {
		const real = addVideos(240);
		const unknown = Array.from({ length: 10 }, (_, i) => `VI9${String(i).padStart(17, '0')}`);
		const ids = [...real.slice(0, 95), ...unknown, ...real.slice(95)];
		const out = await suite.run({ ...remove, videoNos: ids.join(', ') });

		expect(suite.mock.requests.map((r) => r.path.split('/').pop())).toEqual([
			'list_videos',
			'delete_videos',
			'list_videos',
			'delete_videos',
			'list_videos',
			'delete_videos',
		]);
		// A bare JSON array of at most 100, unique_id in the query; unknown IDs are not sent.
		expect(deleteRequests().map((r) => (r.body as string[]).length)).toEqual([95, 95, 50]);
		expect(deleteRequests().every((r) => r.query.unique_id === 'default')).toBe(true);
		expect(
			deleteRequests()
				.flatMap((r) => r.body as string[])
				.sort(),
		).toEqual([...real].sort());

		expect(out.map((i) => i.json.video_no)).toEqual(ids);
		expect(out.filter((i) => i.json.deleted === true)).toHaveLength(240);
		expect(out.filter((i) => i.json.deleted === false).map((i) => i.json.video_no)).toEqual(
			unknown,
		);
		expect(out.find((i) => i.json.deleted === false)!.json.reason).toBe(
			'No video with this ID under the Unique ID "default"',
		);
		expect(real.filter((no) => suite.mock.memories.get(no))).toEqual([]);
	});

	it('accepts an array from an expression, drops repeats, and sends no delete when none exists', async () => {
		const out = await suite.run({ ...remove, videoNos: '={{ ["VI1", "VI2", "VI1"] }}' });
		expect(out.map((i) => [i.json.video_no, i.json.deleted])).toEqual([
			['VI1', false],
			['VI2', false],
		]);
		expect(suite.mock.requests.map((r) => r.path.split('/').pop())).toEqual(['list_videos']);
		expect((suite.mock.requests[0].body as IDataObject).video_nos).toEqual(['VI1', 'VI2']);
	});

	it('deletes only under the Unique ID given', async () => {
		const [other] = addVideos(1, 'team-b');
		const first = await suite.run({ ...remove, videoNos: other });
		expect(first[0].json.deleted).toBe(false);
		expect(suite.mock.memories.get(other)).toBeDefined();
		const second = await suite.run({ ...remove, videoNos: other, uniqueId: 'team-b' });
		expect(second[0].json.deleted).toBe(true);
		expect(suite.mock.memories.get(other)).toBeUndefined();
	});

	it('a lookup answer naming videos that were not asked for does not make them "deleted"', async () => {
		const [mine] = addVideos(1);
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'malformed',
			body: JSON.stringify({
				code: '0000',
				success: true,
				data: { videos: [{ video_no: mine }, { video_no: 'VI777' }] },
			}),
		});
		const out = await suite.run({ ...remove, videoNos: mine });
		expect(out.map((i) => i.json)).toEqual([{ video_no: mine, deleted: true }]);
		expect(deleteRequests()[0].body).toEqual([mine]);
	});

	it('a failure in a later batch says which videos were already deleted', async () => {
		const ids = addVideos(150);
		const stop = suite.mock.onRequest(({ index }) => {
			if (index === 2) suite.mock.fault({ service: 'memoriesAi', type: 'code', code: '0403' });
		});
		const error = await suite.failure({ ...remove, videoNos: ids.join(',') }).finally(stop);
		expect(error.message).toBe('The Memories.ai account or API key is disabled');
		expect(error.description).toContain(
			`Already deleted before this error (100): ${ids.slice(0, 100).join(', ')}.`,
		);
		expect(suite.mock.memories.get(ids[120])).toBeDefined();
	});

	it('an answer of the wrong shape is an error naming the field', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"videos":[{"video_no":7}]}}',
		});
		const error = await suite.failure({ ...remove, videoNos: 'VI1' });
		expect(error.message).toBe(
			'Memories.ai sent an answer this node cannot read: data.videos[0].video_no is not an ID',
		);
		expect(deleteRequests()).toHaveLength(0);
	});

	// The lookup is read by the one list_videos reader (listVideosPage), with its checks: an answer
	// Get Many rejects is not taken as "none of these exist" here.
	it.each([
		['a blank video_no', '{"videos":[{"video_no":" "}]}', 'data.videos[0].video_no is not an ID'],
		[
			'a total_count that is not a number',
			'{"videos":[],"total_count":"many"}',
			'data.total_count is not a number',
		],
	])('a lookup answer with %s is an error, not "no such video"', async (_name, data, problem) => {
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'malformed',
			body: `{"code":"0000","success":true,"data":${data}}`,
		});
		const error = await suite.failure({ ...remove, videoNos: 'VI1' });
		expect(error.message).toBe(`Memories.ai sent an answer this node cannot read: ${problem}`);
		expect(deleteRequests()).toHaveLength(0);
	});

	it.each([
		['no IDs', { videoNos: ' , ' }, 'Video IDs is empty'],
		[
			'a malformed ID',
			{ videoNos: 'VI1, VI 2' },
			'Video IDs contains "VI 2", which is not a video ID',
		],
		[
			'more than 10,000 IDs',
			{ videoNos: Array.from({ length: 10_001 }, (_, i) => `VI${i}`).join(',') },
			'Video IDs has 10001 IDs; one item can delete at most 10000',
		],
	])('rejects %s before any request', async (_name, parameters, message) => {
		const error = await suite.failure({ ...remove, ...parameters });
		expect(error.message).toBe(message);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a failing item becomes an error item paired with its input', async () => {
		const [a, b] = addVideos(2);
		const items = [{ json: { ids: a } }, { json: { ids: 'bad id' } }, { json: { ids: b } }];
		const out = await suite.run(
			{ ...remove, videoNos: '={{ $json.ids }}' },
			{ items, continueOnFail: true },
		);
		expect(out.map((i) => [i.pairedItem, i.json.deleted ?? i.json.error])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, 'Video IDs contains "bad id", which is not a video ID'],
			[{ item: 2 }, true],
		]);
	});
});
