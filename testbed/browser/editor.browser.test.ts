/**
 * n8n's real editor, used as a person uses it: find our nodes in the node panels, add them from
 * their action lists, fill their fields, run them with "Execute step" against the mock API and read
 * what the output panel shows. Only the editor can show some failures: it hides nodes whose codex
 * says "AI" from every panel but the AI one (test/nodes/codex.test.ts says why), while the backend
 * (/types/nodes.json) lists them either way.
 *
 * One n8n and one browser for the whole file; the tests run in order and build one workflow as a
 * person would. `SCREENSHOTS=1` also writes the README's screenshots (docs/screenshot*.png).
 */
import path from 'node:path';

import { createMockApi, type MockApi } from '../mock-api';
import {
	N8nRest,
	PORT_RANGES,
	ROOT,
	findFreePort,
	makeE2eUserFolder,
	removeE2eUserFolders,
	startN8n,
	type N8nServer,
} from '../n8n';
import { Editor } from './editor';

/** `SCREENSHOTS=1`: the README's screenshots are written here. */
const SCREENSHOT_DIR = process.env.SCREENSHOTS === '1' ? path.join(ROOT, 'docs') : undefined;

let mock: MockApi;
let server: N8nServer;
let rest: N8nRest;
let editor: Editor;
/** The workflow the tests build: a Manual Trigger named Start, then our nodes. */
let workflowId: string;

beforeAll(async () => {
	const userFolder = await makeE2eUserFolder('browser');
	mock = await createMockApi({ videos: 30, folders: 10 });
	const port = await findFreePort(...PORT_RANGES.e2eN8n);
	const brokerPort = await findFreePort(...PORT_RANGES.e2eBroker, [port]);
	server = await startN8n({ userFolder, port, brokerPort, readyTimeoutMs: 180000 });
	rest = new N8nRest(server.url);
	await rest.ensureOwnerAndLogin();
	// One credential per service, as a person creates it once: the editor preselects it in new nodes.
	await rest.createCredential({
		name: 'Memories.ai account',
		type: 'memoriesAiApi',
		data: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
	});
	await rest.createCredential({
		name: 'HeyGen account',
		type: 'heyGenFoldersApi',
		data: { apiKey: mock.keys.heyGen, baseUrl: mock.baseUrls.heyGen },
	});
	await rest.createCredential({
		name: 'Konpro account',
		type: 'konproApi',
		data: { apiKey: mock.keys.konpro, baseUrl: mock.baseUrls.konpro },
	});
	const workflow = await rest.createWorkflow({
		name: 'AI video nodes',
		nodes: [
			{
				id: 'a1b2c3d4-0000-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	workflowId = workflow.id;
	editor = await Editor.launch(server.url, rest.cookie);
});

/** A test in the editor: when it fails, its error names a screenshot and the text of the page. */
function inEditor(name: string, steps: () => Promise<void>): void {
	it(name, () => editor.explained(name, steps));
}

afterAll(async () => {
	await editor?.close();
	await server?.stop();
	await mock?.close();
	removeE2eUserFolders();
});

describe('node panel', () => {
	inEditor(
		'in an empty workflow, typing "Memories" in the trigger panel finds the Memories.ai trigger',
		async () => {
			await editor.openNewWorkflow();
			await editor.openTriggerPanel();
			const names = await editor.search('Memories');
			// The trigger panel lists a trigger under its app's name ("Memories.ai" for Memories.ai Trigger).
			if (!names.some((name) => name === 'Memories.ai' || name === 'Memories.ai Trigger'))
				throw new Error(`The trigger panel listed ${JSON.stringify(names)}`);
		},
	);

	inEditor(
		'after a Manual Trigger, the action panel finds Memories.ai, HeyGen and Konpro by name',
		async () => {
			await editor.showWorkflow(workflowId);
			await editor.openNodePanel('Start');
			for (const name of ['Memories.ai', 'HeyGen', 'Konpro']) {
				const names = await editor.search(name);
				if (!names.includes(name))
					throw new Error(`Searching "${name}" listed ${JSON.stringify(names)}`);
			}
		},
	);
});

describe('what a person does', () => {
	inEditor('Memories.ai Trigger: "Fetch Test Event" shows the newest parsed video', async () => {
		await editor.openNewWorkflow();
		await editor.openTriggerPanel();
		await editor.addNode('Memories.ai', 'On video parsed');
		expect(await editor.selectedCredential()).toBe('Memories.ai account');
		await editor.executeStep('success');
		const newestParsed = mock.memories.videos.find((video) => video.status === 'PARSE');
		expect(newestParsed).toBeDefined();
		const rows = await editor.outputTable();
		expect(rows.map((row) => [row.video_no, row.status])).toEqual([
			[newestParsed?.video_no, 'PARSE'],
		]);
	});

	inEditor(
		'Memories.ai "Get many videos" from the action list, Status filter, Execute step: the output lists the mock\'s videos in that status',
		async () => {
			await editor.showWorkflow(workflowId);
			await editor.openNodePanel('Start');
			await editor.addNode('Memories.ai', 'Get many videos');
			expect(await editor.selectedCredential()).toBe('Memories.ai account');
			await editor.fillParameter('limit', '10');
			await editor.addCollectionOption('Status');
			await editor.selectParameter('status', 'Parsed');
			await editor.executeStep('success');

			// The mock lists newest first, as the API does; more parsed videos than the limit, and others too.
			const parsed = mock.memories.videos
				.filter((video) => video.status === 'PARSE')
				.map((video) => video.video_no);
			expect(parsed.length).toBeGreaterThan(10);
			expect(parsed.length).toBeLessThan(mock.memories.videos.length);
			const rows = await editor.outputTable();
			expect(rows.map((row) => row.video_no)).toEqual(parsed.slice(0, 10));
			expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['PARSE']));
			if (SCREENSHOT_DIR) {
				await editor.dismissNotifications();
				await editor.screenshot(path.join(SCREENSHOT_DIR, 'screenshot-node.png'));
			}
			await editor.closeNdv();
		},
	);

	inEditor(
		'HeyGen "Rename a folder": the Folder picker searches the typed text, Execute step renames the picked folder',
		async () => {
			const folder = mock.heyGen.folders.find((candidate) => !candidate.is_trash);
			if (!folder) throw new Error('The mock has no HeyGen folder');
			const query = folder.name.split(' ')[0];
			const newName = `${folder.name} (renamed)`;
			await editor.showWorkflow(workflowId);
			await editor.openNodePanel('Start');
			await editor.addNode('HeyGen', 'Rename a folder');
			expect(await editor.selectedCredential()).toBe('HeyGen account');
			const listed = await editor.pickFromList('folderId', query, folder.name);
			// The picker sent the typed text to HeyGen, and lists only folders whose name contains it.
			expect(
				mock.requests.some(
					(request) => request.service === 'heyGen' && request.query.name_filter === query,
				),
			).toBe(true);
			expect(listed.length).toBeLessThan(mock.heyGen.folders.length);
			for (const name of listed) expect(name.toLowerCase()).toContain(query.toLowerCase());
			await editor.fillParameter('name', newName);
			const renames = () => mock.count({ service: 'heyGen', method: 'POST', path: folder.id });
			await editor.executeStep('success');

			expect((await editor.outputTable()).map((row) => [row.id, row.name])).toEqual([
				[folder.id, newName],
			]);
			expect(mock.heyGen.get(folder.id)?.name).toBe(newName);
			expect(renames()).toBe(1);
			await editor.closeNdv();
		},
	);

	inEditor(
		'Konpro "Create a folder" inside a Parent Folder picked from the list: Execute step creates it there',
		async () => {
			const parent = mock.konpro.folders.find((candidate) => !candidate.is_trash);
			if (!parent) throw new Error('The mock has no Konpro folder');
			const name = 'Campaign 2027';
			await editor.showWorkflow(workflowId);
			await editor.openNodePanel('Start');
			await editor.addNode('Konpro', 'Create a folder');
			expect(await editor.selectedCredential()).toBe('Konpro account');
			await editor.fillParameter('name', name);
			await editor.addCollectionOption('Parent Folder');
			await editor.pickFromList('parentId', parent.name.slice(0, 4), parent.name);
			const creates = () => mock.count({ service: 'konpro', method: 'POST' });
			await editor.executeStep('success');

			const [row] = await editor.outputTable();
			expect([row?.name, row?.parent_id]).toEqual([name, parent.id]);
			expect(
				mock.konpro.folders
					.filter((folder) => folder.name === name)
					.map((folder) => folder.parent_id),
			).toEqual([parent.id]);
			expect(creates()).toBe(1);
			await editor.closeNdv();
			if (SCREENSHOT_DIR) {
				// The README's picture: the workflow these steps built, after a run, each node with its item count.
				await editor.executeWorkflow();
				await editor.arrangeCanvas();
				await editor.screenshot(path.join(SCREENSHOT_DIR, 'screenshot.png'));
			}
		},
	);

	inEditor(
		"Limit 0 (from an expression: the field itself refuses 0) shows the plain-language error in the node's error view, and no request is sent",
		async () => {
			await editor.showWorkflow(workflowId);
			await editor.openNode('Get many videos');
			const requestsBefore = mock.count({ service: 'memoriesAi' });
			await editor.setExpression('limit', '0', '0');
			await editor.executeStep('error');
			expect(await editor.outputError()).toEqual({
				message: 'Limit must be a whole number of 1 or more, not 0',
				description: 'Set Limit to how many results you want, or turn on Return All.',
			});
			expect(mock.count({ service: 'memoriesAi' })).toBe(requestsBefore);
		},
	);
});
