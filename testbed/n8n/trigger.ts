/**
 * Watching the Memories.ai Trigger in a running n8n (the e2e and the queue-mode suites): its
 * workflow, its polls as the mock API saw them, and the videos its executions emitted.
 */
import type { MockApi } from '../mock-api';
import { WaitAbort, waitFor } from './process';
import type { N8nRest } from './rest';
import { executionData } from './rest';
import { NODE_TYPES } from './workflows';

export const TRIGGER_NODE = 'Memories.ai Trigger';

/** A workflow with only the Memories.ai Trigger (videos turning PARSE or FAILED). */
export function memoriesTriggerWorkflow(
	name: string,
	pollTimes: Record<string, unknown>,
	credential: { id: string; name: string },
) {
	return {
		name,
		nodes: [
			{
				id: 'b6f1c1d2-0000-4000-8000-000000000001',
				name: TRIGGER_NODE,
				type: NODE_TYPES.memoriesAiTrigger,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes, triggerOn: ['PARSE', 'FAILED'], uniqueId: 'default' },
				credentials: { memoriesAiApi: credential },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** Start times of the polls (bursts of list_videos requests) that began after `since`. */
export function pollsSince(mock: Pick<MockApi, 'requests'>, since: number): number[] {
	const times = mock.requests
		.filter((r) => r.service === 'memoriesAi' && r.path.includes('list_videos') && r.at >= since)
		.map((r) => r.at);
	const polls: number[] = [];
	for (const t of times)
		if (polls.length === 0 || t - polls[polls.length - 1] > 2000) polls.push(t);
	return polls;
}

/** The last Memories.ai requests and the tail of n8n's output: printed when a wait times out. */
export function triggerDiagnostics(mock: Pick<MockApi, 'requests'>, n8nOutput: string): string {
	const reqs = mock.requests
		.filter((r) => r.service === 'memoriesAi')
		.slice(-12)
		.map(
			(r) =>
				`  ${new Date(r.at).toISOString().slice(11, 23)} ${r.method} ${r.path} ${JSON.stringify(r.body)} -> ${r.status} ${r.code ?? ''}`,
		);
	const logs = n8nOutput.split('\n').filter((l) => !/migration/i.test(l));
	return `Last Memories.ai requests:\n${reqs.join('\n')}\nn8n output (tail):\n${logs.slice(-30).join('\n')}`;
}

/** Waits until n8n has polled `count` more times after `since` (the mock sees the requests). */
export async function waitForPolls(
	mock: Pick<MockApi, 'requests'>,
	since: number,
	count: number,
	pollMs: number,
	diagnostics?: () => string,
): Promise<void> {
	await waitFor(
		`${count} polls`,
		() => (pollsSince(mock, since).length >= count ? true : undefined),
		count * pollMs + 30000,
		diagnostics,
	);
}

export interface TriggerExecution {
	id: string;
	status: string;
	mode: string;
	/** the video_no of every item the trigger emitted */
	videos: string[];
}

/** The workflow's executions, each with the video_no values its trigger emitted. */
export async function executionsWithVideos(
	rest: N8nRest,
	workflowId: string,
): Promise<TriggerExecution[]> {
	const out: TriggerExecution[] = [];
	for (const e of await rest.listExecutions(workflowId)) {
		// n8n returns an execution's data "flatted" (a JSON encoding with shared references).
		const data = executionData(await rest.getExecution(e.id));
		const items = data?.resultData?.runData?.[TRIGGER_NODE]?.[0]?.data?.main?.[0] ?? [];
		out.push({
			id: String(e.id),
			status: String(e.status),
			mode: String(e.mode),
			videos: items.map((i) => String(i.json.video_no)),
		});
	}
	return out;
}

/**
 * Waits until the workflow's finished executions carry exactly `videos` (one poll may report
 * several videos in one execution). Fails at once on a video reported twice or not expected.
 */
export async function waitForVideos(
	rest: N8nRest,
	workflowId: string,
	videos: readonly string[],
	timeoutMs: number,
	diagnostics?: () => string,
): Promise<TriggerExecution[]> {
	const want = [...videos].sort();
	return waitFor(
		`executions of workflow ${workflowId} reporting ${want.join(', ')}`,
		async () => {
			const list = await executionsWithVideos(rest, workflowId);
			const seen = list.flatMap((e) => e.videos).sort();
			const extra = seen.filter((v, i) => !want.includes(v) || seen.indexOf(v) !== i);
			if (extra.length)
				throw new WaitAbort(
					`unexpected or repeated events ${extra.join(', ')}: ${JSON.stringify(list)}`,
				);
			return JSON.stringify(seen) === JSON.stringify(want) &&
				list.every((e) => e.status === 'success')
				? list
				: undefined;
		},
		timeoutMs,
		diagnostics,
	);
}
