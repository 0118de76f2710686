/**
 * The Memories.ai Trigger in n8n's queue mode: it polls on main, and each execution it starts runs
 * on a worker. A video's transition starts exactly one execution — also when main restarts between
 * two polls and when a worker restarts while a transition is reported. Poll schedule as in
 * test/e2e/trigger.e2e.test.ts (every 5 s on n8n 2.8).
 */
import { createMockApi, type MockApi } from '../mock-api';

import * as n8n from '../n8n';
import { startCluster, type Cluster } from './cluster';

const SCHEDULE = n8n.shortestPollSchedule();
const POLL_MS = SCHEDULE.intervalMs;

let mock: MockApi;
let cluster: Cluster;

const diagnostics = () => n8n.triggerDiagnostics(mock, cluster.queue.logs());
const waitForPolls = (since: number, count: number) =>
	n8n.waitForPolls(mock, since, count, POLL_MS, diagnostics);
const waitForVideos = (workflowId: string, videos: string[]) =>
	n8n.waitForVideos(cluster.rest, workflowId, videos, 4 * POLL_MS + 60000, diagnostics);

/** execution id -> the workers that logged it (read as soon as it is seen: a restart loses the old process's output) */
const ranOn = new Map<string, number[]>();
async function recordWorkers(executions: n8n.TriggerExecution[]): Promise<void> {
	for (const e of executions) {
		if (ranOn.has(e.id)) continue;
		const who = await n8n.waitFor(
			`main's record of execution ${e.id}`,
			() => {
				const w = n8n.whoRanExecution(cluster.queue, e.id);
				return w.reportedToMain ? w : undefined;
			},
			30000,
		);
		ranOn.set(e.id, who.workers);
	}
}

beforeAll(async () => {
	mock = await createMockApi({ videos: 25, seed: 3 });
	cluster = await startCluster('trigger');
});

afterAll(async () => {
	await cluster?.stop();
	await mock?.close();
});

test(
	'each transition starts exactly one execution, on a worker, across a restart of main and of a worker',
	async () => {
		const { rest } = cluster;
		const pending = mock.memories.videos
			.filter((v) => v.status === 'UNPARSE')
			.map((v) => v.video_no);
		expect(pending.length).toBeGreaterThanOrEqual(4);
		const [first, second, third, fourth] = pending;
		const created = await rest.createCredential({
			name: 'Memories.ai mock',
			type: 'memoriesAiApi',
			data: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
		});
		const wf = await rest.createWorkflow(
			n8n.memoriesTriggerWorkflow(
				'Memories.ai video finished',
				{ item: [{ mode: 'custom', cronExpression: SCHEDULE.cronExpression }] },
				{ id: created.id, name: 'Memories.ai mock' },
			),
		);
		// Activation on main runs the first poll (the baseline: nothing is emitted for videos already there).
		expect((await rest.activateWorkflow(wf.id)).active).toBe(true);
		await waitForPolls(Date.now(), 1);
		expect(await rest.listExecutions(wf.id)).toHaveLength(0);

		mock.memories.setStatus(first, 'PARSE');
		await recordWorkers(await waitForVideos(wf.id, [first]));

		// Main restarts between two polls; meanwhile a video finishes.
		await cluster.queue.main.stop();
		mock.memories.setStatus(second, 'PARSE');
		await cluster.queue.restartMain();
		await cluster.rest.login();
		expect((await rest.getWorkflow(wf.id)).active).toBe(true);
		await recordWorkers(await waitForVideos(wf.id, [first, second]));

		// Worker 1 restarts; meanwhile a video fails and another finishes: worker 2 (or 1, once back) runs them.
		const restarting = cluster.queue.restartWorker(0);
		mock.memories.setStatus(third, 'FAILED', 'Unsupported video codec');
		await recordWorkers(await waitForVideos(wf.id, [first, second, third]));
		await restarting;
		mock.memories.setStatus(fourth, 'PARSE');
		await recordWorkers(await waitForVideos(wf.id, [first, second, third, fourth]));

		// Later polls add nothing.
		await waitForPolls(Date.now(), 3);
		const final = await n8n.executionsWithVideos(rest, wf.id);
		expect(final.flatMap((e) => e.videos).sort()).toEqual([first, second, third, fourth].sort());
		for (const v of [first, second, third, fourth])
			expect(final.filter((e) => e.videos.includes(v))).toHaveLength(1);
		process.stdout.write(
			`\n[queue] trigger executions: ${final
				.map(
					(e) =>
						`${e.id} (${e.videos.join(', ')}) on worker ${ranOn
							.get(e.id)
							?.map((w) => w + 1)
							.join(', ')}`,
				)
				.join('; ')}\n`,
		);
		for (const e of final) {
			expect(e.mode).toBe('trigger');
			expect(ranOn.get(e.id)).toHaveLength(1);
		}
	},
	20 * POLL_MS + 6 * 60 * 1000,
); // about 12 polls plus a main and a worker start-up
