/**
 * The Memories.ai Trigger in a running `n8n start` (packed package installed in a throwaway user
 * folder), against the mock API in this process: activated through n8n's REST API, a video turns
 * UNPARSE → PARSE, and exactly one execution appears, also across an n8n restart between polls.
 *
 * Poll interval: n8n's Poll Times "every minute" is the shortest preset, but n8n up to 2.8 only
 * refuses a cron whose *seconds* field contains "*" (n8n-core ActiveWorkflows.activatePolling: "The
 * polling interval is too short. It has to be at least a minute."), so a custom cron with a list of
 * seconds polls every 5 s; newer n8n polls at most once a minute (shortestPollSchedule). The
 * test checks the refusal on every version.
 */
import { createMockApi, type MockApi } from '../../tooling/mock-api';

import * as n8n from '../../tooling/n8n';

const TYPES = n8n.NODE_TYPES;

const SCHEDULE = n8n.shortestPollSchedule();
const POLL_MS = SCHEDULE.intervalMs;

let mock: MockApi;
let userFolder: string;
let server: n8n.N8nServer | undefined;
let rest: n8n.N8nRest;
let credential: { id: string; name: string };

async function startServer(): Promise<void> {
	const port = await n8n.findFreePort(...n8n.PORT_RANGES.e2eN8n);
	const brokerPort = await n8n.findFreePort(...n8n.PORT_RANGES.e2eBroker);
	server = await n8n.startN8n({ userFolder, port, brokerPort, readyTimeoutMs: 180000 });
	rest = new n8n.N8nRest(server.url);
	await rest.ensureOwnerAndLogin();
}

async function stopServer(): Promise<void> {
	const s = server;
	server = undefined;
	if (s) await s.stop();
}

/** Start times of the polls (bursts of list_videos requests) that began after `since`. */
function pollsSince(since: number): number[] {
	const times = mock.requests.filter((r) => r.service === 'memoriesAi' && r.path.includes('list_videos') && r.at >= since).map((r) => r.at);
	const polls: number[] = [];
	for (const t of times) if (polls.length === 0 || t - polls[polls.length - 1] > 2000) polls.push(t);
	return polls;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const v = await fn();
			if (v !== undefined) return v;
		} catch (err) {
			last = err;
		}
		await n8n.sleep(500);
	}
	throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\n${diagnostics()}`);
}

/** What n8n asked the mock lately and what n8n logged: printed when a wait times out. */
function diagnostics(): string {
	const reqs = mock.requests
		.filter((r) => r.service === 'memoriesAi')
		.slice(-12)
		.map((r) => `  ${new Date(r.at).toISOString().slice(11, 23)} ${r.method} ${r.path} ${JSON.stringify(r.body)} -> ${r.status} ${r.code ?? ''}`);
	const logs = server ? server.logs().split('\n').filter((l) => !/migration/i.test(l)) : [];
	return `Last Memories.ai requests:\n${reqs.join('\n')}\nn8n output (tail):\n${logs.slice(-30).join('\n')}`;
}

/** Waits until n8n has polled `count` more times after `since` (the mock sees the requests). */
async function waitForPolls(since: number, count: number): Promise<void> {
	await waitFor(`${count} polls`, () => (pollsSince(since).length >= count ? true : undefined), count * POLL_MS + 30000);
}

/** Finished executions of the workflow, each with the video_no values its trigger emitted. */
async function executionsWithVideos(workflowId: string): Promise<Array<{ id: string; status: string; videos: string[] }>> {
	const list = await rest.listExecutions(workflowId);
	const out = [];
	for (const e of list) {
		// n8n returns an execution's data "flatted" (a JSON encoding with shared references).
		const data = n8n.executionData(await rest.getExecution(e.id));
		const runs = data?.resultData?.runData?.['Memories.ai Trigger'] ?? [];
		const items = runs[0]?.data?.main?.[0] ?? [];
		out.push({ id: String(e.id), status: String(e.status), videos: items.map((i) => String(i.json.video_no)) });
	}
	return out;
}

/**
 * Waits until the workflow's finished executions carry exactly `videos` (one poll may report
 * several videos in one execution). Fails at once on a video reported twice or not expected.
 */
async function waitForVideos(workflowId: string, videos: string[], timeoutMs = 4 * POLL_MS + 30000) {
	const want = [...videos].sort();
	return waitFor(
		`executions of workflow ${workflowId} reporting ${want.join(', ')}`,
		async () => {
			const list = await executionsWithVideos(workflowId);
			const seen = list.flatMap((e) => e.videos).sort();
			const extra = seen.filter((v, i) => !want.includes(v) || seen.indexOf(v) !== i);
			if (extra.length) throw new Error(`unexpected or repeated events ${extra.join(', ')}: ${JSON.stringify(list)}`);
			return JSON.stringify(seen) === JSON.stringify(want) && list.every((e) => e.status === 'success') ? list : undefined;
		},
		timeoutMs,
	);
}

function triggerWorkflow(name: string, pollTimes: Record<string, unknown>) {
	return {
		name,
		nodes: [
			{
				id: 'b6f1c1d2-0000-4000-8000-000000000001',
				name: 'Memories.ai Trigger',
				type: TYPES.memoriesAiTrigger,
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

beforeAll(async () => {
	mock = await createMockApi({ videos: 25, seed: 3 });
	userFolder = await n8n.makeE2eUserFolder('trigger');
	await startServer();
	const created = await rest.createCredential({
		name: 'Memories.ai mock',
		type: 'memoriesAiApi',
		data: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
	});
	credential = { id: created.id, name: 'Memories.ai mock' };
});

afterAll(async () => {
	await stopServer();
	await mock?.close();
	n8n.removeE2eUserFolders();
});

test('n8n refuses a poll cron with "*" in the seconds field (the shortest preset is every minute)', async () => {
	const wf = await rest.createWorkflow(triggerWorkflow('Trigger every second', { item: [{ mode: 'custom', cronExpression: '* * * * * *' }] }));
	await expect(rest.activateWorkflow(wf.id)).rejects.toThrow(/polling interval is too short/i);
	// No schedule runs: 3 s without a poll of a cron that would poll every second. (n8n 2.41 with its
	// publication service keeps such a workflow "active" with a failed trigger; older n8n leaves it
	// inactive; 2.8 polls once before it refuses.)
	const refusedAt = Date.now();
	await n8n.sleep(3000);
	expect(pollsSince(refusedAt)).toHaveLength(0);
	await rest.deactivateWorkflow(wf.id).catch(() => undefined);
});

test('a video turning PARSE starts the workflow exactly once, and an n8n restart between polls neither loses nor repeats an event', async () => {
	const pending = mock.memories.videos.filter((v) => v.status === 'UNPARSE').map((v) => v.video_no);
	expect(pending.length).toBeGreaterThanOrEqual(3);
	const [first, second, third] = pending;

	const wf = await rest.createWorkflow(triggerWorkflow('Memories.ai video finished', { item: [{ mode: 'custom', cronExpression: SCHEDULE.cronExpression }] }));
	// Activation runs the first poll (the baseline: nothing is emitted for videos already there).
	const activatedAt = Date.now();
	const activated = await rest.activateWorkflow(wf.id);
	expect(activated.active).toBe(true);
	expect(pollsSince(activatedAt).length).toBeGreaterThanOrEqual(1);
	await waitForPolls(Date.now(), 1);
	expect(await rest.listExecutions(wf.id)).toHaveLength(0);

	// UNPARSE -> PARSE: exactly one execution, carrying that video.
	mock.memories.setStatus(first, 'PARSE');
	const afterFirst = await waitForVideos(wf.id, [first]);
	expect(afterFirst).toHaveLength(1);
	// Later polls do not report it again.
	await waitForPolls(Date.now(), 2);
	expect(await executionsWithVideos(wf.id)).toHaveLength(1);

	// Restart n8n between two polls; meanwhile one video finishes and another fails.
	await stopServer();
	mock.memories.setStatus(second, 'PARSE');
	mock.memories.setStatus(third, 'FAILED', 'Unsupported video codec');
	const restartedAt = Date.now();
	await startServer();
	expect((await rest.getWorkflow(wf.id)).active).toBe(true);
	await waitForVideos(wf.id, [first, second, third]);
	// Polls after the restart (the one at start-up plus at least two scheduled ones) add nothing.
	await waitForPolls(restartedAt, 3);
	const final = await executionsWithVideos(wf.id);
	expect(final.flatMap((e) => e.videos).sort()).toEqual([first, second, third].sort());
	expect(final.filter((e) => e.videos.includes(first))).toHaveLength(1);
}, 16 * POLL_MS + 4 * 60 * 1000); // about 10 polls plus two n8n start-ups
