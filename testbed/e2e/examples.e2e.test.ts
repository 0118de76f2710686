/**
 * The example workflows in examples/ are imported as a user would (file as shipped, credentials
 * attached) and run by the real n8n CLI against the mock API. The trigger example is checked to
 * import and to be wired to the trigger; the trigger itself runs in trigger.e2e.test.ts.
 */
import * as fs from 'node:fs';

import { createMockApi, type MockApi } from '../mock-api';
import {
	executeWorkflow,
	importCredentials,
	importWorkflows,
	makeE2eUserFolder,
	n8nId,
	nodeItems,
	exampleFiles,
	NODE_TYPES,
	isOurNodeType,
	removeE2eUserFolders,
	type ExecuteResult,
} from '../n8n';

const EXAMPLES = exampleFiles();
const CRED = {
	memoriesAiApi: { id: n8nId('exMem', 1), name: 'Memories.ai mock' },
	heyGenFoldersApi: { id: n8nId('exHey', 1), name: 'HeyGen mock' },
};
const CRED_OF_TYPE: Record<string, keyof typeof CRED> = {
	memoriesAi: 'memoriesAiApi',
	memoriesAiTrigger: 'memoriesAiApi',
	heyGen: 'heyGenFoldersApi',
};

let mock: MockApi;
let userFolder: string;

/** An example file with an id and our credential on each of our nodes, as `npm start` imports it. */
function loadExample(
	file: string,
	id: string,
): Record<string, unknown> & { nodes: Array<Record<string, unknown>> } {
	const workflow = JSON.parse(fs.readFileSync(EXAMPLES[file], 'utf8'));
	for (const node of workflow.nodes) {
		const short = String(node.type).split('.').pop() ?? '';
		if (isOurNodeType(String(node.type)))
			node.credentials = { [CRED_OF_TYPE[short]]: CRED[CRED_OF_TYPE[short]] };
	}
	return { ...workflow, id };
}

function expectSuccess(res: ExecuteResult): void {
	if (res.code !== 0 || !res.run || res.errorMessage) {
		throw new Error(
			`Workflow failed (exit ${res.code}): ${res.errorMessage ?? ''}\n${res.output.slice(-4000)}`,
		);
	}
}

beforeAll(async () => {
	mock = await createMockApi({ videos: 230, folders: 120, seed: 11 });
	userFolder = await makeE2eUserFolder('examples');
	await importCredentials(userFolder, [
		{
			...CRED.memoriesAiApi,
			type: 'memoriesAiApi',
			data: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
		},
		{
			...CRED.heyGenFoldersApi,
			type: 'heyGenFoldersApi',
			data: { apiKey: mock.keys.heyGen, baseUrl: mock.baseUrls.heyGen },
		},
	]);
	await importWorkflows(userFolder, [
		loadExample('list-failed-videos-with-cause.json', n8nId('exFailed', 1)),
		loadExample('mirror-heygen-folders-report.json', n8nId('exFolders', 1)),
		loadExample('notify-when-video-parsed-or-failed.json', n8nId('exNotify', 1)),
	]);
});

afterAll(async () => {
	await mock?.close();
	removeE2eUserFolders();
});

test('examples/ holds the four documented workflows', () => {
	expect(Object.keys(EXAMPLES).sort()).toEqual([
		'list-failed-videos-with-cause.json',
		'mirror-heygen-folders-report.json',
		'notify-when-video-parsed-or-failed.json',
		'upload-wait-summary.json',
	]);
});

test('"List failed videos with their cause" lists every failed video with its cause', async () => {
	const res = await executeWorkflow(userFolder, n8nId('exFailed', 1));
	expectSuccess(res);
	const failed = mock.memories.videos.filter((v) => v.status === 'FAILED');
	expect(failed.length).toBeGreaterThan(0);
	const items = nodeItems(res.run, 'Keep video, cause and upload time');
	expect(items.map((i) => i.video_no).sort()).toEqual(failed.map((v) => v.video_no).sort());
	for (const item of items) {
		const video = failed.find((v) => v.video_no === item.video_no)!;
		expect(item.cause).toBe(video.cause);
		expect(Date.parse(String(item.uploaded_at))).toBe(video.create_time);
	}
});

test('"Mirror HeyGen folders into a CSV report" reads every page into one CSV file', async () => {
	const res = await executeWorkflow(userFolder, n8nId('exFolders', 1));
	expectSuccess(res);
	const live = mock.heyGen.folders.filter((f) => !f.is_trash);
	expect(live.length).toBeGreaterThan(100);
	expect(
		nodeItems(res.run, 'Report columns')
			.map((i) => i.id)
			.sort(),
	).toEqual(live.map((f) => f.id).sort());
	const csv = res.run?.data?.resultData?.runData?.['Folders as CSV']?.[0]?.data
		?.main?.[0] as unknown as Array<{ binary?: Record<string, { fileName?: string }> }>;
	expect(csv).toHaveLength(1);
	expect(csv[0].binary?.data?.fileName).toBe('heygen-folders.csv');
});

test('"Notify when a video is parsed or failed" imports with the trigger wired to the message', () => {
	const workflow = loadExample('notify-when-video-parsed-or-failed.json', 'x');
	expect(workflow.nodes.map((n) => n.type)).toEqual([
		NODE_TYPES.memoriesAiTrigger,
		'n8n-nodes-base.set',
		'n8n-nodes-base.noOp',
	]);
	expect((workflow.connections as Record<string, unknown>)['Memories.ai Trigger']).toBeDefined();
});
