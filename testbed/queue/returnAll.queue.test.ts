/**
 * 2 workers, each running a Memories.ai Video → Get Many with Return All over 10,000 videos, at the
 * same time, against a mock that accepts 5 requests per second per API key (one shared account):
 * no execution fails and each returns every video once. Printed: the refused (rate-limited)
 * requests and the aggregate throughput as a share of the ceiling (5 requests/s × 200 videos per
 * page = 1,000 videos/s). Each worker paces itself at 5 requests/s, so together they offer 10/s.
 */
import { createMockApi, type MockApi } from '../mock-api';

import * as n8n from '../n8n';
import { runViaWebhook, startCluster, webhookPath, type Cluster } from './cluster';

const VIDEOS = 10_000;
const QPS = 5;
const PAGE = 200;
const CEILING_VIDEOS_PER_S = QPS * PAGE;
const WF = [n8n.n8nId('wfAllA', 1), n8n.n8nId('wfAllB', 1)];

let mock: MockApi;
let cluster: Cluster;

beforeAll(async () => {
	mock = await createMockApi({ videos: VIDEOS, seed: 11, qpsLimit: QPS });
	cluster = await startCluster('returnall');
	const cred = n8n.credentialRefs({ memoriesAi: 'Memories.ai mock' });
	const mainFolder = cluster.queue.main.userFolder;
	await n8n.importCredentials(
		mainFolder,
		[
			{
				...cred.memoriesAi,
				type: 'memoriesAiApi',
				data: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
			},
		],
		cluster.cli,
	);
	const workflow = (id: string) =>
		n8n.webhookWorkflow(
			n8n.manualWorkflow(id, `Return All ${id}`, [
				[
					{
						name: 'Videos all',
						type: n8n.NODE_TYPES.memoriesAi,
						parameters: { resource: 'video', operation: 'getAll', returnAll: true },
						credentials: { memoriesAiApi: cred.memoriesAi },
					},
				],
			]),
			webhookPath(id),
		);
	await n8n.importWorkflows(mainFolder, WF.map(workflow), cluster.cli);
	for (const id of WF) await cluster.rest.activateWorkflow(id);
});

afterAll(async () => {
	await cluster?.stop();
	await mock?.close();
});

test('2 workers × Return All over 10,000 videos at once under 5 requests/s: no failed execution, every video once', async () => {
	// At once: each run's first page request waits until the other run's has arrived too (a worker may
	// take its job a few seconds after the other; alone, each run would have the whole budget).
	let firstPages = 0;
	let startedTogetherAt = 0;
	let release = () => {};
	const together = new Promise<void>((resolve) => (release = resolve));
	const stopHolding = mock.onRequest(async ({ service, path }) => {
		if (service !== 'memoriesAi' || !path.includes('list_videos') || ++firstPages > 2) return;
		if (firstPages === 2) {
			startedTogetherAt = Date.now();
			release();
		}
		await Promise.race([together, n8n.sleep(120000)]);
	});
	const since = Date.now();
	let runs: Array<Awaited<ReturnType<typeof runViaWebhook>>>;
	try {
		runs = await Promise.all(
			WF.map((id) => runViaWebhook(cluster, id, { timeoutMs: 6 * 60 * 1000 })),
		);
	} finally {
		stopHolding();
	}
	expect(startedTogetherAt).toBeGreaterThan(0);
	const requests = mock.requests.filter((r) => r.service === 'memoriesAi' && r.at >= since);
	const refused = requests.filter((r) => r.limited).length;
	const seconds = (Math.max(...requests.map((r) => r.at)) - startedTogetherAt) / 1000;
	const throughput = (VIDEOS * runs.length) / seconds;
	process.stdout.write(
		`\n[queue] Return All ×2 on workers ${runs.map((r) => r.workers.map((w) => w + 1).join(',')).join(' and ')}: ` +
			`${requests.length} Memories.ai requests, ${refused} refused (${((100 * refused) / requests.length).toFixed(1)} %), ` +
			`throughput ${(throughput / CEILING_VIDEOS_PER_S).toFixed(2)} of the ${CEILING_VIDEOS_PER_S} videos/s ceiling ` +
			`(${seconds.toFixed(1)} s from both first pages to the last request)\n`,
	);
	for (const r of runs) {
		expect(r.result.errorMessage).toBeUndefined();
		expect(r.result.code).toBe(0);
		expect(r.workers).toHaveLength(1);
		const videos = n8n.nodeItems(r.result.run, 'Videos all').map((v) => v.video_no);
		expect(videos).toHaveLength(VIDEOS);
		expect(new Set(videos).size).toBe(VIDEOS);
	}
	// On the two workers, one each, and at the same time for most of their run.
	expect(new Set(runs.flatMap((r) => r.workers)).size).toBe(2);
	const overlap =
		Math.min(...runs.map((r) => r.stoppedAt)) - Math.max(...runs.map((r) => r.startedAt));
	expect(overlap).toBeGreaterThan(0.5 * Math.min(...runs.map((r) => r.stoppedAt - r.startedAt)));
});
