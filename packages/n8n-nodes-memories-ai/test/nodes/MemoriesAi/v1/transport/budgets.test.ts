import { MemoriesAiApi } from '../../../../../credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../../../../nodes/MemoriesAi/MemoriesAi.node';
import {
	ENDPOINT_BUDGETS,
	endpointBudget,
} from '../../../../../nodes/MemoriesAi/v1/transport/budgets';
import {
	executeNode,
	registerCredentialTypes,
	TEST_POLICY,
} from '../../../../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../../../../testbed/mock-api';

let mock: MockApi;
beforeAll(async () => {
	registerCredentialTypes([new MemoriesAiApi()]);
	mock = await createMockApi({ videos: 20, seed: 4 });
});
afterAll(async () => await mock.close());

describe('per-endpoint budgets', () => {
	it('are the newer rate table: upload 1/min, platform import 1/min (V12), chat 2/min, download 12/min, search, transcripts, summary and task status 1/s', () => {
		expect(ENDPOINT_BUDGETS).toEqual({
			upload: 1 / 60,
			platformImport: 1 / 60,
			chat: 2 / 60,
			download: 12 / 60,
			search: 1,
			transcription: 1,
			summary: 1,
			taskStatus: 1,
		});
	});

	it('a request carries its endpoint budget by name and rate', () => {
		expect(endpointBudget('chat')).toEqual({ endpoint: 'chat', requestsPerSecond: 2 / 60 });
	});

	it('two searches in one run wait for the 1-per-second search budget instead of getting 0429', async () => {
		// The account allows 5 a second; search 1 a second (the mock's limit here is the account's).
		mock.options.qpsLimit = 5;
		try {
			const paced = new MemoriesAi({ ...TEST_POLICY, pacing: true });
			const credentials = {
				memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
			};
			const [out] = await executeNode(paced, {
				parameters: { resource: 'video', operation: 'search', query: 'a person walks', topK: 1 },
				credentials,
				items: [{ json: {} }, { json: {} }],
			});
			expect(out).toHaveLength(2);
		} finally {
			mock.options.qpsLimit = null;
		}
		const [first, second] = mock.requests.filter((r) => r.path.endsWith('/search'));
		expect(mock.requests.filter((r) => r.limited)).toHaveLength(0);
		expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
	});

	it('the budget spans executions and node instances of one account, however its Base URL is spelled', async () => {
		const base = mock.baseUrls.memoriesAi;
		const search = { resource: 'video', operation: 'search', query: 'a person walks', topK: 1 };
		mock.resetCounters();
		for (const baseUrl of [`${base}/`, base.replace(/^http:/, 'HTTP:')]) {
			const [out] = await executeNode(new MemoriesAi({ ...TEST_POLICY, pacing: true }), {
				parameters: search,
				credentials: { memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl } },
			});
			expect(out).toHaveLength(1);
		}
		const [first, second] = mock.requests.filter((r) => r.path.endsWith('/search'));
		expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
	});
});
