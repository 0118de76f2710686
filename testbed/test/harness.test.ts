/**
 * Proves the harness in ./n8n.ts: tiny in-test node/credential types, a tiny loopback server,
 * everything else is n8n-core's real contexts and real request helpers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import {
	clearLogs,
	executeNode,
	listSearch,
	logText,
	logs,
	poll,
	registerCredentialTypes,
	testCredential,
} from '../harness';

const GOOD_KEY = 'good-key-5ecret-0001';
const SOFT_BAD_KEY = 'soft-bad-key-5ecret-0002'; // server answers 200 {success:false}
const BAD_KEY = 'bad-key-5ecret-0003'; // server answers 401

// ------------------------------------------------------------------ loopback server

interface Seen {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}
const seen: Seen[] = [];
let videos: Array<{ id: string; status: string }> = [];
let server: http.Server;
let baseUrl = '';

function send(res: http.ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const key = req.headers['x-api-key'] ?? url.searchParams.get('api_key');
			if (url.pathname === '/check') {
				if (key === GOOD_KEY) return send(res, 200, { success: true });
				if (key === SOFT_BAD_KEY) return send(res, 200, { success: false, message: 'invalid key' });
				return send(res, 401, { error: 'unauthorized' });
			}
			if (key !== GOOD_KEY) return send(res, 401, { error: 'unauthorized' });
			if (url.pathname === '/items') {
				const q = url.searchParams.get('q') ?? '';
				return send(res, 200, {
					items: [
						{ id: 1, q },
						{ id: 2, q },
					],
				});
			}
			if (url.pathname === '/videos') return send(res, 200, { videos });
			if (url.pathname === '/folders') {
				const all = ['Alpha', 'Beta', 'Gamma', 'Alpine'].map((name, i) => ({ id: `f${i}`, name }));
				const filter = (url.searchParams.get('filter') ?? '').toLowerCase();
				const matching = all.filter((f) => f.name.toLowerCase().includes(filter));
				const start = Number(url.searchParams.get('token') ?? 0);
				const page = matching.slice(start, start + 2);
				const next = start + 2 < matching.length ? String(start + 2) : undefined;
				return send(res, 200, { folders: page, next });
			}
			return send(res, 404, { error: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
	clearLogs();
});

// ------------------------------------------------------------------ in-test credential types

class HarnessTestApi implements ICredentialType {
	name = 'harnessTestApi';
	displayName = 'Harness Test API';
	properties = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string' as const,
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string' as const,
			default: 'https://api.example.invalid',
		},
	];
	authenticate = {
		type: 'generic' as const,
		properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
	};
	test = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/check', method: 'GET' as const },
		rules: [
			{
				type: 'responseSuccessBody' as const,
				properties: { key: 'success', value: false, message: 'The service rejected the API key' },
			},
		],
	};
}

/** Key in the query string, header name taken from a credential default: exercises qs + defaults. */
class HarnessQsApi implements ICredentialType {
	name = 'harnessQsApi';
	displayName = 'Harness QS API';
	properties = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string' as const,
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string' as const, default: '' },
		{ displayName: 'Client', name: 'client', type: 'string' as const, default: 'harness-client' },
	];
	authenticate = {
		type: 'generic' as const,
		properties: {
			qs: { api_key: '={{$credentials.apiKey}}' },
			headers: { 'x-client': '={{$credentials.client}}' },
		},
	};
}

const harnessTestApi = new HarnessTestApi();
registerCredentialTypes([harnessTestApi, new HarnessQsApi()]);

// ------------------------------------------------------------------ in-test node types

const actionDescription: INodeTypeDescription = {
	displayName: 'Harness Node',
	name: 'harnessNode',
	group: ['transform'],
	version: [1, 2],
	description: 'Test node',
	defaults: { name: 'Harness Node' },
	inputs: ['main'],
	outputs: ['main'],
	credentials: [
		{ name: 'harnessTestApi', required: true, displayOptions: { show: { auth: ['header'] } } },
		{ name: 'harnessQsApi', required: true, displayOptions: { show: { auth: ['qs'] } } },
	],
	properties: [
		{
			displayName: 'Auth',
			name: 'auth',
			type: 'options',
			options: [
				{ name: 'Header', value: 'header' },
				{ name: 'Query', value: 'qs' },
			],
			default: 'header',
		},
		{ displayName: 'Query', name: 'query', type: 'string', default: 'everything' },
		{
			displayName: 'Folder',
			name: 'folderId',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchFolders', searchable: true },
				},
				{ displayName: 'By ID', name: 'id', type: 'string' },
			],
		},
	],
};

class HarnessNode implements INodeType {
	description = actionDescription;

	methods = {
		listSearch: {
			async searchFolders(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const credentials = await this.getCredentials('harnessTestApi');
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'harnessTestApi',
					{
						method: 'GET',
						url: `${credentials.baseUrl as string}/folders`,
						qs: { filter: filter ?? '', token: paginationToken },
						json: true,
					},
				)) as { folders: Array<{ id: string; name: string }>; next?: string };
				// the LoadOptionsContext sees the node's current parameters (defaults applied)
				const query = this.getCurrentNodeParameter('query') as string;
				return {
					results: response.folders.map((f) => ({ name: f.name, value: f.id, description: query })),
					paginationToken: response.next,
				};
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		this.logger.warn('harness node running', { itemCount: items.length });
		for (let i = 0; i < items.length; i++) {
			try {
				const auth = this.getNodeParameter('auth', i) as string;
				const credentialType = auth === 'qs' ? 'harnessQsApi' : 'harnessTestApi';
				const credentials = await this.getCredentials(credentialType, i);
				const query = this.getNodeParameter('query', i) as string;
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					credentialType,
					{
						method: 'GET',
						url: `${credentials.baseUrl as string}/items`,
						qs: { q: query },
						json: true,
					},
				)) as { items: IDataObject[] };
				for (const entry of response.items) {
					out.push({
						json: { ...entry, typeVersion: this.getNode().typeVersion, mode: this.getMode() },
						pairedItem: { item: i },
					});
				}
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({
						json: { error: (error as Error).message, sawContinueOnFail: true },
						pairedItem: { item: i },
					});
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

class HarnessTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Trigger',
		name: 'harnessTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test polling trigger',
		defaults: { name: 'Harness Trigger' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'harnessTestApi', required: true }],
		properties: [{ displayName: 'Status', name: 'status', type: 'string', default: 'DONE' }],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node');
		const meta = { mode: this.getMode(), activation: this.getActivationMode() };
		const credentials = await this.getCredentials('harnessTestApi');
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			'harnessTestApi',
			{
				method: 'GET',
				url: `${credentials.baseUrl as string}/videos`,
				json: true,
			},
		)) as { videos: Array<{ id: string; status: string }> };
		const status = this.getNodeParameter('status') as string;
		const done = response.videos.filter((v) => v.status === status);
		if (this.getMode() === 'manual') {
			return done.length ? [[{ json: { ...done[0], ...meta } }]] : null;
		}
		const known = (state.seen as string[] | undefined) ?? undefined;
		state.seen = done.map((v) => v.id);
		state.polls = ((state.polls as number | undefined) ?? 0) + 1;
		if (known === undefined) return null; // baseline
		const fresh = done.filter((v) => !known.includes(v.id));
		return fresh.length ? [fresh.map((v) => ({ json: { ...v, ...meta } }))] : null;
	}
}

const harnessNode = new HarnessNode();
const harnessTrigger = new HarnessTrigger();

// ------------------------------------------------------------------ tests

describe('executeNode', () => {
	it('sends the generic-auth header on the wire and returns the items execute returned', async () => {
		const output = await executeNode(harnessNode, {
			parameters: {},
			credentials: { harnessTestApi: { apiKey: GOOD_KEY, baseUrl } },
			items: [{ json: { a: 1 } }],
		});
		expect(seen).toHaveLength(1);
		expect(seen[0].headers['x-api-key']).toBe(GOOD_KEY);
		// parameter default ('everything') applied by the real Workflow, like n8n does
		expect(seen[0].url).toBe('/items?q=everything');
		expect(output).toEqual([
			[
				{
					json: { id: 1, q: 'everything', typeVersion: 2, mode: 'manual' },
					pairedItem: { item: 0 },
				},
				{
					json: { id: 2, q: 'everything', typeVersion: 2, mode: 'manual' },
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it('honours typeVersion, saved parameters, items and qs/defaults of generic auth', async () => {
		const output = await executeNode(harnessNode, {
			parameters: { auth: 'qs', query: '={{ $json.term }}' },
			credentials: { harnessQsApi: { apiKey: GOOD_KEY, baseUrl } },
			items: [{ json: { term: 'cats' } }, { json: { term: 'dogs' } }],
			typeVersion: 1,
		});
		expect(seen.map((s) => s.url)).toEqual([
			`/items?q=cats&api_key=${GOOD_KEY}`,
			`/items?q=dogs&api_key=${GOOD_KEY}`,
		]);
		expect(seen[0].headers['x-client']).toBe('harness-client'); // credential default applied
		expect(seen[0].headers['x-api-key']).toBeUndefined();
		expect(output[0].map((i) => [i.json.q, i.json.typeVersion, i.pairedItem])).toEqual([
			['cats', 1, { item: 0 }],
			['cats', 1, { item: 0 }],
			['dogs', 1, { item: 1 }],
			['dogs', 1, { item: 1 }],
		]);
	});

	it('rethrows what execute threw, and the node sees continueOnFail when it is set', async () => {
		const run = (continueOnFail: boolean) =>
			executeNode(harnessNode, {
				parameters: {},
				credentials: { harnessTestApi: { apiKey: BAD_KEY, baseUrl } },
				items: [{ json: {} }, { json: {} }],
				continueOnFail,
			});
		await expect(run(false)).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '401' });

		const output = await run(true);
		expect(output[0]).toHaveLength(2);
		expect(output[0][1]).toMatchObject({
			json: { sawContinueOnFail: true },
			pairedItem: { item: 1 },
		});
	});

	it("uses n8n's own credential checks (missing credentials are n8n's error, not the harness's)", async () => {
		await expect(executeNode(harnessNode, { parameters: {} })).rejects.toThrow(
			'Node does not have any credentials set',
		);
	});
});

describe('poll', () => {
	let credentials: Record<string, ICredentialDataDecryptedObject>;
	beforeEach(() => {
		credentials = { harnessTestApi: { apiKey: GOOD_KEY, baseUrl } };
	});

	it('keeps node static data from poll to poll through the returned staticData (trigger mode)', async () => {
		videos = [
			{ id: 'v1', status: 'DONE' },
			{ id: 'v2', status: 'PENDING' },
		];
		const first = await poll(harnessTrigger, { parameters: {}, credentials });
		expect(first.output).toBeNull();
		expect(first.staticData).toEqual({ 'node:Harness Trigger': { seen: ['v1'], polls: 1 } });
		expect(seen[0].headers['x-api-key']).toBe(GOOD_KEY);

		videos[1].status = 'DONE';
		const second = await poll(harnessTrigger, {
			parameters: {},
			credentials,
			staticData: first.staticData,
		});
		expect(second.output).toEqual([
			[{ json: { id: 'v2', status: 'DONE', mode: 'trigger', activation: 'activate' } }],
		]);
		expect(second.staticData).toEqual({ 'node:Harness Trigger': { seen: ['v1', 'v2'], polls: 2 } });
		// a JSON copy, detached from the workflow
		expect(second.staticData).not.toBe(first.staticData);
	});

	it('shows manual vs trigger mode through this.getMode() / getActivationMode()', async () => {
		videos = [{ id: 'v9', status: 'DONE' }];
		const live: IDataObject = { 'node:Harness Trigger': { seen: ['v0'], polls: 7 } };
		const manual = await poll(harnessTrigger, {
			parameters: {},
			credentials,
			mode: 'manual',
			staticData: live,
		});
		expect(manual.output).toEqual([
			[{ json: { id: 'v9', status: 'DONE', mode: 'manual', activation: 'manual' } }],
		]);
		// a manual run works on a copy of the static data: the active workflow's object is untouched
		expect(live).toEqual({ 'node:Harness Trigger': { seen: ['v0'], polls: 7 } });

		const trigger = await poll(harnessTrigger, { parameters: {}, credentials, staticData: live });
		expect(trigger.output).toEqual([
			[{ json: { id: 'v9', status: 'DONE', mode: 'trigger', activation: 'activate' } }],
		]);
		expect(live).toEqual({ 'node:Harness Trigger': { seen: ['v9'], polls: 8 } });
	});

	it('passes the given staticData to the workflow live (mutations visible even if the poll throws)', async () => {
		const live: IDataObject = {};
		await expect(
			poll(harnessTrigger, {
				parameters: {},
				credentials: { harnessTestApi: { apiKey: BAD_KEY, baseUrl } },
				staticData: live,
			}),
		).rejects.toMatchObject({ name: 'NodeApiError' });
		// the node asked for its static data before failing: n8n's workflow object now holds the (empty) slot
		expect(JSON.parse(JSON.stringify(live))).toEqual({ 'node:Harness Trigger': {} });
	});
});

describe('testCredential', () => {
	it('returns OK for a good key, sent through generic auth to the resolved baseUrl', async () => {
		await expect(testCredential(harnessTestApi, { apiKey: GOOD_KEY, baseUrl })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({ method: 'GET', url: '/check' });
		expect(seen[0].headers['x-api-key']).toBe(GOOD_KEY);
	});

	it('returns Error via the responseSuccessBody rule when the server says 200 {success:false}', async () => {
		await expect(
			testCredential(harnessTestApi, { apiKey: SOFT_BAD_KEY, baseUrl }),
		).resolves.toEqual({
			status: 'Error',
			message: 'The service rejected the API key',
		});
	});

	// n8n-workflow 2.8's NodeApiError drops `cause`, so CredentialsTester reports the NodeApiError's own
	// message for HTTP errors (and `responseCode` rules never match): exactly what n8n 2.8 shows the user.
	it('returns Error for an HTTP error status, with the message n8n 2.8 shows', async () => {
		await expect(testCredential(harnessTestApi, { apiKey: BAD_KEY, baseUrl })).resolves.toEqual({
			status: 'Error',
			message: 'Authorization failed - please check your credentials',
		});
	});

	it('returns Error (not a throw) when the host is unreachable', async () => {
		await expect(
			testCredential(harnessTestApi, { apiKey: GOOD_KEY, baseUrl: 'http://127.0.0.1:1' }),
		).resolves.toEqual({
			status: 'Error',
			message: 'The service refused the connection - perhaps it is offline',
		});
	});
});

describe('listSearch', () => {
	it('runs the method in a LoadOptionsContext with credentials, filter and pagination', async () => {
		const options = {
			parameters: {},
			credentials: { harnessTestApi: { apiKey: GOOD_KEY, baseUrl } },
		};
		const page1 = await listSearch(harnessNode, 'searchFolders', { ...options, filter: 'al' });
		expect(page1).toEqual({
			results: [
				{ name: 'Alpha', value: 'f0', description: 'everything' },
				{ name: 'Alpine', value: 'f3', description: 'everything' },
			],
			paginationToken: undefined,
		});
		const all1 = await listSearch(harnessNode, 'searchFolders', options);
		expect(all1.paginationToken).toBe('2');
		const all2 = await listSearch(harnessNode, 'searchFolders', {
			...options,
			paginationToken: all1.paginationToken as string,
		});
		expect(all2.results.map((r) => r.name)).toEqual(['Gamma', 'Alpine']);
		expect(seen.every((s) => s.headers['x-api-key'] === GOOD_KEY)).toBe(true);
	});
});

describe('logs', () => {
	it("captures the node's this.logger calls and never the key", async () => {
		await executeNode(harnessNode, {
			parameters: {},
			credentials: { harnessTestApi: { apiKey: GOOD_KEY, baseUrl } },
		});
		expect(logs).toContainEqual({
			level: 'warn',
			message: 'harness node running',
			meta: { itemCount: 1 },
		});
		expect(logText()).not.toContain(GOOD_KEY);

		LoggerProxy.info('through the proxy', { from: 'n8n-workflow' });
		expect(logs[logs.length - 1]).toEqual({
			level: 'info',
			message: 'through the proxy',
			meta: { from: 'n8n-workflow' },
		});

		clearLogs();
		expect(logs).toEqual([]);
	});
});
