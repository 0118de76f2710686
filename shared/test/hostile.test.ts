/**
 * The one transport against servers that misbehave the way proxies, gateways and vendors do
 * (tooling/hostile), through n8n-core's real request helper: a key never reaches another origin or
 * any message, a write that may have happened is not repeated, and time, size and pages are bounded.
 */
import type { IDataObject, IVersionedNodeType } from 'n8n-workflow';

import { HeyGenFoldersApi } from '../../packages/n8n-nodes-heygen-folders/credentials/HeyGenFoldersApi.credentials';
import { KonproApi } from '../../packages/n8n-nodes-konpro/credentials/KonproApi.credentials';
import { MemoriesAiApi } from '../../packages/n8n-nodes-memories-ai/credentials/MemoriesAiApi.credentials';
import { HeyGen } from '../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import { Konpro } from '../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import { MemoriesAi } from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node';
import { MemoriesAiTrigger } from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAiTrigger.node';
import type { RequestPolicy } from '../src/policy';
import {
	clearLogs,
	executeNode,
	logText,
	poll,
	registerCredentialTypes,
	testCredential,
	TEST_POLICY,
} from '../../testbed/harness';
import {
	commitThen,
	echoHeaders,
	endlessTokens,
	gzipBomb,
	hostileServer,
	htmlError,
	redirectTo,
	silent,
	trickle,
	type Behaviour,
	type HostileServer,
} from '../../testbed/hostile';
import { createMockApi, type MockApi } from '../../testbed/mock-api';

type NodeError = Error & { description?: string };

let mock: MockApi;
const servers: HostileServer[] = [];
const KEY = 'hg-k3y-abcdefghijklmnopqrstu';
const MEMORIES_KEY = 'mem-k3y-abcdefghijklmnopqrs';

beforeAll(async () => {
	registerCredentialTypes([new HeyGenFoldersApi(), new KonproApi(), new MemoriesAiApi()]);
	mock = await createMockApi({ folders: 30, videos: 30, seed: 3 });
});
afterAll(async () => {
	await Promise.all(servers.map(async (server) => await server.close()));
	await mock.close();
});
beforeEach(() => {
	mock.resetCounters();
	mock.clearFaults();
});

async function server(behaviour: Behaviour, upstream?: string): Promise<HostileServer> {
	const created = await hostileServer(behaviour, { upstream });
	servers.push(created);
	return created;
}

const heyGen = (policy: Partial<RequestPolicy> = {}) => new HeyGen({ ...TEST_POLICY, ...policy });
const heyGenCredentials = (baseUrl: string, apiKey = KEY) => ({
	heyGenFoldersApi: { apiKey, baseUrl },
});

async function outcome(
	node: IVersionedNodeType,
	parameters: IDataObject,
	credentials: Record<string, IDataObject>,
) {
	return await executeNode(node, { parameters, credentials: credentials as never }).then(
		(output) => ({ output: output[0], error: undefined }),
		(error: unknown) => ({ output: undefined, error: error as NodeError }),
	);
}
async function failure(
	node: IVersionedNodeType,
	parameters: IDataObject,
	credentials: Record<string, IDataObject>,
): Promise<NodeError> {
	const { error } = await outcome(node, parameters, credentials);
	if (!error) throw new Error('expected the node to throw');
	return error;
}

/** Every 8-character piece of the key: none may appear anywhere. */
const pieces = (key: string) =>
	Array.from({ length: key.length - 7 }, (_, i) => key.slice(i, i + 8));
const leaked = (text: string, key: string) => pieces(key).filter((piece) => text.includes(piece));

const getMany = { resource: 'folder', operation: 'getAll', returnAll: true };
const rename = (id: string) => ({
	resource: 'folder',
	operation: 'rename',
	folderId: { __rl: true, mode: 'id', value: id },
	name: 'Renamed',
});
const create = (name: string) => ({ resource: 'folder', operation: 'create', name });

describe('1. credentials go only to the Base URL origin', () => {
	it.each([301, 302, 307, 308])(
		'HTTP %i to another origin: server B receives nothing, the error names its host',
		async (status) => {
			const b = await server(
				({ res }) =>
					void res
						.writeHead(200, { 'content-type': 'application/json' })
						.end('{"error":null,"data":{"folders":[]}}'),
			);
			const a = await server(redirectTo(({ request }) => `${b.url}${request.url}`, status));
			for (const parameters of [getMany, rename('f1'), create('New')]) {
				const error = await failure(heyGen(), parameters, heyGenCredentials(a.url));
				expect(error.message).toContain(b.host);
				expect(`${error.message} ${error.description}`).not.toContain(KEY);
			}
			expect(b.requests).toHaveLength(0);
			expect(a.requests).toHaveLength(3);
		},
	);

	it('Memories.ai (Authorization header) and the trigger: server B receives nothing', async () => {
		const b = await server(({ res }) => void res.writeHead(200).end('{}'));
		const a = await server(redirectTo(({ request }) => `${b.url}${request.url}`, 307));
		const credentials = { memoriesAiApi: { apiKey: MEMORIES_KEY, baseUrl: a.url } };
		const error = await failure(
			new MemoriesAi(TEST_POLICY),
			{ resource: 'video', operation: 'getAll', limit: 5 },
			credentials,
		);
		expect(error.message).toContain(b.host);
		await expect(
			poll(new MemoriesAiTrigger(TEST_POLICY), { parameters: {}, credentials, mode: 'manual' }),
		).rejects.toThrow(b.host);
		expect(b.requests).toHaveLength(0);
	});

	it.each([
		['heyGen', new HeyGenFoldersApi()],
		['memoriesAi', new MemoriesAiApi()],
	] as const)(
		'the %s credential test does not send the key to server B, and does not say "Connection successful"',
		async (_name, type) => {
			const b = await server(
				({ res }) =>
					void res
						.writeHead(200, { 'content-type': 'application/json' })
						.end('{"success":true,"data":{}}'),
			);
			const a = await server(redirectTo(({ request }) => `${b.url}${request.url}`, 302));
			const result = await testCredential(type, { apiKey: KEY, baseUrl: a.url });
			expect(result.status).toBe('Error');
			expect(result.message).not.toContain(KEY);
			expect(b.requests).toHaveLength(0);
		},
	);

	it('a same-origin redirect is followed (method and body kept on 307), a redirect loop stops after 5 hops', async () => {
		const a = await server(async (exchange) => {
			if (exchange.request.url.startsWith('/old/'))
				return redirectTo(exchange.request.url.replace('/old/', '/heygen/'), 307)(exchange);
			const answer = await exchange.forward();
			exchange.res
				.writeHead(answer.status, { 'content-type': 'application/json' })
				.end(answer.body);
		}, mock.url);
		const { output } = await outcome(
			heyGen(),
			create('Moved'),
			heyGenCredentials(`${a.url}/old`, mock.keys.heyGen),
		);
		expect(output?.[0].json).toMatchObject({ name: 'Moved' });
		expect(a.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
			'POST /old/v1/folders/create',
			'POST /heygen/v1/folders/create',
		]);
		expect(a.requests[1].body).toBe(a.requests[0].body);

		const loop = await server(redirectTo(({ request }) => request.url, 302));
		const error = await failure(heyGen(), getMany, heyGenCredentials(loop.url));
		expect(error.message).toMatch(/redirect/i);
		expect(loop.requests).toHaveLength(6);
	});

	it('a write is not turned into a GET by 301/302/303', async () => {
		const a = await server(redirectTo(({ request }) => `${request.url}-moved`, 302));
		const error = await failure(heyGen(), create('New'), heyGenCredentials(a.url));
		expect(error.message).toMatch(/redirect/i);
		expect(a.requests.map((r) => r.method)).toEqual(['POST']);
	});
});

describe('2. retry decisions come from the status first', () => {
	it('two nginx-style HTML 502 pages, then a good answer: success after 3 attempts', async () => {
		const a = await server(async (exchange) => {
			if (exchange.index < 2) return htmlError(exchange.res, 502);
			const answer = await exchange.forward();
			exchange.res
				.writeHead(answer.status, { 'content-type': 'application/json' })
				.end(answer.body);
		}, mock.url);
		const { output, error } = await outcome(
			heyGen(),
			getMany,
			heyGenCredentials(`${a.url}/heygen`, mock.keys.heyGen),
		);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(mock.heyGen.folders.filter((f) => !f.is_trash).length);
		expect(a.requests).toHaveLength(3);
	});

	it('an HTML 503 that never goes away ends in the server-error message after the retries, not "not valid JSON"', async () => {
		const a = await server(({ res }) => htmlError(res, 503));
		const error = await failure(heyGen({ maxRetries: 2 }), getMany, heyGenCredentials(a.url));
		expect(error.message).toMatch(/having trouble/);
		expect(a.requests).toHaveLength(3);
	});
});

describe('3. Create is not repeated after the server may have done it', () => {
	it.each([['reset'], ['502'], ['garbage'], ['late']] as const)(
		'committed, then %s: one POST, one folder, the folder is returned',
		async (kind) => {
			const a = await server(commitThen(kind === 'late' ? { lateMs: 600 } : kind), mock.url);
			// The service stamps the folder with its clock: a real one, like HeyGen's.
			mock.clock.set(Date.now());
			const before = mock.heyGen.folders.length;
			const { output, error } = await outcome(
				heyGen({ timeoutMs: 300 }),
				create(`Once ${kind}`),
				heyGenCredentials(`${a.url}/heygen`, mock.keys.heyGen),
			);
			expect(error?.message).toBeUndefined();
			expect(
				mock.requests.filter((r) => r.method === 'POST' && r.path === '/v1/folders/create'),
			).toHaveLength(1);
			expect(mock.heyGen.folders.length).toBe(before + 1);
			expect(output?.[0].json).toMatchObject({ name: `Once ${kind}` });
		},
	);

	it('Konpro too (no envelope, ISO created_at): committed, then reset returns the one folder', async () => {
		const a = await server(commitThen('reset'), mock.url);
		mock.clock.set(Date.now());
		const before = mock.konpro.folders.length;
		const node = new Konpro(TEST_POLICY);
		const { output, error } = await outcome(node, create('Once Konpro'), {
			konproApi: { apiKey: mock.keys.konpro, baseUrl: `${a.url}/konpro` },
		});
		expect(error?.message).toBeUndefined();
		expect(mock.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(mock.konpro.folders.length).toBe(before + 1);
		expect(output?.[0].json).toMatchObject({
			name: 'Once Konpro',
			id: mock.konpro.folders.find((f) => f.name === 'Once Konpro')?.id,
		});
	});

	it('a folder of the same name made before the attempt is not taken for it: Create is tried again', async () => {
		mock.clock.set(Date.now() - 3_600_000);
		const a = await server(commitThen('reset'), mock.url);
		const { output } = await outcome(
			heyGen(),
			create('Old and new'),
			heyGenCredentials(`${a.url}/heygen`, mock.keys.heyGen),
		);
		// The first POST was committed an hour "ago" by the service's clock, so it is not recognised.
		expect(mock.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
		expect(output).toHaveLength(1);
	});

	it('when the lookup cannot tell, the error says the folder may exist and how to check', async () => {
		const a = await server(async (exchange) => {
			if (exchange.request.method === 'POST') return void exchange.res.socket?.resetAndDestroy();
			htmlError(exchange.res, 500);
		});
		const error = await failure(
			heyGen({ maxRetries: 1 }),
			create('Unsure'),
			heyGenCredentials(a.url),
		);
		expect(error.message).toMatch(/may (already )?exist/i);
		expect(error.description).toMatch(/Get Many/);
		expect(a.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});
});

describe('4. no piece of the key in any message', () => {
	it.each(['text', 'json'] as const)(
		'a proxy echoing the headers (%s) at every offset leaks no 8 characters of the key',
		async (format) => {
			clearLogs();
			const seen: string[] = [];
			for (let pad = 0; pad <= 330; pad += 5) {
				// As JSON, a 503: retried, so the retry log line sees the vendor's code too.
				const a = await server(echoHeaders({ pad, format, status: format === 'json' ? 503 : 400 }));
				const error = await failure(
					heyGen({ maxRetries: 1 }),
					rename('f1'),
					heyGenCredentials(a.url),
				);
				seen.push(
					error.message,
					String(error.description),
					JSON.stringify(error),
					JSON.stringify((error as { errorResponse?: unknown }).errorResponse),
				);
				const items = await executeNode(heyGen(), {
					parameters: rename('f1'),
					credentials: heyGenCredentials(a.url),
					continueOnFail: true,
				});
				seen.push(JSON.stringify(items));
				expect(a.requests[0].headers['x-api-key']).toBe(KEY);
			}
			seen.push(logText());
			expect(leaked(seen.join('\n'), KEY)).toEqual([]);
		},
	);
});

describe('5. a folder ID cannot change the route', () => {
	it.each(['create', '.', '..', 'a/b', '../trash', ' .. '])(
		'Rename, Trash, Restore with ID %p: a clear input error and 0 requests',
		async (id) => {
			const a = await server(
				({ res }) =>
					void res
						.writeHead(200, { 'content-type': 'application/json' })
						.end('{"error":null,"data":{}}'),
			);
			for (const operation of ['rename', 'trash', 'restore']) {
				const error = await failure(
					heyGen(),
					{ ...rename(id), operation },
					heyGenCredentials(a.url),
				);
				expect(error.message).toMatch(/folder ID/i);
			}
			expect(a.requests).toHaveLength(0);
		},
	);
});

describe('6. one deadline per call, and per-attempt limits that stop a trickle', () => {
	it('a server that never answers: the error names the overall time limit, retries stop at the deadline', async () => {
		const a = await server(silent);
		const error = await failure(
			heyGen({ timeoutMs: 200, deadlineMs: 700 }),
			getMany,
			heyGenCredentials(a.url),
		);
		expect(error.message).toMatch(/time limit/i);
		expect(a.requests.length).toBeGreaterThanOrEqual(2);
		expect(a.requests.length).toBeLessThanOrEqual(4);
	});

	it("the node's Request Options → Time Limit sets that deadline (HeyGen and Memories.ai)", async () => {
		const a = await server(silent);
		const fast = { timeoutMs: 200, deadlineMs: 60_000 };
		const error = await failure(
			heyGen(fast),
			{ ...getMany, requestOptions: { timeLimit: 0.5 } },
			heyGenCredentials(a.url),
		);
		expect(error.message).toContain('time limit of 500 ms');
		const memories = new MemoriesAi({ ...TEST_POLICY, ...fast });
		const credentials = { memoriesAiApi: { apiKey: MEMORIES_KEY, baseUrl: a.url } };
		const slow = await failure(
			memories,
			{ resource: 'video', operation: 'getAll', limit: 5, requestOptions: { timeLimit: 0.5 } },
			credentials,
		);
		expect(slow.message).toContain('time limit of 500 ms');
	});

	it('a server trickling a byte every 50 ms is cut off by the per-attempt limit', async () => {
		const a = await server(trickle(50));
		const error = await failure(
			heyGen({ timeoutMs: 300, deadlineMs: 2000, maxRetries: 1 }),
			getMany,
			heyGenCredentials(a.url),
		);
		expect(error.message).toMatch(/time limit/i);
		expect(a.requests).toHaveLength(2);
	}, 20_000);

	it('the trigger is not blocked by a trickle either', async () => {
		const a = await server(trickle(50));
		const credentials = { memoriesAiApi: { apiKey: MEMORIES_KEY, baseUrl: a.url } };
		const trigger = new MemoriesAiTrigger({ ...TEST_POLICY, timeoutMs: 300, deadlineMs: 1000 });
		await expect(poll(trigger, { parameters: {}, credentials, mode: 'manual' })).rejects.toThrow(
			/time limit/i,
		);
	}, 20_000);
});

describe('7. the decompressed size is bounded', () => {
	it('a gzip bomb of 300 MB: a clear error, memory grows less than 100 MB', async () => {
		const a = await server(gzipBomb(300));
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
		const error = await failure(
			heyGen({ maxRetries: 0 }),
			getMany,
			heyGenCredentials(a.url),
		).finally(() => clearInterval(sampler));
		expect(error.message).toMatch(/too large|larger than/i);
		expect((peak - rssBefore) / 2 ** 20).toBeLessThan(100);
	}, 30_000);
});

describe('8. token pagination is bounded', () => {
	it('fresh tokens forever: listing stops at the page bound with the number of folders read', async () => {
		const a = await server(endlessTokens(10, 3000));
		const error = await failure(heyGen({ maxPages: 20 }), getMany, heyGenCredentials(a.url));
		expect(error.message).toMatch(/pages/);
		expect(`${error.message} ${error.description}`).toContain('200 folders');
		expect(a.requests).toHaveLength(20);
	}, 30_000);
});

describe('9. the credential is checked before any request, naming the field to fix', () => {
	const a = { url: '' };
	let received: HostileServer;
	beforeAll(async () => {
		received = await server(
			({ res }) =>
				void res
					.writeHead(200, { 'content-type': 'application/json' })
					.end('{"error":null,"data":{"folders":[]}}'),
		);
		a.url = received.url;
	});
	it.each([
		['no scheme', () => a.url.replace('http://', ''), 'Base URL'],
		['ftp://', () => a.url.replace('http://', 'ftp://'), 'Base URL'],
		['file://', () => 'file:///etc/passwd', 'Base URL'],
		['a query', () => `${a.url}/heygen?region=eu`, 'Base URL'],
		['a fragment', () => `${a.url}#x`, 'Base URL'],
	])('Base URL with %s', async (_case, baseUrl, field) => {
		const error = await failure(heyGen(), getMany, heyGenCredentials(baseUrl()));
		expect(error.message).toContain(field);
		expect(error.message).not.toMatch(/Could not reach/);
		const tested = await testCredential(new HeyGenFoldersApi(), {
			apiKey: KEY,
			baseUrl: baseUrl(),
		});
		expect(tested).toMatchObject({ status: 'Error' });
		expect(tested.message).toContain(field);
		expect(received.requests).toHaveLength(0);
	});
	it.each([
		['a newline', `${KEY}\n`],
		['CRLF and a header', `${KEY}\r\nX-Evil: 1`],
		['a character outside Latin-1', `${KEY}€`],
	])('API Key with %s', async (_case, apiKey) => {
		const error = await failure(heyGen(), getMany, heyGenCredentials(a.url, apiKey));
		expect(error.message).toContain('API Key');
		const tested = await testCredential(new HeyGenFoldersApi(), { apiKey, baseUrl: a.url });
		expect(tested.message).toContain('API Key');
		expect(received.requests).toHaveLength(0);
	});
	it('spaces around the Base URL are trimmed: the node and the credential test work', async () => {
		const { error } = await outcome(
			heyGen(),
			getMany,
			heyGenCredentials(`  ${mock.baseUrls.heyGen}/ `, mock.keys.heyGen),
		);
		expect(error).toBeUndefined();
		expect(
			await testCredential(new HeyGenFoldersApi(), {
				apiKey: mock.keys.heyGen,
				baseUrl: ` ${mock.baseUrls.heyGen} `,
			}),
		).toMatchObject({ status: 'OK' });
	});
});

describe('10. pacing is keyed by the normalized origin and the key', () => {
	afterEach(() => {
		mock.options.qpsLimit = null;
	});
	it('three spellings of one Base URL, run at once, share one 5 req/s window: none refused', async () => {
		mock.options.qpsLimit = 5;
		const spellings = [
			mock.baseUrls.memoriesAi,
			`${mock.baseUrls.memoriesAi}/`,
			mock.baseUrls.memoriesAi.replace('http://127.0.0.1', 'HTTP://127.0.0.1'),
		];
		const paced = new MemoriesAi({ ...TEST_POLICY, pacing: true, maxRetries: 0 });
		const results = await Promise.allSettled(
			spellings.map(
				async (baseUrl) =>
					await executeNode(paced, {
						parameters: { resource: 'video', operation: 'getAll', limit: 5 },
						credentials: { memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl } },
						items: Array.from({ length: 4 }, () => ({ json: {} })),
					}),
			),
		);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
		expect(mock.requests.filter((r) => r.limited)).toHaveLength(0);
		expect(mock.requests).toHaveLength(12);
	}, 30_000);
});

describe('11. uploads and downloads (bodies and answers that are not JSON text) are held to the same rules', () => {
	const memoriesCredentials = (baseUrl: string, apiKey = MEMORIES_KEY) => ({
		memoriesAiApi: { apiKey, baseUrl },
	});
	const uploadFile = { resource: 'video', operation: 'upload', source: 'binary' };
	const fileItems = [
		{
			json: {},
			binary: {
				data: {
					data: Buffer.alloc(50_000, 7).toString('base64'),
					mimeType: 'video/mp4',
					fileName: 'clip.mp4',
				},
			},
		},
	];
	const download = (videoNo: string) => ({ resource: 'video', operation: 'download', videoNo });
	const memoriesOutcome = async (
		policy: Partial<RequestPolicy>,
		parameters: IDataObject,
		credentials: Record<string, IDataObject>,
		items?: IDataObject[],
	) =>
		await executeNode(new MemoriesAi({ ...TEST_POLICY, ...policy }), {
			parameters,
			credentials: credentials as never,
			items: items as never,
		}).then(
			(output) => ({ output: output[0], error: undefined }),
			(error: unknown) => ({ output: undefined, error: error as NodeError }),
		);

	it.each([
		['an Upload (multipart)', uploadFile, fileItems],
		['a Download', download('VI1'), undefined],
	] as const)(
		'%s redirected to another origin: server B receives nothing, the error names its host',
		async (_name, parameters, items) => {
			const b = await server(
				({ res }) => void res.writeHead(200, { 'content-type': 'video/mp4' }).end('file'),
			);
			const a = await server(redirectTo(({ request }) => `${b.url}${request.url}`, 307));
			const { error } = await memoriesOutcome(
				{},
				parameters,
				memoriesCredentials(a.url),
				items as IDataObject[] | undefined,
			);
			expect(error?.message).toContain(b.host);
			expect(`${error?.message} ${error?.description}`).not.toContain(MEMORIES_KEY);
			expect(b.requests).toHaveLength(0);
			expect(a.requests).toHaveLength(1);
		},
	);

	it('a Download server that never sends its headers: the error names the overall time limit, retries stop at the deadline', async () => {
		const a = await server(silent);
		const { error } = await memoriesOutcome(
			{ timeoutMs: 200, deadlineMs: 700 },
			download('VI1'),
			memoriesCredentials(a.url),
		);
		expect(error?.message).toMatch(/time limit/i);
		expect(a.requests.length).toBeGreaterThanOrEqual(2);
		expect(a.requests.length).toBeLessThanOrEqual(4);
	});

	it('an Upload answered with a 502 after the server took it is not sent again', async () => {
		const a = await server(commitThen('502'), mock.url);
		const { error } = await memoriesOutcome(
			{},
			uploadFile,
			memoriesCredentials(`${a.url}/memories`, mock.keys.memoriesAi),
			fileItems,
		);
		expect(error?.message).toMatch(/server error|having trouble/);
		expect(a.requests).toHaveLength(1);
		expect(mock.requests.filter((r) => r.path.endsWith('/upload'))).toHaveLength(1);
	});

	it('an Upload redirected by 307 within the origin is sent again whole, from a body made afresh', async () => {
		const a = await server(async (exchange) => {
			if (exchange.request.url.startsWith('/old/'))
				return redirectTo(exchange.request.url.replace('/old/', '/memories/'), 307)(exchange);
			const answer = await exchange.forward();
			exchange.res
				.writeHead(answer.status, { 'content-type': 'application/json' })
				.end(answer.body);
		}, mock.url);
		const { output, error } = await memoriesOutcome(
			{},
			uploadFile,
			memoriesCredentials(`${a.url}/old`, mock.keys.memoriesAi),
			fileItems,
		);
		expect(error?.message).toBeUndefined();
		expect(output?.[0].json).toMatchObject({ status: 'UNPARSE' });
		expect(a.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
			'POST /old/serve/api/v1/upload',
			'POST /memories/serve/api/v1/upload',
		]);
		expect(a.requests[1].body).toBe(a.requests[0].body);
		expect(mock.requests.filter((r) => r.path.endsWith('/upload'))).toHaveLength(1);
	});

	it('a Chat → Ask stream that trickles forever after its headers ends at the time limit', async () => {
		const a = await server(({ res }) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const timer = setInterval(
				() => (res.destroyed ? clearInterval(timer) : res.write(': still here\n')),
				50,
			);
			res.on('close', () => clearInterval(timer));
		});
		const { error } = await memoriesOutcome(
			{ timeoutMs: 300, deadlineMs: 1000 },
			{ resource: 'chat', operation: 'ask', videoNos: 'VI1', prompt: 'Why?' },
			memoriesCredentials(a.url),
		);
		expect(error?.message).toMatch(/time limit/i);
		expect(a.requests).toHaveLength(1);
	}, 20_000);

	it('Downloads through two spellings of one Base URL share the account download budget (12 a minute)', async () => {
		const video = mock.memories.addVideo({ status: 'PARSE' });
		const spellings = [
			mock.baseUrls.memoriesAi,
			mock.baseUrls.memoriesAi.replace('http://127.0.0.1', 'HTTP://127.0.0.1'),
		];
		const results = await Promise.all(
			spellings.map(
				async (baseUrl) =>
					await memoriesOutcome(
						{ pacing: true },
						download(video.video_no),
						memoriesCredentials(baseUrl, mock.keys.memoriesAi),
					),
			),
		);
		expect(results.map((r) => r.error?.message)).toEqual([undefined, undefined]);
		const [first, second] = mock.requests.filter((r) => r.path.endsWith('/download'));
		// One budget: the second download is sent a window (60 s / 12) after the first.
		expect(second.at - first.at).toBeGreaterThanOrEqual(5000);
	}, 30_000);
});
