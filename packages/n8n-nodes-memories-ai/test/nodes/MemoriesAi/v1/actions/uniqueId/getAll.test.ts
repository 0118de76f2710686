import { operationSuite } from '../setup';

const suite = operationSuite({ videos: 5 });
const uniqueIds = { resource: 'uniqueId', operation: 'getAll' };

describe('Unique ID → Get Many', () => {
	beforeAll(() => {
		for (const uniqueId of ['holiday_2025', 'LUCI', 'luci', 'holiday_2025'])
			suite.mock.memories.addVideo({ unique_id: uniqueId });
	});

	it('one item per unique_id (case kept, no repeats) from one request', async () => {
		const out = await suite.run({ ...uniqueIds, returnAll: true });
		expect(out.map((i) => i.json)).toEqual([
			{ unique_id: 'default' },
			{ unique_id: 'holiday_2025' },
			{ unique_id: 'LUCI' },
			{ unique_id: 'luci' },
		]);
		expect(suite.mock.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/serve/api/v1/list_unique_ids'],
		]);
	});

	it('Limit is applied to the one answer', async () => {
		const out = await suite.run({ ...uniqueIds, limit: 2 });
		expect(out.map((i) => i.json.unique_id)).toEqual(['default', 'holiday_2025']);
		expect(suite.mock.requests).toHaveLength(1);
	});

	it('an answer of the wrong shape is an error naming the field', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"unique_ids":"default"}}',
		});
		const error = await suite.failure({ ...uniqueIds, returnAll: true });
		expect(error.message).toBe(
			'Memories.ai sent an answer this node cannot read: data.unique_ids is not a list',
		);
		suite.mock.fault({
			service: 'memoriesAi',
			type: 'malformed',
			body: '{"code":"0000","success":true,"data":{"unique_ids":["a",null]}}',
		});
		expect((await suite.failure({ ...uniqueIds, returnAll: true })).message).toContain(
			'data.unique_ids[1] is not text',
		);
	});

	it('rejects a Limit of 0 before any request', async () => {
		expect((await suite.failure({ ...uniqueIds, limit: 0 })).message).toMatch(/Limit must be/);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a vendor error becomes an error item paired with its input', async () => {
		suite.mock.fault({ service: 'memoriesAi', type: 'code', code: '0401' });
		const out = await suite.run(
			{ ...uniqueIds, returnAll: true },
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(out[0]).toMatchObject({
			json: { error: 'Memories.ai rejected the API key' },
			pairedItem: { item: 0 },
		});
		expect(out.slice(1).map((i) => i.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 1 },
			{ item: 1 },
			{ item: 1 },
		]);
	});
});
