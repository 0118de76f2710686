import type { IDataObject } from 'n8n-workflow';

import { MemoriesAiApi } from '../../../../../credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../../../../nodes/MemoriesAi/MemoriesAi.node';
import { MemoriesAiTrigger } from '../../../../../nodes/MemoriesAi/MemoriesAiTrigger.node';
import {
	executeNode,
	listSearch,
	poll,
	registerCredentialTypes,
	TEST_POLICY,
} from '../../../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../../../testbed/mock-api';

const action = new MemoriesAi(TEST_POLICY);
const trigger = new MemoriesAiTrigger(TEST_POLICY);
let mock: MockApi;
const credentials = () => ({
	memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
});

beforeAll(async () => {
	registerCredentialTypes([new MemoriesAiApi()]);
	mock = await createMockApi({ videos: 0, seed: 3 });
});
afterAll(async () => await mock.close());
beforeEach(() => mock.resetCounters());

describe('Unique ID "From List"', () => {
	it('lists "default" even before anything was uploaded under it, from one request', async () => {
		const result = await listSearch(action, 'searchUniqueIds', {
			parameters: { resource: 'video', operation: 'getAll' },
			credentials: credentials(),
		});
		expect(result.results).toEqual([{ name: 'default', value: 'default' }]);
		expect(mock.count({ path: 'list_unique_ids' })).toBe(1);
	});

	it('filters by the typed text in any case, "default" first; the trigger has the same picker', async () => {
		for (const uniqueId of ['Project_Alpha', 'beta', 'default', 'alpha-2'])
			mock.memories.addVideo({ unique_id: uniqueId });
		const found = await listSearch(action, 'searchUniqueIds', {
			parameters: {},
			credentials: credentials(),
			filter: 'ALPHA',
		});
		expect(found.results.map((r) => r.value)).toEqual(['Project_Alpha', 'alpha-2']);
		const all = await listSearch(trigger, 'searchUniqueIds', {
			parameters: {},
			credentials: credentials(),
		});
		expect(all.results.map((r) => r.value)).toEqual([
			'default',
			'Project_Alpha',
			'beta',
			'alpha-2',
		]);
	});
});

describe('Unique ID values', () => {
	const listed = () =>
		(mock.requests.find((r) => r.path.endsWith('/list_videos'))!.body as IDataObject).unique_id;

	it.each([
		['a picker value (From List)', { __rl: true, mode: 'list', value: 'beta' }, 'beta'],
		['a picker value (By ID), trimmed', { __rl: true, mode: 'id', value: ' beta ' }, 'beta'],
		['a plain string, as older workflows saved it', 'team-a', 'team-a'],
		['nothing (the default)', undefined, 'default'],
	])('reads %s', async (_name, uniqueId, sent) => {
		const parameters: IDataObject = { resource: 'video', operation: 'getAll', limit: 1 };
		if (uniqueId !== undefined) parameters.uniqueId = uniqueId;
		await executeNode(action, { parameters, credentials: credentials() });
		expect(listed()).toBe(sent);
	});

	it('an empty picker is a clear error before any request, in the action and in the trigger', async () => {
		const empty = { __rl: true, mode: 'list', value: '' };
		const actionError = await executeNode(action, {
			parameters: { resource: 'video', operation: 'getAll', uniqueId: empty },
			credentials: credentials(),
		}).catch((e: unknown) => e as Error);
		expect((actionError as Error).message).toBe('Unique ID is empty');
		const triggerError = await poll(trigger, {
			parameters: { uniqueId: empty },
			credentials: credentials(),
		}).catch((e: unknown) => e as Error);
		expect((triggerError as Error).message).toBe('Unique ID is empty');
		expect(mock.requests).toHaveLength(0);
	});

	it('the trigger polls under the picked Unique ID', async () => {
		await poll(trigger, {
			parameters: { uniqueId: { __rl: true, mode: 'list', value: 'beta' } },
			credentials: credentials(),
		});
		expect(mock.requests.length).toBeGreaterThan(0);
		expect(mock.requests.every((r) => (r.body as IDataObject).unique_id === 'beta')).toBe(true);
	});
});
