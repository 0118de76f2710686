/**
 * Our three packages and HeyGen's official one (@heygenofficial/n8n-nodes-heygen-official, pinned
 * in testbed/vendors/) installed in one user folder, as n8n installs community packages, in one
 * real `n8n start`. n8n keeps credential type names in one namespace across packages (the last
 * package loaded wins), and the official package defines heyGenApi and heyGenOAuth2Api: our HeyGen
 * credential is heyGenFoldersApi, so that both packages keep their own. Shown here: n8n serves both
 * types, each once with its own fields; the official ones exactly as its package defines them; our
 * node and our credential test reach the mock API with our credential.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createMockApi, type MockApi } from '../mock-api';

import * as n8n from '../n8n';

const OURS = n8n.CREDENTIAL_TYPES.heyGen;
const OFFICIAL_NODE = `${n8n.OFFICIAL_HEYGEN_PACKAGE}.heygenNode`;
/** The official package's credential classes: file in dist/credentials/, exported class. */
const OFFICIAL_CREDENTIALS = [
	['HeyGenApi.credentials.js', 'HeyGenApi'],
	['HeyGenOAuth2Api.credentials.js', 'HeyGenOAuth2Api'],
] as const;
/** n8n adds these fields to every credential type that authenticates (LoadNodesAndCredentials.injectDomainRestrictionFields). */
const N8N_DOMAIN_FIELDS = ['allowedHttpRequestDomains', 'allowedDomains'];
const FIELDS = ['name', 'displayName', 'extends', 'properties', 'authenticate', 'test'] as const;

interface CredentialType {
	name: string;
	displayName?: string;
	properties: Array<{ name: string }>;
	[k: string]: unknown;
}

let mock: MockApi;
let server: n8n.N8nServer | undefined;
let rest: n8n.N8nRest;
let userFolder: string;
let officialDir: string;
let served: CredentialType[];
let credential: Promise<{ id: string; name: string }> | undefined;

/** The one type of that name n8n serves (a second one would be a collision). */
function servedType(name: string): CredentialType {
	const found = served.filter((t) => t.name === name);
	if (found.length !== 1)
		throw new Error(`n8n serves ${found.length} credential types named ${name}, not 1`);
	return found[0];
}

/** The fields compared, with n8n's domain-restriction fields left out, as JSON. */
function comparable(type: object): Record<string, unknown> {
	const t = JSON.parse(JSON.stringify(type)) as CredentialType;
	const picked = Object.fromEntries(FIELDS.filter((f) => f in t).map((f) => [f, t[f]]));
	return {
		...picked,
		properties: t.properties.filter((p) => !N8N_DOMAIN_FIELDS.includes(p.name)),
	};
}

/** Our credential, pointed at the mock, created through the REST API on first use. */
function ourCredential(): Promise<{ id: string; name: string }> {
	credential ??= rest
		.createCredential({
			name: 'HeyGen Folders mock',
			type: OURS,
			data: { apiKey: mock.keys.heyGen, baseUrl: mock.baseUrls.heyGen },
		})
		.then(({ id, name }) => ({ id, name }));
	return credential;
}

const heyGenRequests = (since: number) =>
	mock.requests.filter((r) => r.service === 'heyGen' && r.path === '/v1/folders' && r.at >= since);

beforeAll(async () => {
	mock = await createMockApi({ folders: 12, seed: 11 });
	const tarball = await n8n.packVendorPackage(n8n.OFFICIAL_HEYGEN_PACKAGE);
	officialDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heygen-official-'));
	const untar = await n8n.run('tar', ['-xzf', tarball, '-C', officialDir, '--strip-components=1']);
	if (untar.code !== 0) throw new Error(`Unpacking ${tarball} failed: ${untar.stderr}`);
	userFolder = await n8n.makeE2eUserFolder('coexistence', [tarball]);
	const port = await n8n.findFreePort(...n8n.PORT_RANGES.e2eN8n);
	const brokerPort = await n8n.findFreePort(...n8n.PORT_RANGES.e2eBroker);
	server = await n8n.startN8n({ userFolder, port, brokerPort, readyTimeoutMs: 180000 });
	rest = new n8n.N8nRest(server.url);
	await rest.ensureOwnerAndLogin();
	served = await rest.request<CredentialType[]>('GET', '/types/credentials.json');
}, 300000);

afterAll(async () => {
	await server?.stop();
	await mock?.close();
	n8n.removeE2eUserFolders();
	if (officialDir) fs.rmSync(officialDir, { recursive: true, force: true });
});

test('n8n loads both packages and lists heyGenApi (official) and heyGenFoldersApi (ours), each once with its own fields', async () => {
	const nodes = await rest.nodeTypeNames();
	expect(nodes).toEqual(expect.arrayContaining([n8n.NODE_TYPES.heyGen, OFFICIAL_NODE]));
	const names = ['heyGenApi', 'heyGenOAuth2Api', OURS];
	const count = (name: string) => served.filter((t) => t.name === name).length;
	expect(Object.fromEntries(names.map((n) => [n, count(n)]))).toEqual({
		heyGenApi: 1,
		heyGenOAuth2Api: 1,
		[OURS]: 1,
	});
	const official = comparable(servedType('heyGenApi'));
	const ours = comparable(servedType(OURS));
	expect(official).toMatchObject({ displayName: 'HeyGen API' });
	expect((official.properties as CredentialType['properties']).map((p) => p.name)).toEqual([
		'apiKey',
	]);
	expect(ours).toMatchObject({
		displayName: 'HeyGen Folders API',
		test: { request: { url: '/v1/folders', qs: { limit: 1 } } },
	});
	expect((ours.properties as CredentialType['properties']).map((p) => p.name)).toEqual([
		'apiKey',
		'baseUrl',
	]);
});

test.each(OFFICIAL_CREDENTIALS)(
	'the official %s is served exactly as its package defines it',
	async (file, className) => {
		// The class on its own, from the unpacked tarball: what n8n serves when no other package interferes.
		const mod = (await import(path.join(officialDir, 'dist', 'credentials', file))) as Record<
			string,
			new () => CredentialType
		>;
		const own = new mod[className]();
		expect(comparable(servedType(own.name))).toEqual(comparable(own));
	},
);

test("n8n's credential test of heyGenFoldersApi runs our test request against the Base URL", async () => {
	const stored = await ourCredential();
	const since = Date.now();
	const test = (apiKey: string) =>
		rest.request<{ status: string; message?: string }>('POST', '/rest/credentials/test', {
			credentials: { ...stored, type: OURS, data: { apiKey, baseUrl: mock.baseUrls.heyGen } },
		});
	expect(await test(mock.keys.heyGen)).toMatchObject({ status: 'OK' });
	expect(await test('wrong-key')).toMatchObject({ status: 'Error' });
	// Our test request (GET /v1/folders?limit=1) with the key as typed: first the right one, then
	// the wrong one (n8n may send a failing test more than once).
	const seen = heyGenRequests(since).map((r) => ({
		method: r.method,
		query: r.query,
		auth: r.auth,
	}));
	expect(seen.length).toBeGreaterThanOrEqual(2);
	expect(seen).toEqual(
		seen.map((_, i) => ({
			method: 'GET',
			query: { limit: '1' },
			auth: i === 0 ? 'ok' : 'invalid',
		})),
	);
});

test('our HeyGen node (Folder → Get Many, limit 5) lists folders from the mock with a heyGenFoldersApi credential', async () => {
	const { id: _, ...workflow } = n8n.manualWorkflow(
		n8n.n8nId('wfCoexist', 1),
		'HeyGen folders next to the official HeyGen package',
		[
			[
				{
					name: 'Folders',
					type: n8n.NODE_TYPES.heyGen,
					parameters: { resource: 'folder', operation: 'getAll', returnAll: false, limit: 5 },
					credentials: { [OURS]: await ourCredential() },
				},
			],
		],
	);
	const wf = await rest.createWorkflow(workflow);
	const since = Date.now();
	const res = await n8n.executeWorkflow(userFolder, wf.id, { timeoutMs: 240000 });
	if (res.code !== 0 || !res.run || res.errorMessage)
		throw new Error(
			`Workflow failed (exit ${res.code}): ${res.errorMessage ?? ''}\n${res.output.slice(-4000)}`,
		);
	const folders = n8n.nodeItems(res.run, 'Folders');
	expect(folders).toHaveLength(5);
	const known = new Set(mock.heyGen.folders.map((f) => f.id));
	expect(new Set(folders.map((f) => f.id)).size).toBe(5);
	for (const f of folders) expect(known.has(String(f.id))).toBe(true);
	const requests = heyGenRequests(since);
	expect(requests.length).toBeGreaterThan(0);
	expect(requests.every((r) => r.auth === 'ok')).toBe(true);
}, 300000);
