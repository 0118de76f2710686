/**
 * Memory of Video → Upload from a binary file, in its own Node process (run with --expose-gc),
 * through the n8n-core harness (real ExecuteContext, real request helper) with n8n's binary data
 * kept on disk (filesystem mode, as a production n8n keeps it), against a mock API in another
 * process. The file is put into n8n's binary store first (streamed), then, after a full GC, RSS
 * is sampled every few ms while the node uploads it: peak RSS growth over the baseline, and its ratio
 * to the file size.
 *
 * argv[2]: JSON UploadStreamInput. Prints `BENCH_RESULT <UploadStreamResult>`.
 */
import { createReadStream, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

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

export interface UploadStreamInput {
	baseUrl: string;
	apiKey: string;
	/** A video file on disk (the parent writes it). */
	file: string;
	sampleMs?: number;
}

export interface UploadStreamResult {
	fileBytes: number;
	ms: number;
	baselineRss: number;
	peakRssGrowth: number;
	/** peakRssGrowth / fileBytes */
	ratio: number;
	samples: number;
	status: string | null;
	thrown: ThrownError | null;
}

async function main(): Promise<UploadStreamResult> {
	const input = scenarioInput<UploadStreamInput>();
	const gc = requireGc();
	const MemoriesAiApi = await credentialClass(
		'credentials/MemoriesAiApi.credentials.js',
		'MemoriesAiApi',
	);
	const MemoriesAi = await nodeClass('nodes/MemoriesAi/MemoriesAi.node.js', 'MemoriesAi');
	harness.registerCredentialTypes([new MemoriesAiApi()]);
	const binaryData = await harness.useFilesystemBinaryData();
	const fileBytes = statSync(input.file).size;
	const binary = await binaryData.store(createReadStream(input.file), {
		fileName: 'large.mp4',
		mimeType: 'video/mp4',
	});
	// Uploading is 1 request a minute at the vendor; pacing is not what this measures.
	const node = new MemoriesAi({ pacing: false, timeoutMs: 600_000 });

	gc();
	await sleep(50);
	gc();
	const baselineRss = process.memoryUsage().rss;
	let peakRss = baselineRss;
	let samples = 0;
	let running = true;
	const sampler = (async () => {
		while (running) {
			peakRss = Math.max(peakRss, process.memoryUsage().rss);
			samples++;
			await sleep(input.sampleMs ?? 5);
		}
	})();

	const started = performance.now();
	let status: string | null = null;
	let thrown: ThrownError | null = null;
	try {
		const [out] = await harness.executeNode(node, {
			parameters: { resource: 'video', operation: 'upload', source: 'binary' },
			credentials: { memoriesAiApi: { apiKey: input.apiKey, baseUrl: input.baseUrl } },
			items: [{ json: {}, binary: { data: binary } }],
		});
		status = String(out[0]?.json.status ?? null);
	} catch (error) {
		thrown = thrownOf(error);
	}
	const ms = performance.now() - started;
	running = false;
	await sampler;
	binaryData.dispose();
	const peakRssGrowth = peakRss - baselineRss;
	return {
		fileBytes,
		ms,
		baselineRss,
		peakRssGrowth,
		ratio: peakRssGrowth / fileBytes,
		samples,
		status,
		thrown,
	};
}

scenario(main);
