/**
 * The figures of issue 13, measured with the policy every user gets (DEFAULT_REQUEST_POLICY, no
 * test overrides) against the hostile servers, through n8n-core's real request helper:
 *
 *   node -r ./testbed/register.js testbed/hostile/measure.ts <scenario> [--product DIR] [--cap-s N]
 *
 * Scenarios: redirect, create, bomb, silent, trickle, tokens, pacing. `--product DIR` loads nodes/
 * and credentials/ from DIR instead of this checkout (e.g. an export of an older commit), so the
 * same scenario runs before and after a change. `--cap-s` stops a scenario that would never end.
 * Prints one JSON line.
 */
import path from 'node:path';

import type { IDataObject, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { executeNode, registerCredentialTypes, testCredential } from '../harness';
import { createMockApi } from '../mock-api';
import {
	commitThen,
	endlessTokens,
	gzipBomb,
	hostileServer,
	redirectTo,
	silent,
	trickle,
} from './index';

const args = process.argv.slice(2);
const scenario = args[0];
const option = (name: string) => {
	const at = args.indexOf(name);
	return at === -1 ? undefined : args[at + 1];
};
const product = path.resolve(option('--product') ?? path.join(__dirname, '..', '..'));
const capMs = Number(option('--cap-s') ?? 600) * 1000;

/* eslint-disable @typescript-eslint/no-require-imports -- the product folder is chosen at run time */
const load = <T>(file: string, name: string): T =>
	(require(path.join(product, file)) as Record<string, T>)[name];
type NodeClass = new () => IVersionedNodeType | INodeType;
const HeyGen = load<NodeClass>(
	'packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node.ts',
	'HeyGen',
);
const MemoriesAi = load<NodeClass>(
	'packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node.ts',
	'MemoriesAi',
);
const HeyGenFoldersApi = load<new () => never>(
	'packages/n8n-nodes-heygen-folders/credentials/HeyGenFoldersApi.credentials.ts',
	'HeyGenFoldersApi',
);
const KonproApi = load<new () => never>(
	'packages/n8n-nodes-konpro/credentials/KonproApi.credentials.ts',
	'KonproApi',
);
const MemoriesAiApi = load<new () => never>(
	'packages/n8n-nodes-memories-ai/credentials/MemoriesAiApi.credentials.ts',
	'MemoriesAiApi',
);
/* eslint-enable @typescript-eslint/no-require-imports */

const KEY = 'hg-k3y-abcdefghijklmnopqrstu';

/** Runs the node until it ends or `capMs` passes; says how it ended and after how long. */
async function run(
	node: IVersionedNodeType | INodeType,
	parameters: IDataObject,
	credentials: Record<string, IDataObject>,
) {
	const started = Date.now();
	let timer: NodeJS.Timeout | undefined;
	const capped = new Promise<{ ended: 'cap' }>(
		(resolve) => (timer = setTimeout(() => resolve({ ended: 'cap' }), capMs)),
	);
	const ran = executeNode(node, { parameters, credentials: credentials as never }).then(
		(output) => ({ ended: 'output' as const, items: output[0].length }),
		(error: Error) => ({ ended: 'error' as const, message: error.message }),
	);
	const result = await Promise.race([ran, capped]);
	clearTimeout(timer);
	return { ...result, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

const getMany = { resource: 'folder', operation: 'getAll', returnAll: true };

async function main(): Promise<IDataObject> {
	registerCredentialTypes([new HeyGenFoldersApi(), new KonproApi(), new MemoriesAiApi()]);
	switch (scenario) {
		case 'redirect': {
			const b = await hostileServer(
				({ res }) =>
					void res
						.writeHead(200, { 'content-type': 'application/json' })
						.end('{"success":true,"error":null,"data":{"folders":[]}}'),
			);
			const a = await hostileServer(redirectTo(({ request }) => `${b.url}${request.url}`, 307));
			const outcomes: IDataObject = {};
			outcomes.heyGenGetMany = await run(new HeyGen(), getMany, {
				heyGenFoldersApi: { apiKey: KEY, baseUrl: a.url },
			});
			outcomes.heyGenCreate = await run(
				new HeyGen(),
				{ resource: 'folder', operation: 'create', name: 'X' },
				{ heyGenFoldersApi: { apiKey: KEY, baseUrl: a.url } },
			);
			outcomes.memoriesGetMany = await run(
				new MemoriesAi(),
				{ resource: 'video', operation: 'getAll', limit: 1 },
				{ memoriesAiApi: { apiKey: KEY, baseUrl: a.url } },
			);
			outcomes.heyGenCredentialTest = await testCredential(new HeyGenFoldersApi(), {
				apiKey: KEY,
				baseUrl: a.url,
			});
			outcomes.memoriesCredentialTest = await testCredential(new MemoriesAiApi(), {
				apiKey: KEY,
				baseUrl: a.url,
			});
			const keyed = b.requests.filter(
				(r) => r.headers['x-api-key'] === KEY || r.headers.authorization === KEY,
			);
			await Promise.all([a.close(), b.close()]);
			return {
				serverB: {
					requests: b.requests.length,
					withTheKey: keyed.length,
					postBodies: b.requests.filter((r) => r.body !== '').length,
				},
				outcomes,
			};
		}
		case 'create': {
			const mock = await createMockApi({ folders: 10, clockStart: Date.now() });
			const figures: IDataObject = {};
			for (const failure of ['reset', '502', { lateMs: 35_000 }] as const) {
				mock.resetCounters();
				const a = await hostileServer(commitThen(failure), { upstream: mock.url });
				const before = mock.heyGen.folders.length;
				const outcome = await run(
					new HeyGen(),
					{ resource: 'folder', operation: 'create', name: `Once ${JSON.stringify(failure)}` },
					{ heyGenFoldersApi: { apiKey: mock.keys.heyGen, baseUrl: `${a.url}/heygen` } },
				);
				figures[typeof failure === 'string' ? failure : 'late35s'] = {
					posts: mock.requests.filter((r) => r.method === 'POST').length,
					foldersCreated: mock.heyGen.folders.length - before,
					outcome,
				};
				await a.close();
			}
			await mock.close();
			return figures;
		}
		case 'bomb': {
			const a = await hostileServer(gzipBomb(1200));
			global.gc?.();
			const rss = process.memoryUsage().rss;
			let peak = rss;
			const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
			const outcome = await run(new HeyGen(), getMany, {
				heyGenFoldersApi: { apiKey: KEY, baseUrl: a.url },
			});
			clearInterval(sampler);
			await a.close();
			return { inflatedMb: 1200, rssGrowthMb: Math.round((peak - rss) / 2 ** 20), outcome };
		}
		case 'silent':
		case 'trickle': {
			const a = await hostileServer(scenario === 'silent' ? silent : trickle(300));
			const outcome = await run(new HeyGen(), getMany, {
				heyGenFoldersApi: { apiKey: KEY, baseUrl: a.url },
			});
			const requests = a.requests.length;
			await a.close();
			return { requests, outcome };
		}
		case 'tokens': {
			const a = await hostileServer(endlessTokens(100, 1_000_000));
			const outcome = await run(new HeyGen(), getMany, {
				heyGenFoldersApi: { apiKey: KEY, baseUrl: a.url },
			});
			const requests = a.requests.length;
			await a.close();
			return { requests, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), outcome };
		}
		case 'pacing': {
			const mock = await createMockApi({ videos: 30, qpsLimit: 5 });
			const base = mock.baseUrls.memoriesAi;
			const spellings = [base, `${base}/`, base.replace('http://', 'HTTP://')];
			const started = Date.now();
			await Promise.all(
				spellings.map(
					async (baseUrl) =>
						await executeNode(new MemoriesAi(), {
							parameters: { resource: 'video', operation: 'getAll', limit: 1 },
							credentials: { memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl } },
							items: Array.from({ length: 22 }, () => ({ json: {} })),
						}).catch((error: Error) => error.message),
				),
			);
			const figures = {
				requests: mock.requests.length,
				refused: mock.requests.filter((r) => r.limited).length,
				seconds: (Date.now() - started) / 1000,
			};
			await mock.close();
			return figures;
		}
		default:
			throw new Error(
				`unknown scenario ${scenario}: redirect, create, bomb, silent, trickle, tokens, pacing`,
			);
	}
}

main().then(
	(figures) => {
		console.log(
			JSON.stringify({
				scenario,
				product: path.relative(process.cwd(), product) || '.',
				...figures,
			}),
		);
		process.exit(0);
	},
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
