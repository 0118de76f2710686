/**
 * One of N processes spending ONE Memories.ai account at once (as n8n queue-mode workers do): a
 * Video → Get Many → Return All through the n8n-core harness (real ExecuteContext, real request
 * helper, the production request policy, adaptive pacing on or off), against the mock API that the
 * parent runs in its own process (its 5 requests/s limit counts every client of the key).
 *
 * A Limit-1 warm-up loads n8n-core's request path first; then the process waits at the parent's
 * barrier (an HTTP request the parent answers once all N processes are there), so all N start the
 * measured Return All together.
 *
 * argv[2]: JSON SharedAccountInput. Prints `BENCH_RESULT <SharedAccountResult>`.
 */
import * as harness from '../../harness';
import {
	credentialClass,
	nodeClass,
	scenario,
	scenarioInput,
	thrownOf,
	type ThrownError,
} from '../lib/scenario';

export interface SharedAccountInput {
	baseUrl: string;
	apiKey: string;
	adaptivePacing: boolean;
	/** GET this after the warm-up; its answer is the start signal. */
	barrierUrl: string;
}

export interface SharedAccountResult {
	/** Date.now() at the start and end of the measured Return All (one machine, one clock). */
	startedAt: number;
	endedAt: number;
	items: number;
	distinct: number;
	errorItems: number;
	thrown: ThrownError | null;
}

async function main(): Promise<SharedAccountResult> {
	const input = scenarioInput<SharedAccountInput>();
	const MemoriesAiApi = await credentialClass(
		'credentials/MemoriesAiApi.credentials.js',
		'MemoriesAiApi',
	);
	const MemoriesAi = await nodeClass('nodes/MemoriesAi/MemoriesAi.node.js', 'MemoriesAi');
	harness.registerCredentialTypes([new MemoriesAiApi()]);
	const node = new MemoriesAi({ adaptivePacing: input.adaptivePacing });
	const credentials = { memoriesAiApi: { apiKey: input.apiKey, baseUrl: input.baseUrl } };

	await harness.executeNode(node, {
		parameters: { resource: 'video', operation: 'getAll', returnAll: false, limit: 1 },
		credentials,
	});
	const go = await fetch(input.barrierUrl, { signal: AbortSignal.timeout(120_000) });
	if (!go.ok) throw new Error(`barrier answered HTTP ${go.status}`);

	const startedAt = Date.now();
	let items: Array<{ json: Record<string, unknown> }> = [];
	let thrown: ThrownError | null = null;
	try {
		items =
			(
				await harness.executeNode(node, {
					parameters: { resource: 'video', operation: 'getAll', returnAll: true },
					credentials,
				})
			)[0] ?? [];
	} catch (error) {
		thrown = thrownOf(error);
	}
	return {
		startedAt,
		endedAt: Date.now(),
		items: items.length,
		distinct: new Set(items.map((i) => i.json.video_no)).size,
		errorItems: items.filter((i) => typeof i.json.error === 'string').length,
		thrown,
	};
}

if (require.main === module) scenario(main);
