/**
 * Every action node operation (test/e2e/actions.shared.ts: the same workflows and checks as the
 * e2e suite) in n8n's queue mode: each workflow is active, started by a POST to its production
 * webhook on main, and runs on one of the 2 workers — which the workers' own log records ("Worker
 * started execution <id>"), and main reports back ("Execution <id> (job ...) finished").
 */
import { createMockApi, type MockApi } from '../mock-api';

import * as n8n from '../n8n';
import {
	ACTIONS_MOCK,
	BAD_KEY,
	WF,
	actionCredentials,
	actionWorkflows,
	describeActionTests,
} from '../e2e/actions.shared';
import { runViaWebhook, startCluster, webhookPath, type Cluster, type WorkerRun } from './cluster';

let mock: MockApi;
let cluster: Cluster;
const results = new Map<string, Promise<n8n.ExecuteResult>>();
/** workflow id -> its execution and who ran it */
const ranBy = new Map<string, WorkerRun>();

/** Runs each workflow once (lazily) through its webhook and keeps the result for the tests that read it. */
function run(id: string): Promise<n8n.ExecuteResult> {
	if (!results.has(id)) {
		results.set(
			id,
			runViaWebhook(cluster, id).then(({ result, ...ran }) => {
				ranBy.set(id, ran);
				return result;
			}),
		);
	}
	return results.get(id)!;
}

beforeAll(async () => {
	mock = await createMockApi(ACTIONS_MOCK);
	cluster = await startCluster('actions');
	const mainFolder = cluster.queue.main.userFolder;
	await n8n.importCredentials(mainFolder, actionCredentials(mock), cluster.cli);
	await n8n.importWorkflows(
		mainFolder,
		actionWorkflows(mock).map((wf) => n8n.webhookWorkflow(wf, webhookPath(wf.id!))),
		cluster.cli,
	);
	for (const id of Object.values(WF)) await cluster.rest.activateWorkflow(id);
});

afterAll(async () => {
	await cluster?.stop();
	await mock?.close();
});

describeActionTests(run, () => mock);

describe('queue mode', () => {
	test('every workflow ran on exactly one worker (never on main), as a production webhook execution', async () => {
		for (const id of Object.values(WF)) await run(id);
		const table = [...ranBy].map(
			([id, r]) =>
				`${id} execution ${r.executionId}: ${r.workers.map((w) => `worker ${w + 1}`).join(', ')}`,
		);
		process.stdout.write(`\n[queue] who ran what:\n  ${table.join('\n  ')}\n`);
		expect(ranBy.size).toBe(Object.values(WF).length);
		for (const r of ranBy.values()) {
			expect(r.workers).toHaveLength(1);
			expect(r.reportedToMain).toBe(true);
			expect(r.mode).toBe('webhook');
		}
		expect(cluster.queue.main.logs()).not.toMatch(/Worker started execution/);
	});

	test('the bad API keys reach no log of main or the workers', async () => {
		for (const id of [WF.memoriesBadKey, WF.heyGenBadKey, WF.konproBadKey]) await run(id);
		expect(cluster.queue.logs()).not.toContain(BAD_KEY);
	});
});
