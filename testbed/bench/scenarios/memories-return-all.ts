/**
 * One Memories.ai Video → Get Many → Return All, in its own Node process (run with --expose-gc),
 * through the n8n-core harness (real ExecuteContext, real request helper, production retry policy and
 * pacing) against a mock API running in another process. Measures wall time, CPU, memory (baseline
 * after GC; peak sampled every few ms; peak RSS from the OS) and the output.
 *
 * `liveSampleMs` (memory mode): each sample first forces a full GC, so the peak is of live memory
 * only (what the node holds, not garbage the collector has not reclaimed yet). Pacing is lifted in
 * this mode through the node's request policy (`new MemoriesAi({ pacing: false })`), since forced GCs
 * would disturb it and memory does not depend on it.
 *
 * argv[2]: JSON MemoriesReturnAllInput. Prints `BENCH_RESULT <MemoriesReturnAllResult>`.
 */
import { performance } from 'node:perf_hooks';

import type { INodeExecutionData } from 'n8n-workflow';

import * as harness from '../../harness';
import {
	credentialClass,
	nodeClass,
	requireGc,
	scenario,
	scenarioInput,
	sleep,
	thrownOf,
	type ThrownError,
} from '../lib/scenario';

export interface MemoriesReturnAllInput {
	baseUrl: string;
	apiKey: string;
	/** Passive sampling interval (default 5 ms). */
	sampleMs?: number;
	/** Memory mode: forced GC before every sample, pacing lifted. */
	liveSampleMs?: number;
}

export interface MemoriesReturnAllResult {
	ms: number;
	cpuMs: number;
	items: number;
	distinct: number;
	errorItems: number;
	thrown: ThrownError | null;
	outputJsonBytes: number;
	mem: {
		mode: 'live' | 'passive';
		baselineHeap: number;
		peakHeapGrowth: number;
		retainedHeapGrowth: number;
		baselineRss: number;
		peakRssGrowth: number;
		samples: number;
	};
	/** Whether pacing was asked to be lifted (the node's constructor argument). */
	pacingLifted: boolean;
}

async function main(): Promise<MemoriesReturnAllResult> {
	const input = scenarioInput<MemoriesReturnAllInput>();
	const MemoriesAiApi = await credentialClass(
		'credentials/MemoriesAiApi.credentials.js',
		'MemoriesAiApi',
	);
	const MemoriesAi = await nodeClass('nodes/MemoriesAi/MemoriesAi.node.js', 'MemoriesAi');
	harness.registerCredentialTypes([new MemoriesAiApi()]);
	const live = input.liveSampleMs !== undefined;
	const node = live ? new MemoriesAi({ pacing: false }) : new MemoriesAi();
	const options = {
		parameters: { resource: 'video', operation: 'getAll', returnAll: true },
		credentials: { memoriesAiApi: { apiKey: input.apiKey, baseUrl: input.baseUrl } },
	};

	// Warm-up outside the measurement: one Limit-1 run loads and compiles n8n-core's request path, so
	// its one-off code and caches do not count as the measured run's memory. Its request is then
	// removed from the mock's log, and the rate-limit window is left to drain.
	await harness.executeNode(node, {
		...options,
		parameters: { resource: 'video', operation: 'getAll', returnAll: false, limit: 1 },
	});
	const adminUrl = `${new URL(input.baseUrl).origin}/__admin/reset-counters`;
	await fetch(adminUrl, { method: 'POST', signal: AbortSignal.timeout(10000) });
	await sleep(1200);
	const gc = requireGc();
	gc();
	gc();
	const mem0 = process.memoryUsage();
	const base = { heap: mem0.heapUsed + mem0.external, rss: mem0.rss };
	let peakHeap = base.heap;
	let peakRss = base.rss;
	let samples = 0;
	const sample = (): void => {
		if (live) gc();
		const m = process.memoryUsage();
		samples++;
		if (m.heapUsed + m.external > peakHeap) peakHeap = m.heapUsed + m.external;
		if (m.rss > peakRss) peakRss = m.rss;
	};
	const sampler = setInterval(sample, input.liveSampleMs ?? input.sampleMs ?? 5);

	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	let output: INodeExecutionData[][] | undefined;
	let thrown: ThrownError | null = null;
	try {
		output = await harness.executeNode(node, options);
	} catch (error) {
		thrown = thrownOf(error);
	}
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	sample();
	clearInterval(sampler);
	const maxRssKb = process.resourceUsage().maxRSS;

	// `items` stays referenced until the result is built, so the retained measurement is meaningful.
	const items = output?.[0] ?? [];
	gc();
	gc();
	const memAfter = process.memoryUsage();
	const retainedHeap = memAfter.heapUsed + memAfter.external - base.heap;
	const errorItems = items.filter((i) => typeof i.json.error === 'string').length;
	const outputJsonBytes = Buffer.byteLength(JSON.stringify(items.map((i) => i.json)));
	const distinct = new Set(items.map((i) => i.json.video_no)).size;

	return {
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
		pacingLifted: live,
	};
}

if (require.main === module) scenario(main);
