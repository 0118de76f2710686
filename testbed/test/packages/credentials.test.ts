import { HeyGenFoldersApi } from '../../../packages/n8n-nodes-heygen-folders/credentials/HeyGenFoldersApi.credentials';
import { KonproApi } from '../../../packages/n8n-nodes-konpro/credentials/KonproApi.credentials';
import { MemoriesAiApi } from '../../../packages/n8n-nodes-memories-ai/credentials/MemoriesAiApi.credentials';
import { registerCredentialTypes, testCredential } from '../../harness';
import { createMockApi, type MockApi } from '../../mock-api';

let mock: MockApi;
const types = {
	memoriesAi: new MemoriesAiApi(),
	heyGen: new HeyGenFoldersApi(),
	konpro: new KonproApi(),
};

beforeAll(async () => {
	registerCredentialTypes(Object.values(types));
	mock = await createMockApi({ videos: 3, folders: 3 });
});
afterAll(async () => await mock.close());

describe.each(Object.keys(types) as Array<keyof typeof types>)('%s credential test', (service) => {
	it('passes with the right key and reaches the API through Base URL', async () => {
		mock.resetCounters();
		const result = await testCredential(types[service], {
			apiKey: mock.keys[service],
			baseUrl: mock.baseUrls[service],
		});
		expect(result).toMatchObject({ status: 'OK' });
		expect(mock.count({ service })).toBe(1);
	});
	it('fails with a wrong key', async () => {
		const result = await testCredential(types[service], {
			apiKey: 'wrong-key',
			baseUrl: mock.baseUrls[service],
		});
		expect(result.status).toBe('Error');
	});
});

it('the Memories.ai test fails on HTTP 200 with success:false (how that API rejects a key)', async () => {
	mock.resetCounters();
	const result = await testCredential(types.memoriesAi, {
		apiKey: 'wrong-key',
		baseUrl: mock.baseUrls.memoriesAi,
	});
	expect(result).toEqual({ status: 'Error', message: 'Memories.ai rejected the API key' });
	expect(mock.requests[0].status).toBe(200);
});
