/**
 * Every action node operation as a workflow, with the checks of its output: shared by the e2e suite
 * (test/e2e/actions.e2e.test.ts, run by `n8n execute`) and the queue-mode suite
 * (test/queue/actions.queue.test.ts, run on n8n's workers). Outputs are checked against the mock's
 * dataset; API errors must fail the workflow with the node's plain-language message.
 */
import type { MockApi } from '../mock-api';

import {
	NODE_TYPES as TYPES,
	credentialRefs,
	manualWorkflow,
	n8nId,
	nodeItems,
	type CredentialSpec,
	type ExecuteResult,
	type NodeSpec,
	type WorkflowJson,
} from '../n8n';

export const BAD_KEY = 'e2e-wrong-key-7f3a9c';

export const CRED = credentialRefs({
	memoriesAi: 'Memories.ai mock',
	heyGen: 'HeyGen mock',
	konpro: 'Konpro mock',
	memoriesAiBad: 'Memories.ai bad key',
	heyGenBad: 'HeyGen bad key',
	konproBad: 'Konpro bad key',
});

export const WF = {
	memories: n8nId('wfMem', 1),
	heyGen: n8nId('wfHey', 1),
	konpro: n8nId('wfKon', 1),
	memoriesBadKey: n8nId('wfMemBad', 1),
	heyGenBadKey: n8nId('wfHeyBad', 1),
	konproBadKey: n8nId('wfKonBad', 1),
	memoriesNotFound: n8nId('wfMemNf', 1),
	invalidInput: n8nId('wfInval', 1),
};

const memCred = (c = CRED.memoriesAi) => ({ memoriesAiApi: c });
const heyCred = (c = CRED.heyGen) => ({ heyGenFoldersApi: c });
const konCred = (c = CRED.konpro) => ({ konproApi: c });

/** The mock API's dataset: > 200 videos and > 100 folders, so Return All pages through both APIs. */
export const ACTIONS_MOCK = Object.freeze({ videos: 230, folders: 120, seed: 7 });

/** The credentials the workflows use (for `n8n import:credentials`), against `mock`. */
export function actionCredentials(mock: MockApi): CredentialSpec[] {
	const cred = (
		c: { id: string; name: string },
		type: string,
		apiKey: string,
		baseUrl: string,
	) => ({ ...c, type, data: { apiKey, baseUrl } });
	return [
		cred(CRED.memoriesAi, 'memoriesAiApi', mock.keys.memoriesAi, mock.baseUrls.memoriesAi),
		cred(CRED.heyGen, 'heyGenFoldersApi', mock.keys.heyGen, mock.baseUrls.heyGen),
		cred(CRED.konpro, 'konproApi', mock.keys.konpro, mock.baseUrls.konpro),
		cred(CRED.memoriesAiBad, 'memoriesAiApi', BAD_KEY, mock.baseUrls.memoriesAi),
		cred(CRED.heyGenBad, 'heyGenFoldersApi', BAD_KEY, mock.baseUrls.heyGen),
		cred(CRED.konproBad, 'konproApi', BAD_KEY, mock.baseUrls.konpro),
	];
}

// Folder workflows are the same for HeyGen and Konpro.
function folderWorkflow(
	id: string,
	service: 'heyGen' | 'konpro',
	creds: Record<string, { id: string; name: string }>,
): WorkflowJson {
	const type = TYPES[service];
	const p = service === 'heyGen' ? 'HG' : 'KP';
	const byId = (node: string) => ({
		__rl: true,
		mode: 'id',
		value: `={{ $('${node}').item.json.id }}`,
	});
	const n = (name: string, parameters: Record<string, unknown>): NodeSpec => ({
		name: `${p} ${name}`,
		type,
		parameters,
		credentials: creds,
	});
	return manualWorkflow(id, `${service} folders`, [
		[n('list limit', { resource: 'folder', operation: 'getAll', returnAll: false, limit: 3 })],
		[n('list all', { resource: 'folder', operation: 'getAll', returnAll: true })],
		[
			n('list trash', {
				resource: 'folder',
				operation: 'getAll',
				returnAll: true,
				filters: { isTrash: true },
			}),
		],
		[
			n('list name', {
				resource: 'folder',
				operation: 'getAll',
				returnAll: true,
				filters: { nameFilter: 'updates' },
			}),
		],
		[
			n('create', {
				resource: 'folder',
				operation: 'create',
				name: `E2E ${service} folder`,
				additionalFields: {},
			}),
			n('rename', {
				resource: 'folder',
				operation: 'rename',
				folderId: byId(`${p} create`),
				name: `E2E ${service} folder renamed`,
			}),
			n('create child', {
				resource: 'folder',
				operation: 'create',
				name: `E2E ${service} child`,
				additionalFields: {
					parentId: { __rl: true, mode: 'id', value: `={{ $('${p} create').item.json.id }}` },
				},
			}),
			n('list children', {
				resource: 'folder',
				operation: 'getAll',
				returnAll: true,
				filters: {
					parentId: { __rl: true, mode: 'id', value: `={{ $('${p} create').item.json.id }}` },
				},
			}),
		],
		[
			n('create 2', {
				resource: 'folder',
				operation: 'create',
				name: `E2E ${service} trash me`,
				additionalFields: {},
			}),
			n('trash', { resource: 'folder', operation: 'trash', folderId: byId(`${p} create 2`) }),
		],
		[
			n('create 3', {
				resource: 'folder',
				operation: 'create',
				name: `E2E ${service} restore me`,
				additionalFields: {},
			}),
			n('trash 3', { resource: 'folder', operation: 'trash', folderId: byId(`${p} create 3`) }),
			n('restore', { resource: 'folder', operation: 'restore', folderId: byId(`${p} create 3`) }),
		],
	]);
}

/** Every workflow of WF, against `mock`'s dataset. */
export function actionWorkflows(mock: MockApi): WorkflowJson[] {
	const videos = mock.memories.videos;
	const parsed = videos.find((v) => v.status === 'PARSE')!;
	const two = [videos[3].video_no, videos[10].video_no];
	const mem = (
		name: string,
		parameters: Record<string, unknown>,
		c = CRED.memoriesAi,
	): NodeSpec => ({
		name,
		type: TYPES.memoriesAi,
		parameters,
		credentials: memCred(c),
	});

	return [
		manualWorkflow(WF.memories, 'Memories.ai actions', [
			[
				mem('Videos limit 5', {
					resource: 'video',
					operation: 'getAll',
					returnAll: false,
					limit: 5,
				}),
			],
			[mem('Videos all', { resource: 'video', operation: 'getAll', returnAll: true })],
			[
				mem('Videos failed', {
					resource: 'video',
					operation: 'getAll',
					returnAll: true,
					filters: { status: 'FAILED' },
				}),
			],
			[
				mem('Videos by number', {
					resource: 'video',
					operation: 'getAll',
					returnAll: true,
					filters: { videoNos: two.join(',') },
				}),
			],
			[mem('Video get', { resource: 'video', operation: 'get', videoNo: parsed.video_no })],
			[mem('Folders', { resource: 'folder', operation: 'getAll', returnAll: true })],
			[
				mem('Folders limit 2', {
					resource: 'folder',
					operation: 'getAll',
					returnAll: false,
					limit: 2,
				}),
			],
		]),
		folderWorkflow(WF.heyGen, 'heyGen', heyCred()),
		folderWorkflow(WF.konpro, 'konpro', konCred()),
		manualWorkflow(WF.memoriesBadKey, 'Memories.ai bad key', [
			[
				mem(
					'Videos',
					{ resource: 'video', operation: 'getAll', returnAll: false, limit: 5 },
					CRED.memoriesAiBad,
				),
			],
		]),
		manualWorkflow(WF.heyGenBadKey, 'HeyGen bad key', [
			[
				{
					name: 'Folders',
					type: TYPES.heyGen,
					parameters: { resource: 'folder', operation: 'getAll', returnAll: false, limit: 5 },
					credentials: heyCred(CRED.heyGenBad),
				},
			],
		]),
		manualWorkflow(WF.konproBadKey, 'Konpro bad key', [
			[
				{
					name: 'Folders',
					type: TYPES.konpro,
					parameters: { resource: 'folder', operation: 'getAll', returnAll: false, limit: 5 },
					credentials: konCred(CRED.konproBad),
				},
			],
		]),
		manualWorkflow(WF.memoriesNotFound, 'Memories.ai not found', [
			[mem('Video get', { resource: 'video', operation: 'get', videoNo: 'VI000000000000000000' })],
		]),
		manualWorkflow(WF.invalidInput, 'Invalid input', [
			[
				mem('Videos limit 0', {
					resource: 'video',
					operation: 'getAll',
					returnAll: false,
					limit: 0,
				}),
			],
		]),
	];
}

function expectSuccess(res: ExecuteResult): void {
	if (res.code !== 0 || !res.run || res.errorMessage) {
		throw new Error(
			`Workflow failed (exit ${res.code}): ${res.errorMessage ?? ''}\n${res.output.slice(-4000)}`,
		);
	}
}

/**
 * The tests: `run(id)` runs workflow `id` once (and caches it), `mock()` is the mock it ran against.
 * ExecuteResult.output must hold everything n8n printed (the secrets must not be in it).
 */
export function describeActionTests(
	run: (id: string) => Promise<ExecuteResult>,
	mock: () => MockApi,
): void {
	describe('Memories.ai node in n8n', () => {
		test('video getAll / get and folder getAll return the vendor items', async () => {
			const res = await run(WF.memories);
			expectSuccess(res);
			const videos = mock().memories.videos;

			const limited = nodeItems(res.run, 'Videos limit 5');
			expect(limited.map((v) => v.video_no)).toEqual(videos.slice(0, 5).map((v) => v.video_no));
			for (const v of limited) {
				expect(typeof v.create_time).toBe('number');
				expect(typeof v.status).toBe('string');
			}

			const all = nodeItems(res.run, 'Videos all');
			expect(all).toHaveLength(videos.length);
			expect(new Set(all.map((v) => v.video_no)).size).toBe(videos.length);

			const failed = nodeItems(res.run, 'Videos failed');
			const expectedFailed = videos.filter((v) => v.status === 'FAILED').map((v) => v.video_no);
			expect(expectedFailed.length).toBeGreaterThan(0);
			expect(failed.map((v) => v.video_no).sort()).toEqual([...expectedFailed].sort());
			for (const v of failed) expect(v.status).toBe('FAILED');

			const byNumber = nodeItems(res.run, 'Videos by number');
			expect(byNumber.map((v) => v.video_no).sort()).toEqual(
				[videos[3].video_no, videos[10].video_no].sort(),
			);

			const parsed = videos.find((v) => v.status === 'PARSE')!;
			const got = nodeItems(res.run, 'Video get');
			expect(got).toHaveLength(1);
			expect(got[0]).toMatchObject({
				video_no: parsed.video_no,
				video_name: parsed.video_name,
				status: 'PARSE',
				create_time: parsed.create_time,
			});

			const folders = nodeItems(res.run, 'Folders');
			expect(folders.map((f) => f.id).sort()).toEqual(
				mock()
					.memories.folders.map((f) => f.id)
					.sort(),
			);
			expect(folders[0]).toHaveProperty('foldersName');
			expect(nodeItems(res.run, 'Folders limit 2')).toHaveLength(2);
		});

		test('a bad API key fails the workflow with "Memories.ai rejected the API key", and the key is not printed', async () => {
			const res = await run(WF.memoriesBadKey);
			expect(res.code).toBe(1);
			expect(res.errorMessage).toMatch(/rejected the API key/);
			expect(res.output).not.toContain(BAD_KEY);
		});

		test('a missing video fails the workflow with a "not found" message', async () => {
			const res = await run(WF.memoriesNotFound);
			expect(res.code).toBe(1);
			expect(res.errorMessage).toMatch(/VI000000000000000000/);
			expect(res.errorMessage).toMatch(/not found|was found|no .*video/i);
		});

		test('bad input (limit 0) fails before any request with a clear message', async () => {
			const before = mock().count({ service: 'memoriesAi' });
			const res = await run(WF.invalidInput);
			expect(res.code).toBe(1);
			expect(res.errorMessage).toMatch(/limit/i);
			expect(mock().count({ service: 'memoriesAi' })).toBe(before);
		});
	});

	describe.each([
		['heyGen', 'HeyGen', 'HG', () => WF.heyGen, () => WF.heyGenBadKey] as const,
		['konpro', 'Konpro', 'KP', () => WF.konpro, () => WF.konproBadKey] as const,
	])('%s node in n8n', (service, label, p, wfId, badWfId) => {
		const store = () => (service === 'heyGen' ? mock().heyGen : mock().konpro);

		test('folder getAll / create / rename / trash / restore', async () => {
			// Snapshot of what the API lists before the workflow creates anything.
			const liveBefore = store().folders.filter((f) => !f.is_trash);
			const trashedBefore = store().folders.filter((f) => f.is_trash);
			const res = await run(wfId());
			expectSuccess(res);

			expect(nodeItems(res.run, `${p} list limit`)).toHaveLength(3);

			const all = nodeItems(res.run, `${p} list all`);
			expect(liveBefore.length).toBeGreaterThan(100); // the node had to page
			expect(all.map((f) => f.id).sort()).toEqual(liveBefore.map((f) => f.id).sort());
			expect(all[0]).toHaveProperty('parent_id');

			const trash = nodeItems(res.run, `${p} list trash`);
			expect(trash.map((f) => f.id).sort()).toEqual(trashedBefore.map((f) => f.id).sort());
			for (const f of trash) expect(f.is_trash).toBe(true);

			const named = nodeItems(res.run, `${p} list name`);
			expect(named.length).toBeGreaterThan(0);
			expect(named.map((f) => f.id).sort()).toEqual(
				liveBefore
					.filter((f) => f.name.toLowerCase().includes('updates'))
					.map((f) => f.id)
					.sort(),
			);

			const created = nodeItems(res.run, `${p} create`);
			expect(created).toHaveLength(1);
			const folderId = String(created[0].id);
			expect(created[0].name).toBe(`E2E ${service} folder`);
			expect(nodeItems(res.run, `${p} rename`)).toHaveLength(1);
			expect(store().get(folderId)?.name).toBe(`E2E ${service} folder renamed`);

			const child = nodeItems(res.run, `${p} create child`);
			expect(child).toHaveLength(1);
			expect(store().get(String(child[0].id))?.parent_id).toBe(folderId);
			expect(nodeItems(res.run, `${p} list children`).map((f) => f.id)).toEqual([child[0].id]);

			const trashedId = String(nodeItems(res.run, `${p} create 2`)[0].id);
			expect(nodeItems(res.run, `${p} trash`)).toHaveLength(1);
			expect(store().get(trashedId)?.is_trash).toBe(true);

			const restoredId = String(nodeItems(res.run, `${p} create 3`)[0].id);
			expect(nodeItems(res.run, `${p} restore`)).toHaveLength(1);
			expect(store().get(restoredId)?.is_trash).toBe(false);
		});

		test(`a bad API key fails the workflow with "${label} rejected the API key"`, async () => {
			const res = await run(badWfId());
			expect(res.code).toBe(1);
			expect(res.errorMessage).toMatch(new RegExp(`${label} rejected the API key`));
			expect(res.output).not.toContain(BAD_KEY);
		});
	});
}
