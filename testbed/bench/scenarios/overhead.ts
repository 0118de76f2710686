/**
 * CPU cost of the Memories.ai node's own code for 100,000 videos (transport bookkeeping, response
 * checks, normalization, pagination, item building), as a ratio to a plain JSON.parse of the same
 * payload. The 500 list_videos pages are produced by the mock API's own dataset code
 * (testbed/mock-api MemoriesStore) and handed to the node as response text through a stub of n8n's
 * `httpRequestWithAuthentication` (no network), so only the node's code runs. Pacing is waiting, not
 * CPU: it is lifted through the node's request policy (`new MemoriesAi({ pacing: false })`).
 * The node's transport parses each body with JSON.parse too, so: own code = node run − plain parse;
 * ratio = own code / plain parse. Runs alternate (parse, node, parse, node, ...) and the medians are
 * compared.
 *
 * argv[2]: JSON OverheadInput. Prints `BENCH_RESULT <OverheadResult>`.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, NodeOutput } from 'n8n-workflow';

import { MemoriesStore } from '../../mock-api/memories';
import { currentVersion, nodeClass, requireGc, scenario, scenarioInput } from '../lib/scenario';

export interface OverheadInput {
	videos: number;
	repeats: number;
	/** The legacy wire format (numbers as strings). */
	legacy: boolean;
}

export interface OverheadResult {
	videos: number;
	legacy: boolean;
	items: number;
	payloadBytes: number;
	parseMs: number;
	nodeMs: number;
	ownMs: number;
	ratio: number;
	perItemOwnUs: number;
	perItemParseUs: number;
	samples: { parseMs: number[]; nodeMs: number[] };
}

const median = (a: readonly number[]): number =>
	[...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

function itemCount(out: NodeOutput): number {
	if (!Array.isArray(out) || !Array.isArray(out[0])) throw new Error('the node returned no items');
	return out[0].length;
}

async function main(): Promise<OverheadResult> {
	const input = scenarioInput<OverheadInput>();
	const gc = requireGc();
	let now = 1754000000000;
	const store = new MemoriesStore({
		seed: 1,
		videos: input.videos,
		clock: { now: () => now, tick: () => now++ },
	});
	const pageCount = Math.ceil(input.videos / 200);
	const pages = Array.from({ length: pageCount }, (_, i) =>
		JSON.stringify(store.listVideos({ page: i + 1, size: 200 }, input.legacy)),
	);
	const payloadBytes = pages.reduce((n, p) => n + Buffer.byteLength(p), 0);

	const MemoriesAi = await nodeClass('nodes/MemoriesAi/MemoriesAi.node.js', 'MemoriesAi');
	const node = currentVersion(new MemoriesAi({ pacing: false }));
	const execute = node.execute;
	if (!execute) throw new Error('MemoriesAi has no execute()');
	const parameters: IDataObject = {
		resource: 'video',
		operation: 'getAll',
		returnAll: true,
		limit: 50,
		uniqueId: 'default',
		filters: {},
	};
	const pageOf = (options: IHttpRequestOptions): number => {
		const body = options.body as IDataObject | undefined;
		return typeof body?.page === 'number' ? body.page : 1;
	};
	// Only what the node's execute path calls; the rest of IExecuteFunctions is never reached.
	const stub = {
		getInputData: () => [{ json: {} }],
		getNodeParameter: (name: string, _i: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getNode: () => ({
			id: 'bench',
			name: 'Memories.ai',
			type: 'n8n-nodes-memories-ai.memoriesAi',
			typeVersion: 1,
			position: [0, 0],
			parameters,
		}),
		continueOnFail: () => false,
		getMode: () => 'manual',
		getCredentials: async () => ({
			apiKey: 'mem-test-key-0123456789',
			baseUrl: 'http://127.0.0.1:1/memories',
		}),
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => ({
				statusCode: 200,
				headers: { 'content-type': 'application/json' },
				body: pages[pageOf(options) - 1],
			}),
		},
	};
	const context = stub as unknown as IExecuteFunctions;

	const cpuMs =
		<T>(fn: () => Promise<T>) =>
		async (): Promise<{ ms: number; out: T }> => {
			gc();
			const c0 = process.cpuUsage();
			const out = await fn();
			const c = process.cpuUsage(c0);
			return { ms: (c.user + c.system) / 1000, out };
		};
	const plainParse = cpuMs(async () => pages.map((p): unknown => JSON.parse(p)));
	const nodeRun = cpuMs(async () => await execute.call(context));

	// Warm-up (JIT), then measured alternation.
	await plainParse();
	const warm = await nodeRun();
	const items = itemCount(warm.out);
	const parseMs: number[] = [];
	const nodeMs: number[] = [];
	for (let r = 0; r < input.repeats; r++) {
		parseMs.push((await plainParse()).ms);
		nodeMs.push((await nodeRun()).ms);
	}
	const parse = median(parseMs);
	const total = median(nodeMs);
	return {
		videos: input.videos,
		legacy: input.legacy,
		items,
		payloadBytes,
		parseMs: parse,
		nodeMs: total,
		ownMs: total - parse,
		ratio: (total - parse) / parse,
		perItemOwnUs: ((total - parse) * 1000) / items,
		perItemParseUs: (parse * 1000) / items,
		samples: { parseMs, nodeMs },
	};
}

if (require.main === module) scenario(main);
