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
import { createMockApi, type MockApi } from '../mock-api';

import * as n8n from '../n8n';

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

const diagnostics = () => n8n.triggerDiagnostics(mock, server?.logs() ?? '');
const pollsSince = (since: number) => n8n.pollsSince(mock, since);
const waitForPolls = (since: number, count: number) =>
	n8n.waitForPolls(mock, since, count, POLL_MS, diagnostics);
const executionsWithVideos = (workflowId: string) => n8n.executionsWithVideos(rest, workflowId);
const waitForVideos = (workflowId: string, videos: string[]) =>
	n8n.waitForVideos(rest, workflowId, videos, 4 * POLL_MS + 30000, diagnostics);
const triggerWorkflow = (name: string, pollTimes: Record<string, unknown>) =>
	n8n.memoriesTriggerWorkflow(name, pollTimes, credential);

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
	const wf = await rest.createWorkflow(
		triggerWorkflow('Trigger every second', {
			item: [{ mode: 'custom', cronExpression: '* * * * * *' }],
		}),
	);
	await expect(rest.activateWorkflow(wf.id)).rejects.toThrow(/polling interval is too short/i);
	// No schedule runs: 3 s without a poll of a cron that would poll every second. (n8n 2.41 with its
	// publication service keeps such a workflow "active" with a failed trigger; older n8n leaves it
	// inactive; 2.8 polls once before it refuses.)
	const refusedAt = Date.now();
	await n8n.sleep(3000);
	expect(pollsSince(refusedAt)).toHaveLength(0);
	await rest.deactivateWorkflow(wf.id).catch(() => undefined);
});

test(
	'a video turning PARSE starts the workflow exactly once, and an n8n restart between polls neither loses nor repeats an event',
	async () => {
		const pending = mock.memories.videos
			.filter((v) => v.status === 'UNPARSE')
			.map((v) => v.video_no);
		expect(pending.length).toBeGreaterThanOrEqual(3);
		const [first, second, third] = pending;

		const wf = await rest.createWorkflow(
			triggerWorkflow('Memories.ai video finished', {
				item: [{ mode: 'custom', cronExpression: SCHEDULE.cronExpression }],
			}),
		);
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
	},
	16 * POLL_MS + 4 * 60 * 1000,
); // about 10 polls plus two n8n start-ups
