/**
 * Workflows saved with the package's first release keep working: a workflow file as n8n exported it
 * (typeVersion 1, parameters as n8n stores them: defaults left out, resource locators as
 * `{ __rl, mode, value }`) is read, and every node of ours in it runs in n8n-core's real contexts
 * against the mock API with exactly its saved parameters.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, IVersionedNodeType } from 'n8n-workflow';

import { HeyGenFoldersApi } from '../../../packages/n8n-nodes-heygen-folders/credentials/HeyGenFoldersApi.credentials';
import { KonproApi } from '../../../packages/n8n-nodes-konpro/credentials/KonproApi.credentials';
import { MemoriesAiApi } from '../../../packages/n8n-nodes-memories-ai/credentials/MemoriesAiApi.credentials';
import { HeyGen } from '../../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import { Konpro } from '../../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import { MemoriesAi } from '../../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node';
import { MemoriesAiTrigger } from '../../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAiTrigger.node';
import { executeNode, poll, registerCredentialTypes, TEST_POLICY } from '../../harness';
import { createMockApi, type MockApi } from '../../mock-api';

interface SavedNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: IDataObject;
}

const FIXTURE = path.join(__dirname, 'saved-workflows', '0.1.0-every-operation.json');
const saved = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { nodes: SavedNode[] };
const OUR_PACKAGES = ['n8n-nodes-memories-ai', 'n8n-nodes-heygen-folders', 'n8n-nodes-konpro'];
const ours = saved.nodes.filter((node) => OUR_PACKAGES.includes(node.type.split('.')[0]));
const byName = (name: string) => {
	const node = ours.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`The fixture has no node "${name}"`);
	return node;
};

const nodeTypes: Record<string, IVersionedNodeType> = {
	memoriesAi: new MemoriesAi(TEST_POLICY),
	memoriesAiTrigger: new MemoriesAiTrigger(TEST_POLICY),
	heyGen: new HeyGen(TEST_POLICY),
	konpro: new Konpro(TEST_POLICY),
};

let mock: MockApi;

beforeAll(async () => {
	registerCredentialTypes([new MemoriesAiApi(), new HeyGenFoldersApi(), new KonproApi()]);
	mock = await createMockApi({ videos: 20, folders: 5, seed: 5 });
	// What the saved workflow points at: two tagged Berlin videos, and a folder (and one in the trash) per service.
	for (const video_no of ['VI900000000000000001', 'VI900000000000000002']) {
		mock.memories.addVideo({
			video_no,
			status: 'PARSE',
			tags: ['saved'],
			datetime_taken: Date.parse('2025-06-01T10:00:00Z'),
			latitude: 52.5,
			longitude: 13.4,
		});
	}
	for (const service of ['heyGen', 'konpro'] as const) {
		mock[service].addFolder({ id: `${service}-saved-folder`, name: 'Saved parent' });
		mock[service].addFolder({
			id: `${service}-saved-trashed`,
			name: 'Saved, in the trash',
			is_trash: true,
		});
	}
});
afterAll(async () => await mock.close());

const credentials = () => ({
	memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
	heyGenFoldersApi: { apiKey: mock.keys.heyGen, baseUrl: mock.baseUrls.heyGen },
	konproApi: { apiKey: mock.keys.konpro, baseUrl: mock.baseUrls.konpro },
});

async function runSaved(name: string): Promise<IDataObject[]> {
	const node = byName(name);
	const nodeType = nodeTypes[node.type.split('.')[1]];
	const [items] = await executeNode(nodeType, {
		parameters: node.parameters,
		typeVersion: node.typeVersion,
		credentials: credentials(),
	});
	return items.map((item) => item.json);
}

it('the fixture holds every node type and operation of the first release, at typeVersion 1', () => {
	const kinds = ours.map((node) =>
		`${node.type.split('.')[1]} ${String(node.parameters.operation ?? '')}`.trim(),
	);
	expect(new Set(ours.map((node) => node.typeVersion))).toEqual(new Set([1]));
	expect(kinds.sort()).toEqual(
		[
			'heyGen',
			'heyGen create',
			'heyGen rename',
			'heyGen restore',
			'heyGen trash',
			'konpro',
			'konpro create',
			'konpro rename',
			'konpro restore',
			'konpro trash',
			'memoriesAi',
			'memoriesAi',
			'memoriesAi',
			'memoriesAi get',
			'memoriesAiTrigger',
		].sort(),
	);
});

describe('Memories.ai', () => {
	it('Get Many with the saved filters (status, tag, taken after, location) and a limit', async () => {
		const videos = await runSaved('Parsed videos');
		expect(videos.map((video) => video.video_no).sort()).toEqual([
			'VI900000000000000001',
			'VI900000000000000002',
		]);
		expect(mock.requests.at(-1)?.body).toMatchObject({
			status: 'PARSE',
			tag: 'saved',
			latitude: 52.52,
			longitude: 13.405,
			size: 3,
		});
	});

	it('Get Many, Return All, by saved video IDs', async () => {
		const videos = await runSaved('Every video');
		expect(videos.map((video) => video.video_no).sort()).toEqual([
			'VI900000000000000001',
			'VI900000000000000002',
		]);
	});

	it('Get by video ID', async () => {
		expect((await runSaved('One video')).map((video) => video.video_no)).toEqual([
			'VI900000000000000002',
		]);
	});

	it('Folder Get Many with a limit', async () => {
		const folders = await runSaved('Memories folders');
		expect(folders.length).toBeGreaterThan(0);
		expect(folders.length).toBeLessThanOrEqual(2);
	});

	it('the trigger: Fetch Test Event shows a parsed video, and an active poll records its baseline', async () => {
		const node = byName('Videos done');
		const options = {
			parameters: node.parameters,
			typeVersion: node.typeVersion,
			credentials: credentials(),
		};
		const test = await poll(nodeTypes.memoriesAiTrigger, { ...options, mode: 'manual' });
		expect(test.output?.[0][0].json.status).toBe('PARSE');
		const first = await poll(nodeTypes.memoriesAiTrigger, {
			...options,
			mode: 'trigger',
			staticData: {},
		});
		expect(first.output).toBeNull();
		expect(Object.values(first.staticData)).toEqual([
			expect.objectContaining({ v: 3, uniqueId: 'default' }),
		]);
	});
});

describe.each([
	['heyGen', 'HeyGen'],
	['konpro', 'Konpro'],
] as const)('%s', (service, label) => {
	const folder = (id: string) => mock[service].get(id) as unknown as IDataObject;

	it('Get Many, Return All, with the saved filters', async () => {
		const names = (await runSaved(`${label} folders`)).map((f) => f.name);
		expect(names).toContain('Saved parent');
	});

	it('Create in the saved parent folder, with the saved project type', async () => {
		const [created] = await runSaved(`${label} create`);
		expect(created).toMatchObject({
			name: 'From a saved workflow',
			parent_id: `${service}-saved-folder`,
		});
	});

	it('Rename, Trash and Restore the saved folders (list and ID modes)', async () => {
		await runSaved(`${label} rename`);
		expect(folder(`${service}-saved-folder`).name).toBe('Saved parent, renamed');
		await runSaved(`${label} trash`);
		expect(folder(`${service}-saved-folder`).is_trash).toBe(true);
		await runSaved(`${label} restore`);
		expect(folder(`${service}-saved-trashed`).is_trash).toBe(false);
	});
});
