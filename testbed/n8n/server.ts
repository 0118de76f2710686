/**
 * `n8n start` (or, in queue mode, `n8n worker`) on 127.0.0.1: its environment, start-up (bounded
 * wait until it is usable) and stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

import { N8N_BIN, N8N_MANIFEST, N8N_NODE, runtimeEnv } from './paths';
import { sleep, signalChild, tail, track, type Exit } from './process';

export interface N8nEnvOptions {
	/** holds `.n8n/` (database, encryption key, community packages in `.n8n/nodes`) */
	userFolder: string;
	/** n8n's HTTP port; 0 for CLI commands, which get no N8N_PORT */
	port: number;
	/** the task-runner broker's port: every n8n process on a machine needs its own */
	brokerPort: number;
	/** a folder n8n scans for custom nodes (e.g. our built package root) */
	customExtensions?: string;
	/** added last, over everything above */
	extra?: Record<string, string>;
}

/**
 * Environment for an n8n process. `userFolder` holds `.n8n/` (database, encryption key,
 * community packages in `.n8n/nodes`). `customExtensions` (optional) is a folder n8n scans for
 * custom nodes (our built package root).
 */
export function n8nEnv({
	userFolder,
	port,
	brokerPort,
	customExtensions,
	extra = {},
}: N8nEnvOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	// A parent's n8n settings must not leak into ours.
	for (const k of Object.keys(env))
		if (/^(N8N_|DB_|JEST_|QUEUE_)|^(EXECUTIONS_MODE|OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS)$/.test(k))
			delete env[k];
	// Under jest NODE_ENV=test, and n8n then behaves as in its own unit tests (silent logger,
	// no loading of nodes, ...). Run it as a user does.
	delete env.NODE_ENV;
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// No telemetry/network calls from the editor either.
		N8N_AI_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_LOG_LEVEL: 'info',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
	});
	// A CLI command (port 0) serves no HTTP: it gets no N8N_PORT at all.
	if (port !== 0) env.N8N_PORT = String(port);
	if (customExtensions) env.N8N_CUSTOM_EXTENSIONS = customExtensions;
	// The install's own settings (n8n-installs/<version>/package.json "n8nEnv"), then the caller's.
	return { ...runtimeEnv(env), ...N8N_MANIFEST.env, ...extra };
}

export interface StartN8nOptions extends Omit<N8nEnvOptions, 'extra'> {
	/**
	 * 'start' (default), or 'worker': a queue-mode worker (testbed/n8n/queue.ts), whose only HTTP
	 * server is its health check, on `port`.
	 */
	command?: 'start' | 'worker';
	extraEnv?: Record<string, string>;
	/** default 120 s */
	readyTimeoutMs?: number;
	/** every chunk of n8n's stdout and stderr */
	onOutput?: (chunk: string) => void;
	/** Called with the child process right after it is spawned (before it is ready). */
	onSpawn?: (proc: ChildProcess) => void;
	/** own process group, so a terminal's Ctrl+C reaches only the parent, which then stops n8n in order */
	detached?: boolean;
	/** extra arguments for node, before n8n's bin */
	nodeArgs?: readonly string[];
}

export interface N8nServer {
	proc: ChildProcess;
	pid: number;
	/** http://127.0.0.1:<port> (a worker's: its health check) */
	url: string;
	port: number;
	command: 'start' | 'worker';
	brokerPort: number;
	userFolder: string;
	/** n8n's output so far (the last ~1-2 MB) */
	logs(): string;
	/** null while it runs */
	exited(): Exit | null;
	/** SIGTERM, then SIGKILL after graceMs (default 20 s). Resolves when the process is gone. */
	stop(graceMs?: number): Promise<Exit | null>;
}

/**
 * What says a started process is usable: `n8n start` prints "Editor is now accessible via" as the
 * last step (its /healthz/readiness answers 200 as soon as the database is migrated, before the
 * REST routes exist and before active workflows are activated); a worker prints "n8n worker is now
 * ready" once it takes jobs, and then serves /healthz/readiness on QUEUE_HEALTH_CHECK_PORT.
 */
const READY_LINE = {
	start: 'Editor is now accessible via',
	worker: 'n8n worker is now ready',
} as const;

/**
 * Starts `n8n start` (or `n8n worker`) and waits until it is usable. Returns its N8nServer handle.
 * Throws (after killing the process) when it exits early or is not ready in time.
 */
export async function startN8n(opts: StartN8nOptions): Promise<N8nServer> {
	const {
		userFolder,
		port,
		brokerPort,
		customExtensions,
		command = 'start',
		readyTimeoutMs = 120000,
		onOutput,
		onSpawn,
		detached = false,
		nodeArgs = [],
	} = opts;
	fs.mkdirSync(userFolder, { recursive: true });
	const workerEnv = {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	const extra = command === 'worker' ? { ...workerEnv, ...opts.extraEnv } : opts.extraEnv;
	const env = n8nEnv({ userFolder, port, brokerPort, customExtensions, extra });
	const proc = track(
		spawn(N8N_NODE, [...nodeArgs, N8N_BIN, command], {
			cwd: userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached,
		}),
		{
			group: detached,
		},
	);
	if (proc.pid === undefined) {
		// spawn() failed; the 'error' event says why.
		const err = await new Promise<Error>((resolve) => proc.once('error', resolve));
		throw new Error(`n8n could not be started: ${err.message}`);
	}
	const pid = proc.pid;
	onSpawn?.(proc);
	let output = '';
	const collect = (d: string) => {
		output += d;
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		onOutput?.(d);
	};
	proc.stdout.setEncoding('utf8');
	proc.stderr.setEncoding('utf8');
	proc.stdout.on('data', collect);
	proc.stderr.on('data', collect);
	let exited: Exit | null = null;
	const exitPromise = new Promise<Exit>((resolve) => {
		proc.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	const url = `http://127.0.0.1:${port}`;
	const server: N8nServer = {
		proc,
		pid,
		url,
		port,
		command,
		brokerPort,
		userFolder,
		logs: () => output,
		exited: () => exited,
		async stop(graceMs = 20000) {
			if (exited) return exited;
			signalChild(proc, 'SIGTERM');
			const t = setTimeout(() => signalChild(proc, 'SIGKILL'), graceMs);
			await exitPromise;
			clearTimeout(t);
			return exited;
		},
	};
	const deadline = Date.now() + readyTimeoutMs;
	while (Date.now() < deadline) {
		const gone = server.exited();
		if (gone) {
			throw new Error(
				`n8n ${command} exited before it was ready (code ${gone.code}, signal ${gone.signal}). Its output:\n${tail(output, 60)}`,
			);
		}
		if (output.includes(READY_LINE[command])) {
			try {
				const res = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (res.status === 200) return server;
			} catch {
				/* not listening yet */
			}
		}
		await sleep(500);
	}
	await server.stop();
	throw new Error(
		`n8n ${command} did not become ready on ${url} within ${readyTimeoutMs / 1000} s. Its output:\n${tail(output, 60)}`,
	);
}
