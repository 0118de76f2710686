/**
 * n8n in queue mode (EXECUTIONS_MODE=queue): one main (`n8n start`: editor, REST API, webhooks,
 * triggers and pollers) and N workers (`n8n worker`) that take the executions from Redis (Bull),
 * all on one PostgreSQL database (testbed/services starts private ones).
 *
 * Every process gets its own user folder with the package installed as a community package, as on
 * separate machines, and the same N8N_ENCRYPTION_KEY. (A shared folder does not work: each process
 * keeps `.n8n/crash.journal` while it runs, and one that starts while another's is there takes it
 * for a crash and waits 10 s.) Each worker has its own health-check port and task-runner broker port.
 */
import { randomBytes } from 'node:crypto';

import { checkPostgres, checkRedis } from '../services';
import { PORT_RANGES, findFreePort } from './ports';
import { startN8n, type N8nServer } from './server';

export interface QueueBackend {
	postgres: { host: string; port: number; user: string; password: string; database: string };
	redis: { host: string; port: number };
}

/** The settings every process of one queue-mode n8n shares (the ones a user sets; see README "Running in queue mode"). */
export function queueEnv(backend: QueueBackend, encryptionKey: string): Record<string, string> {
	const { postgres: pg, redis } = backend;
	return {
		EXECUTIONS_MODE: 'queue',
		N8N_ENCRYPTION_KEY: encryptionKey,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// One queue per database, so two clusters on one Redis never take each other's jobs.
		QUEUE_BULL_PREFIX: `bull-${pg.database}`,
		// Manual runs (the editor's "Execute workflow") go to the workers too, not only production ones.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export interface StartN8nQueueOptions {
	backend: QueueBackend;
	/** one per process: [main, worker 1, ...] (makeE2eUserFolder()) */
	userFolders: readonly string[];
	/** default: a fresh random one */
	encryptionKey?: string;
	extraEnv?: Record<string, string>;
	readyTimeoutMs?: number;
}

export interface N8nQueue {
	main: N8nServer;
	workers: N8nServer[];
	/** the env every process got (queueEnv() + extraEnv) */
	env: Record<string, string>;
	/** Stops and starts main again on the same ports and folder; resolves the new handle (also in `main`). */
	restartMain(): Promise<N8nServer>;
	/** Same for worker i. */
	restartWorker(i: number): Promise<N8nServer>;
	/** Main's and every worker's output so far, each line prefixed with the process's name. */
	logs(): string;
	/** Workers first (they finish their jobs), then main. */
	stop(): Promise<void>;
}

/**
 * Checks that PostgreSQL and Redis answer (n8n itself would retry or crash with a less clear
 * message), then starts main (which migrates the database) and, after it, the workers.
 */
export async function startN8nQueue(opts: StartN8nQueueOptions): Promise<N8nQueue> {
	const { backend, userFolders, readyTimeoutMs = 180000 } = opts;
	if (userFolders.length < 2)
		throw new Error('startN8nQueue needs a user folder for main and one per worker (at least 2).');
	await checkPostgres(backend.postgres.host, backend.postgres.port);
	await checkRedis(backend.redis.host, backend.redis.port);
	const env = {
		...queueEnv(backend, opts.encryptionKey ?? randomBytes(24).toString('hex')),
		...opts.extraEnv,
	};

	const taken: number[] = [];
	const freePort = async (range: readonly [number, number]) => {
		const port = await findFreePort(range[0], range[1], taken);
		taken.push(port);
		return port;
	};
	const mainPorts = {
		port: await freePort(PORT_RANGES.e2eN8n),
		brokerPort: await freePort(PORT_RANGES.e2eBroker),
	};
	const workerPorts: Array<{ port: number; brokerPort: number }> = [];
	for (let i = 1; i < userFolders.length; i++)
		workerPorts.push({
			port: await freePort(PORT_RANGES.queueWorkers),
			brokerPort: await freePort(PORT_RANGES.queueWorkers),
		});

	const startMain = () =>
		startN8n({ userFolder: userFolders[0], ...mainPorts, extraEnv: env, readyTimeoutMs });
	const startWorker = (i: number) =>
		startN8n({
			userFolder: userFolders[i + 1],
			...workerPorts[i],
			command: 'worker',
			extraEnv: env,
			readyTimeoutMs,
		});

	const main = await startMain();
	const workers: N8nServer[] = [];
	try {
		workers.push(...(await Promise.all(workerPorts.map((_, i) => startWorker(i)))));
	} catch (err) {
		await main.stop();
		throw err;
	}
	const queue: N8nQueue = {
		main,
		workers,
		env,
		async restartMain() {
			await queue.main.stop();
			queue.main = await startMain();
			return queue.main;
		},
		async restartWorker(i) {
			await queue.workers[i].stop();
			queue.workers[i] = await startWorker(i);
			return queue.workers[i];
		},
		logs() {
			const named = [
				['main', queue.main] as const,
				...queue.workers.map((w, i) => [`worker ${i + 1}`, w] as const),
			];
			return named
				.flatMap(([name, s]) =>
					s
						.logs()
						.split('\n')
						.map((l) => `[${name}] ${l}`),
				)
				.join('\n');
		},
		async stop() {
			await Promise.all(queue.workers.map((w) => w.stop()));
			await queue.main.stop();
		},
	};
	return queue;
}

/**
 * Which worker ran an execution, from n8n's own record of it: a worker logs "Worker started
 * execution <id> (job <job>)" when it takes the job (n8n stores no worker in the execution).
 * Returns the indexes of the workers whose output says so (one, when all is well), and whether main
 * ran it itself (main logs "Execution <id> (job ...) finished" when a worker reports back).
 */
export function whoRanExecution(
	queue: Pick<N8nQueue, 'main' | 'workers'>,
	executionId: string,
): { workers: number[]; reportedToMain: boolean } {
	const started = new RegExp(`Worker started execution ${executionId} \\(job `);
	return {
		workers: queue.workers.flatMap((w, i) => (started.test(w.logs()) ? [i] : [])),
		reportedToMain: new RegExp(`Execution ${executionId} \\(job \\d+\\) finished`).test(
			queue.main.logs(),
		),
	};
}
