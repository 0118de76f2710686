/**
 * examples/upload-wait-summary.json as shipped, in the real n8n: `n8n execute` runs it (Manual
 * Trigger → Upload with Callback URL {{ $execution.resumeUrl }} → Wait, On Webhook Call) until the
 * Wait node parks the execution; the mock API then finishes processing the video and calls the
 * resume URL, which a running `n8n start` on the same database answers; the execution resumes and
 * Get Summary summarizes the uploaded video.
 */
import * as fs from 'node:fs';

import { createMockApi, type MockApi } from '../mock-api';
import * as n8n from '../n8n';

const EXAMPLE = n8n.exampleFiles()['upload-wait-summary.json'];
const CRED = { id: n8n.n8nId('upWait', 1), name: 'Memories.ai mock' };
const WORKFLOW_ID = n8n.n8nId('upWaitWf', 1);

let mock: MockApi;
let userFolder: string;
let server: n8n.N8nServer | undefined;

beforeAll(async () => {
	mock = await createMockApi({ videos: 3, seed: 21 });
	userFolder = await n8n.makeE2eUserFolder('upload-wait');
	await n8n.importCredentials(userFolder, [
		{
			...CRED,
			type: 'memoriesAiApi',
			data: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
		},
	]);
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as {
		nodes: Array<Record<string, unknown>>;
	};
	for (const node of workflow.nodes)
		if (n8n.isOurNodeType(String(node.type))) node.credentials = { memoriesAiApi: CRED };
	await n8n.importWorkflows(userFolder, [{ ...workflow, id: WORKFLOW_ID }]);
	const port = await n8n.findFreePort(...n8n.PORT_RANGES.e2eN8n);
	const brokerPort = await n8n.findFreePort(...n8n.PORT_RANGES.e2eBroker);
	server = await n8n.startN8n({ userFolder, port, brokerPort, readyTimeoutMs: 180000 });
});

afterAll(async () => {
	await server?.stop();
	await mock?.close();
	n8n.removeE2eUserFolders();
});

test('Upload → Wait → Get Summary resumes when Memories.ai calls back, and summarizes the uploaded video', async () => {
	const rest = new n8n.N8nRest(server!.url);
	await rest.ensureOwnerAndLogin();
	// The CLI's resume URL must point at the running server.
	const res = await n8n.executeWorkflow(userFolder, WORKFLOW_ID, {
		extraEnv: { WEBHOOK_URL: `${server!.url}/` },
	});
	const uploads = mock.requests.filter((r) => r.path.endsWith('/upload_url'));
	expect(uploads).toHaveLength(1);
	const callback = String((uploads[0].body as Record<string, unknown>).callback);
	expect(callback).toMatch(
		new RegExp(`^${server!.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/webhook-waiting/\\d+$`),
	);
	expect(res.output).not.toMatch(/ERROR/);

	const videoNo = mock.memories.videos.find((v) => v.video_name === 'product-demo')!.video_no;
	mock.memories.setStatus(videoNo, 'PARSE');
	const deadline = Date.now() + 120000;
	let summary: Record<string, unknown> | undefined;
	while (Date.now() < deadline && summary === undefined) {
		await n8n.sleep(1000);
		for (const e of await rest.listExecutions(WORKFLOW_ID)) {
			if (e.status !== 'success') continue;
			const data = n8n.executionData(await rest.getExecution(e.id));
			summary = data?.resultData?.runData?.['Summarize it in chapters']?.[0]?.data?.main?.[0]?.[0]
				?.json as Record<string, unknown> | undefined;
		}
	}
	expect(mock.callbacks.map((c) => [c.payload, c.status])).toEqual([
		[{ videoNo, status: 'PARSE' }, 200],
	]);
	expect(summary).toMatchObject({ video_no: videoNo, summary_type: 'chapter' });
	expect(
		mock.requests.filter((r) => r.path.endsWith('/generate_summary')).map((r) => r.query),
	).toEqual([{ video_no: videoNo, unique_id: 'default', type: 'CHAPTER' }]);
});
