/**
 * examples/upload-wait-summary.json, node by node in n8n-core's real contexts against the mock: the
 * Upload node as saved sends the execution's resume URL as its callback; what the Wait node outputs
 * when Memories.ai calls back ({ body: { videoNo, status } }) is what the summary node reads. The
 * whole workflow in a real n8n (Wait node, webhook resume) belongs in the end-to-end suite.
 */

import type { IDataObject } from 'n8n-workflow';

import { MemoriesAiApi } from '../../credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../nodes/MemoriesAi/MemoriesAi.node';
import { executeNode, registerCredentialTypes, TEST_POLICY } from '../../../../testbed/harness';
import { createMockApi, type MockApi } from '../../../../testbed/mock-api';
import saved from '../../examples/upload-wait-summary.json';

const example = saved as unknown as {
	nodes: Array<{ name: string; type: string; parameters: IDataObject }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};
const byName = (name: string) => example.nodes.find((node) => node.name === name)!;
const node = new MemoriesAi(TEST_POLICY);
let mock: MockApi;

beforeAll(async () => {
	registerCredentialTypes([new MemoriesAiApi()]);
	mock = await createMockApi({ videos: 0 });
});
afterAll(async () => await mock.close());

test('Upload → Wait (On Webhook Call) → Get Summary, wired in that order', () => {
	expect(example.nodes.map((n) => n.type)).toEqual([
		'n8n-nodes-base.manualTrigger',
		'n8n-nodes-memories-ai.memoriesAi',
		'n8n-nodes-base.wait',
		'n8n-nodes-memories-ai.memoriesAi',
	]);
	expect(byName('Wait for Memories.ai to call back').parameters).toMatchObject({
		resume: 'webhook',
		httpMethod: 'POST',
	});
	expect(example.connections['Upload the video'].main[0][0].node).toBe(
		'Wait for Memories.ai to call back',
	);
	expect(example.connections['Wait for Memories.ai to call back'].main[0][0].node).toBe(
		'Summarize it in chapters',
	);
});

test('the Upload node sends the execution resume URL as callback, and the summary node reads the callback body', async () => {
	const credentials = {
		memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
	};
	const [uploaded] = await executeNode(node, {
		parameters: byName('Upload the video').parameters,
		credentials,
	});
	const [request] = mock.requests;
	expect((request.body as IDataObject).callback).toMatch(
		/^https?:\/\/[^/]+\/webhook-waiting\/\w+$/,
	);

	const videoNo = uploaded[0].json.video_no as string;
	mock.memories.setStatus(videoNo, 'PARSE');
	expect(mock.callbacks.map((c) => c.payload)).toEqual([{ videoNo, status: 'PARSE' }]);
	// What n8n's Wait node outputs for the callback: the request's headers, params, query and body.
	const resumed = { json: { headers: {}, params: {}, query: {}, body: mock.callbacks[0].payload } };
	const [summary] = await executeNode(node, {
		parameters: byName('Summarize it in chapters').parameters,
		credentials,
		items: [resumed],
	});
	expect(summary[0].json).toMatchObject({ video_no: videoNo, summary_type: 'chapter' });
	expect(typeof summary[0].json.summary).toBe('string');
});
