/**
 * The Memories.ai lifecycle operations in the real n8n CLI (`n8n import:workflow` + `n8n execute`),
 * packed package installed in a throwaway user folder, against the mock API in this process: one
 * workflow runs every new operation (Unique ID → Get Many, Get Transcript, Get Summary, Download →
 * Upload of the downloaded file, Upload from a URL and from platform links, Search, Chat → Ask,
 * Delete). The node runs with its real request policy, so the second upload waits for the
 * 1-a-minute upload budget.
 */
import { createMockApi, type MockApi } from '../mock-api';
import {
	NODE_TYPES as TYPES,
	credentialRefs,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	makeE2eUserFolder,
	manualWorkflow,
	n8nId,
	nodeItems,
	removeE2eUserFolders,
	type ExecuteResult,
	type NodeSpec,
} from '../n8n';

const CRED = credentialRefs({ memoriesAi: 'Memories.ai mock' });
const WF = n8nId('wfLife', 1);

let mock: MockApi;
let userFolder: string;
let res: ExecuteResult;
let parsed: string;
let doomed: string;

beforeAll(async () => {
	mock = await createMockApi({ videos: 40, seed: 8 });
	userFolder = await makeE2eUserFolder('lifecycle');
	await importCredentials(userFolder, [
		{
			...CRED.memoriesAi,
			type: 'memoriesAiApi',
			data: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
		},
	]);
	const videos = mock.memories.videos.filter((v) => v.status === 'PARSE');
	parsed = videos[0].video_no;
	doomed = videos[1].video_no;
	mock.memories.addVideo({ unique_id: 'team-e2e', status: 'PARSE' });
	const mem = (name: string, parameters: Record<string, unknown>): NodeSpec => ({
		name,
		type: TYPES.memoriesAi,
		parameters,
		credentials: { memoriesAiApi: CRED.memoriesAi },
	});
	await importWorkflows(userFolder, [
		manualWorkflow(WF, 'Memories.ai lifecycle', [
			[mem('Unique IDs', { resource: 'uniqueId', operation: 'getAll', returnAll: true })],
			[
				mem('Transcript', {
					resource: 'video',
					operation: 'getTranscript',
					videoNo: parsed,
					transcriptType: 'visual',
				}),
			],
			[
				mem('Summary', {
					resource: 'video',
					operation: 'getSummary',
					videoNo: parsed,
					summaryType: 'topic',
				}),
			],
			[
				mem('Download', { resource: 'video', operation: 'download', videoNo: parsed }),
				mem('Upload file', {
					resource: 'video',
					operation: 'upload',
					source: 'binary',
					options: { tags: 'reupload' },
				}),
			],
			[
				mem('Upload URL', {
					resource: 'video',
					operation: 'upload',
					url: 'https://cdn.example.com/e2e/clip.mp4',
				}),
			],
			[
				mem('Import posts', {
					resource: 'video',
					operation: 'upload',
					source: 'platform',
					platformUrls: 'https://www.youtube.com/shorts/abc123',
				}),
			],
			[
				mem('Search', {
					resource: 'video',
					operation: 'search',
					query: 'a person walks into the room',
					topK: 3,
				}),
			],
			[
				mem('Ask', {
					resource: 'chat',
					operation: 'ask',
					videoNos: parsed,
					prompt: 'What happens?',
				}),
			],
			[
				mem('Delete', {
					resource: 'video',
					operation: 'delete',
					videoNos: `${doomed}, VI999999999999999999`,
				}),
			],
		]),
	]);
	res = await executeWorkflow(userFolder, WF, { timeoutMs: 300000 });
}, 360000);

afterAll(async () => {
	await mock?.close();
	removeE2eUserFolders();
});

test('the workflow succeeds', () => {
	if (res.code !== 0 || !res.run || res.errorMessage)
		throw new Error(
			`Workflow failed (exit ${res.code}): ${res.errorMessage ?? ''}\n${res.output.slice(-4000)}`,
		);
});

test('Unique ID → Get Many, Get Transcript, Get Summary', () => {
	expect(nodeItems(res.run, 'Unique IDs').map((i) => i.unique_id)).toEqual(['default', 'team-e2e']);
	const [transcript] = nodeItems(res.run, 'Transcript');
	expect(transcript).toMatchObject({ video_no: parsed, transcript_type: 'visual' });
	expect(String(transcript.text).length).toBeGreaterThan(0);
	expect(nodeItems(res.run, 'Summary')[0]).toMatchObject({
		video_no: parsed,
		summary_type: 'topic',
	});
});

test('Download puts the file in a binary field; Upload sends it back as a file, 1 minute after the URL upload', () => {
	const [downloaded] = res.run!.data!.resultData!.runData!.Download[0].data!.main![0]! as Array<{
		binary?: Record<string, { fileName?: string; mimeType?: string }>;
	}>;
	expect(downloaded.binary?.data).toMatchObject({
		fileName: `${parsed}.mp4`,
		mimeType: 'video/mp4',
	});
	const uploads = mock.requests.filter(
		(r) => r.path.endsWith('/upload') || r.path.endsWith('/upload_url'),
	);
	expect(uploads).toHaveLength(2);
	const file = uploads.find((r) => r.path.endsWith('/upload'))!.body as {
		files: Array<{ filename: string; contentType: string; bytes: number }>;
	};
	expect(file.files[0]).toMatchObject({ filename: `${parsed}.mp4`, contentType: 'video/mp4' });
	expect(file.files[0].bytes).toBeGreaterThanOrEqual(4096);
	// Upload's budget is 1 a minute (paced, window 63 s): the second upload waited instead of failing.
	expect(Math.abs(uploads[1].at - uploads[0].at)).toBeGreaterThanOrEqual(60000);
	expect(mock.requests.filter((r) => r.limited || r.code === '0429')).toHaveLength(0);
	expect(nodeItems(res.run, 'Upload file')[0]).toMatchObject({ status: 'UNPARSE' });
	expect(nodeItems(res.run, 'Upload URL')[0]).toMatchObject({
		status: 'UNPARSE',
		video_name: 'clip',
	});
	expect(nodeItems(res.run, 'Import posts')[0]).toMatchObject({
		unique_id: 'default',
		video_urls: ['https://www.youtube.com/shorts/abc123'],
	});
});

test('Search, Chat → Ask and Delete', () => {
	const hits = nodeItems(res.run, 'Search');
	expect(hits.length).toBeGreaterThan(0);
	expect(hits.length).toBeLessThanOrEqual(3);
	expect(typeof hits[0].score).toBe('number');
	const [answer] = nodeItems(res.run, 'Ask');
	expect(String(answer.answer)).toMatch(/^Turn 1\./);
	expect(typeof answer.session_id).toBe('string');
	expect(nodeItems(res.run, 'Delete').map((i) => [i.video_no, i.deleted])).toEqual([
		[doomed, true],
		['VI999999999999999999', false],
	]);
	expect(mock.memories.get(doomed)).toBeUndefined();
});
