'use strict';
/**
 * One Memories.ai Video → Get Many → Return All, in its own Node process (run with --expose-gc),
 * through the n8n-core harness (real ExecuteContext, real request helper, production retry policy and
 * pacing) against a mock API running in another process. Measures wall time, CPU, memory (baseline
 * after GC; peak sampled every few ms; peak RSS from the OS) and the output.
 *
 * `liveSampleMs` (memory mode): each sample first forces a full GC, so the peak is of live memory
 * only (what the node holds, not garbage the collector has not reclaimed yet); pacing is lifted in this
 * mode, since forced GCs would disturb it and memory does not depend on it.
 *
 * argv[2]: JSON { baseUrl, apiKey, sampleMs?, liveSampleMs? }. Prints `BENCH_RESULT <json>`.
 */
const { performance } = require('node:perf_hooks');
const { loadHarness, fromBuild } = require('../lib/harness');

async function main() {
	const input = JSON.parse(process.argv[2]);
	const harness = loadHarness();
	const { MemoriesAiApi } = fromBuild('credentials/MemoriesAiApi.credentials.js');
	const { MemoriesAi } = fromBuild('nodes/MemoriesAi/MemoriesAi.node.js');
	harness.registerCredentialTypes([new MemoriesAiApi()]);
	const node = new MemoriesAi();
	const options = {
		parameters: { resource: 'video', operation: 'getAll', returnAll: true },
		credentials: { memoriesAiApi: { apiKey: input.apiKey, baseUrl: input.baseUrl } },
	};

	// Warm-up outside the measurement: one Limit-1 run loads and compiles n8n-core's request path, so
	// its one-off code and caches do not count as the measured run's memory. Its request is then
	// removed from the mock's log, and the rate-limit window is left to drain.
	await harness.executeNode(node, { ...options, parameters: { resource: 'video', operation: 'getAll', returnAll: false, limit: 1 } });
	const adminUrl = `${new URL(input.baseUrl).origin}/__admin/reset-counters`;
	await fetch(adminUrl, { method: 'POST', signal: AbortSignal.timeout(10000) });
	await new Promise((resolve) => setTimeout(resolve, 1200));
	const gc = global.gc;
	if (typeof gc !== 'function') throw new Error('run with --expose-gc');
	const live = input.liveSampleMs !== undefined;
	if (live) fromBuild('nodes/MemoriesAi/transport/index.js').memoriesAi.requestsPerSecond = undefined;
	gc();
	gc();
	const mem0 = process.memoryUsage();
	const base = { heap: mem0.heapUsed + mem0.external, rss: mem0.rss };
	let peakHeap = base.heap;
	let peakRss = base.rss;
	let samples = 0;
	const sample = () => {
		if (live) gc();
		const m = process.memoryUsage();
		samples++;
		if (m.heapUsed + m.external > peakHeap) peakHeap = m.heapUsed + m.external;
		if (m.rss > peakRss) peakRss = m.rss;
	};
	const sampler = setInterval(sample, live ? input.liveSampleMs : input.sampleMs ?? 5);

	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	let output;
	let thrown = null;
	try {
		output = await harness.executeNode(node, options);
	} catch (error) {
		thrown = { message: error.message, description: error.description ?? null };
	}
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	sample();
	clearInterval(sampler);
	const maxRssKb = process.resourceUsage().maxRSS;

	const items = output ? output[0] : [];
	gc();
	gc();
	const memAfter = process.memoryUsage();
	const retainedHeap = memAfter.heapUsed + memAfter.external - base.heap;
	const errorItems = items.filter((i) => i.json && typeof i.json.error === 'string').length;
	const outputJsonBytes = Buffer.byteLength(JSON.stringify(items.map((i) => i.json)));
	const distinct = new Set(items.map((i) => i.json.video_no)).size;

	const result = {
		ms,
		cpuMs: (cpu.user + cpu.system) / 1000,
		items: items.length,
		distinct,
		errorItems,
		thrown,
		outputJsonBytes,
		mem: {
			mode: live ? 'live' : 'passive',
			baselineHeap: base.heap,
			peakHeapGrowth: peakHeap - base.heap,
			retainedHeapGrowth: retainedHeap,
			baselineRss: base.rss,
			peakRssGrowth: Math.max(peakRss, maxRssKb * 1024) - base.rss,
			samples,
		},
	};
	return result;
	// Keep `items` alive until here so the retained measurement above is meaningful.
	if (items.length < 0) console.log(items);
}

require('../lib/scenario')(main);
