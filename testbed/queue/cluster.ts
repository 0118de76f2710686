/**
 * One queue-mode n8n for a test file: a private PostgreSQL and Redis (testbed/services), main + 2
 * workers each with the packed package installed in its own user folder, the owner signed in.
 */
import * as n8n from '../n8n';
import { startQueueServices, type QueueServices } from '../services';

export interface Cluster {
	services: QueueServices;
	queue: n8n.N8nQueue;
	rest: n8n.N8nRest;
	/** the CLI options that reach this cluster's database (`n8n import:*` against main's folder) */
	cli: n8n.CommandOptions;
	/** seconds: services, n8n main + workers */
	startSeconds: { services: number; n8n: number };
	stop(): Promise<void>;
}

export async function startCluster(label: string, workers = 2): Promise<Cluster> {
	const services = await startQueueServices();
	try {
		const database = await services.postgres.createDatabase(`n8n_${label}`);
		const userFolders = await Promise.all(
			Array.from({ length: workers + 1 }, (_, i) =>
				n8n.makeE2eUserFolder(`queue-${label}-${i === 0 ? 'main' : `worker${i}`}`),
			),
		);
		const t0 = Date.now();
		const queue = await n8n.startN8nQueue({
			backend: { postgres: { ...services.postgres, database }, redis: services.redis },
			userFolders,
		});
		const startSeconds = { services: services.startSeconds, n8n: (Date.now() - t0) / 1000 };
		process.stdout.write(
			`\n[queue] ${label}: PostgreSQL + Redis started in ${startSeconds.services.toFixed(1)} s, n8n main + ${workers} workers in ${startSeconds.n8n.toFixed(1)} s\n`,
		);
		const rest = new n8n.N8nRest(queue.main.url);
		await rest.ensureOwnerAndLogin();
		return {
			services,
			queue,
			rest,
			cli: { extraEnv: queue.env },
			startSeconds,
			async stop() {
				await queue.stop();
				await services.stop();
				n8n.removeE2eUserFolders();
			},
		};
	} catch (err) {
		await services.stop();
		n8n.removeE2eUserFolders();
		throw err;
	}
}

/** The path of a workflow's webhook (webhookWorkflow()) in these tests. */
export const webhookPath = (workflowId: string) => `queue-${workflowId.toLowerCase()}`;

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

export interface WorkerRun extends ReturnType<typeof n8n.whoRanExecution> {
	executionId: string;
	mode: string;
	/** ms since epoch, as n8n stored them */
	startedAt: number;
	stoppedAt: number;
}

/**
 * POSTs to the workflow's production webhook on main, waits for its (first) execution to finish,
 * and reads it back over REST: the run as `n8n execute` would give it (`output`: every process's
 * log), and which worker ran it.
 */
export async function runViaWebhook(
	cluster: Cluster,
	workflowId: string,
	{ timeoutMs = 120000 } = {},
): Promise<WorkerRun & { result: n8n.ExecuteResult }> {
	const { queue, rest } = cluster;
	const t0 = Date.now();
	const res = await fetch(`${queue.main.url}/webhook/${webhookPath(workflowId)}`, {
		method: 'POST',
		signal: AbortSignal.timeout(30000),
	});
	if (res.status !== 200)
		throw new Error(
			`POST /webhook/${webhookPath(workflowId)} answered ${res.status}: ${await res.text()}`,
		);
	const summary = await n8n.waitFor(
		`the execution of workflow ${workflowId}`,
		async () => (await rest.listExecutions(workflowId)).find((e) => FINISHED.includes(e.status)),
		timeoutMs,
		() => n8n.tail(queue.logs(), 40),
	);
	const executionId = String(summary.id);
	// Main logs the worker's report a moment after the worker stored the result.
	const who = await n8n.waitFor(
		`main's record of execution ${executionId}`,
		() => {
			const w = n8n.whoRanExecution(queue, executionId);
			return w.reportedToMain ? w : undefined;
		},
		30000,
	);
	const execution = await rest.getExecution(executionId);
	const data = n8n.executionData(execution);
	const error = data?.resultData?.error;
	const result: n8n.ExecuteResult = {
		code: execution.status === 'success' ? 0 : 1,
		run: data ? { status: execution.status, data } : null,
		output: queue.logs(),
		ms: Date.now() - t0,
		errorMessage: error?.message,
		errorDescription: error?.description,
	};
	return {
		executionId,
		mode: summary.mode,
		startedAt: Date.parse(String(execution.startedAt)),
		stoppedAt: Date.parse(String(execution.stoppedAt)),
		...who,
		result,
	};
}
