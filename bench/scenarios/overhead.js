'use strict';
/**
 * CPU cost of the Memories.ai node's own code for 100,000 videos (transport bookkeeping, response
 * checks, normalization, pagination, item building), as a ratio to a plain JSON.parse of the same
 * payload. The 500 list_videos pages are produced by the mock API's own dataset code and handed to
 * the node as response text through a stub of n8n's `httpRequestWithAuthentication` (no network, no
 * pacing), so only the node's code runs. The node's transport parses each body with JSON.parse too,
 * so: own code = node run − plain parse; ratio = own code / plain parse.
 * Runs alternate (parse, node, parse, node, ...) and the medians are compared.
 *
 * argv[2]: JSON { videos, repeats, legacy }. Prints `BENCH_RESULT <json>`.
 */
const path = require('node:path');
const { fromBuild, ROOT } = require('../lib/harness');

async function main() {
	const input = JSON.parse(process.argv[2]);
	const gc = global.gc;
	if (typeof gc !== 'function') throw new Error('run with --expose-gc');
	const { MemoriesStore } = require(path.join(ROOT, 'tooling', 'mock-api', 'memories.js'));
	let now = 1754000000000;
	const store = new MemoriesStore({ seed: 1, videos: input.videos, clock: { now: () => now, tick: () => now++ } });
	const pageCount = Math.ceil(input.videos / 200);
	const pages = Array.from({ length: pageCount }, (_, i) => JSON.stringify(store.listVideos({ page: i + 1, size: 200 }, !!input.legacy)));
	const payloadBytes = pages.reduce((n, p) => n + Buffer.byteLength(p), 0);

	const { MemoriesAi } = fromBuild('nodes/MemoriesAi/MemoriesAi.node.js');
	const transport = fromBuild('nodes/MemoriesAi/transport/index.js');
	transport.memoriesAi.requestsPerSecond = undefined; // pacing is waiting, not CPU: lifted here
	const node = new MemoriesAi();
	const parameters = { resource: 'video', operation: 'getAll', returnAll: true, limit: 50, uniqueId: 'default', filters: {} };
	const context = {
		getInputData: () => [{ json: {} }],
		getNodeParameter: (name, _i, fallback) => (name in parameters ? parameters[name] : fallback),
		getNode: () => ({ id: 'bench', name: 'Memories.ai', type: 'n8n-nodes-ai-video.memoriesAi', typeVersion: 1, position: [0, 0], parameters }),
		continueOnFail: () => false,
		getMode: () => 'manual',
		getCredentials: async () => ({ apiKey: 'mem-test-key-0123456789', baseUrl: 'http://127.0.0.1:1/memories' }),
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			httpRequestWithAuthentication: async (_type, options) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: pages[options.body.page - 1] }),
		},
	};

	const cpuMs = (fn) => async () => {
		gc();
		const c0 = process.cpuUsage();
		const out = await fn();
		const c = process.cpuUsage(c0);
		return { ms: (c.user + c.system) / 1000, out };
	};
	const plainParse = cpuMs(async () => pages.map((p) => JSON.parse(p)));
	const nodeRun = cpuMs(async () => await node.execute.call(context));

	// Warm-up (JIT), then measured alternation.
	await plainParse();
	const warm = await nodeRun();
	const items = warm.out[0].length;
	const parseMs = [];
	const nodeMs = [];
	for (let r = 0; r < input.repeats; r++) {
		parseMs.push((await plainParse()).ms);
		nodeMs.push((await nodeRun()).ms);
	}
	const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
	const parse = median(parseMs);
	const total = median(nodeMs);
	const result = {
		videos: input.videos,
		legacy: !!input.legacy,
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
	return result;
}

require('../lib/scenario')(main);
