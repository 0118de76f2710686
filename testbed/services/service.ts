/**
 * What PostgreSQL and Redis have in common here: a private server process on a loopback port with
 * its data in a temporary folder, a bounded start-up, a stop that also removes the folder (and, as
 * a last resort, the exit hook of testbed/n8n/process.ts for the process and the one below for the
 * folder), and clear errors for a taken port or a server that cannot be reached.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { isPortFree } from '../n8n/ports';
import { signalAllChildrenNow, signalChild, sleep, tail, track, type Exit } from '../n8n/process';

export const LOOPBACK = '127.0.0.1';

/** The service's port is used by another program. */
export class PortTakenError extends Error {
	constructor(
		readonly service: string,
		readonly port: number,
	) {
		super(
			`${service} cannot listen on ${LOOPBACK}:${port}: another program already uses that port. Stop that program or choose another port.`,
		);
		this.name = 'PortTakenError';
	}
}

/** Nothing (or something else) answers where the service should be. */
export class ServiceUnreachableError extends Error {
	constructor(
		readonly service: string,
		readonly host: string,
		readonly port: number,
		reason: string,
	) {
		super(
			`${service} is not reachable at ${host}:${port} (${reason}). Start it (testbed/services: startQueueServices()) or point the settings at a running ${service}.`,
		);
		this.name = 'ServiceUnreachableError';
	}
}

/**
 * Opens a TCP connection, writes `hello` and resolves the first bytes of the answer; rejects with a
 * ServiceUnreachableError when the connection is refused, the answer does not come within
 * timeoutMs, or `accept` says it is not the service.
 */
export function probe(
	service: string,
	host: string,
	port: number,
	hello: Buffer,
	accept: (answer: Buffer) => boolean,
	timeoutMs = 3000,
): Promise<void> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host, port });
		let settled = false;
		const fail = (reason: string) => {
			if (settled) return;
			settled = true;
			socket.destroy();
			reject(new ServiceUnreachableError(service, host, port, reason));
		};
		socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs / 1000} s`));
		socket.once('error', (err: NodeJS.ErrnoException) =>
			fail(err.code === 'ECONNREFUSED' ? 'connection refused: nothing listens there' : err.message),
		);
		socket.once('connect', () => socket.write(hello));
		socket.once('close', () => fail('the connection was closed without an answer'));
		socket.once('data', (answer) => {
			settled = true;
			socket.destroy();
			if (accept(answer)) resolve();
			else
				reject(
					new ServiceUnreachableError(
						service,
						host,
						port,
						`the program listening there is not ${service}`,
					),
				);
		});
	});
}

export interface ServiceProcess {
	pid: number;
	port: number;
	/** the temporary folder with the service's data */
	dir: string;
	/** its output so far */
	logs(): string;
	exited(): Exit | null;
	/** `signal`, SIGKILL after graceMs; then removes the data folder. Resolves when both are gone. */
	stop(graceMs?: number): Promise<void>;
}

export interface SpawnServiceOptions {
	service: string;
	cmd: string;
	args: readonly string[];
	port: number;
	/** the temporary data folder, removed by stop() */
	dir: string;
	/** the server's own "I am ready" line */
	readyLine: RegExp;
	/** answers when the server is usable (probe()) */
	ready: () => Promise<void>;
	/** the signal for an orderly, quick shutdown */
	stopSignal: NodeJS.Signals;
	readyTimeoutMs: number;
}

const folders = new Set<string>();
const removeFolders = () => {
	for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
};
process.on('exit', removeFolders);

/**
 * A signal's default action ends Node without its 'exit' hooks, which would leave the servers
 * (own process groups) running: on the first SIGINT/SIGTERM/SIGHUP, stop them, then let the signal
 * do what it would have done.
 */
let signalsHooked = false;
function stopServicesOnSignals(): void {
	if (signalsHooked) return;
	signalsHooked = true;
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			signalAllChildrenNow('SIGTERM');
			removeFolders();
			// Someone else handles it too (jest): leave the rest to them; otherwise die of it.
			if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
		});
	}
}

/**
 * Where the services' data folders go: SERVICES_DIR_ENV when set (the queue suite's globalSetup sets
 * one per run, and its globalTeardown stops whatever is left in it), else the system's temporary folder.
 */
export const SERVICES_DIR_ENV = 'N8N_QUEUE_SERVICES_DIR';

/** A fresh data folder `<prefix>XXXXXX`, removed by the service's stop() or at exit. */
export function temporaryFolder(prefix: string): string {
	const root = process.env[SERVICES_DIR_ENV] || os.tmpdir();
	// PostgreSQL runs as another user (postgres.ts): it must be able to pass through the root.
	if (root !== os.tmpdir()) fs.chmodSync(root, 0o711);
	const dir = fs.mkdtempSync(path.join(root, prefix));
	folders.add(dir);
	return dir;
}

/** The pid files the servers write in their data folders: Redis's --pidfile, PostgreSQL's postmaster.pid (first line). */
export const PID_FILES = ['redis.pid', path.join('data', 'postmaster.pid')];

/**
 * Stops every server still running from a data folder under `root`, by the pid in its pid file (and
 * only when that process still serves from that folder), then removes `root`. Jest runs test files
 * in a sandbox whose `process` hooks never fire, so a test file that dies without its afterAll
 * would leave them running: the queue suite's globalTeardown calls this. Resolves the pids stopped.
 */
export async function stopLeftoverServices(root: string): Promise<number[]> {
	const stopped: number[] = [];
	for (const name of fs.existsSync(root) ? fs.readdirSync(root) : []) {
		const dir = path.join(root, name);
		for (const file of PID_FILES.map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f))) {
			const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
			let cmdline = '';
			try {
				cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
			} catch {
				continue; // gone
			}
			// PostgreSQL names its folder on the command line; Redis its port (the pid file is in its folder).
			if (!(cmdline.includes(dir) || /redis-server/.test(cmdline))) continue;
			try {
				process.kill(-pid, 'SIGKILL'); // own process group (spawnService): the server and its children
			} catch {
				process.kill(pid, 'SIGKILL');
			}
			stopped.push(pid);
		}
	}
	await sleep(200);
	fs.rmSync(root, { recursive: true, force: true });
	return stopped;
}

const ADDRESS_IN_USE = /address already in use|could not bind|EADDRINUSE/i;

/** Throws a PortTakenError when something listens on 127.0.0.1:port. */
export async function assertPortFree(service: string, port: number): Promise<void> {
	if (!(await isPortFree(port))) throw new PortTakenError(service, port);
}

/** Starts the server (own process group, tracked) and waits until it is ready; throws clear errors. */
export async function spawnService(o: SpawnServiceOptions): Promise<ServiceProcess> {
	try {
		await assertPortFree(o.service, o.port);
	} catch (err) {
		fs.rmSync(o.dir, { recursive: true, force: true });
		throw err;
	}
	stopServicesOnSignals();
	const proc = track(
		spawn(o.cmd, [...o.args], { cwd: o.dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
		{ group: true },
	);
	if (proc.pid === undefined) {
		const err = await new Promise<Error>((resolve) => proc.once('error', resolve));
		throw new Error(`${o.service} could not be started (${o.cmd}): ${err.message}`);
	}
	let output = '';
	const collect = (d: string) => {
		output = (output + d).slice(-200_000);
	};
	proc.stdout.setEncoding('utf8').on('data', collect);
	proc.stderr.setEncoding('utf8').on('data', collect);
	let exited: Exit | null = null;
	const exitPromise = new Promise<void>((resolve) =>
		proc.once('exit', (code, signal) => {
			exited = { code, signal };
			resolve();
		}),
	);
	const handle: ServiceProcess = {
		pid: proc.pid,
		port: o.port,
		dir: o.dir,
		logs: () => output,
		exited: () => exited,
		async stop(graceMs = 15000) {
			if (!exited) {
				signalChild(proc, o.stopSignal);
				const t = setTimeout(() => signalChild(proc, 'SIGKILL'), graceMs);
				await exitPromise;
				clearTimeout(t);
			}
			fs.rmSync(o.dir, { recursive: true, force: true });
			folders.delete(o.dir);
		},
	};
	const deadline = Date.now() + o.readyTimeoutMs;
	while (Date.now() < deadline) {
		const gone = handle.exited();
		if (gone) {
			await handle.stop();
			if (ADDRESS_IN_USE.test(output)) throw new PortTakenError(o.service, o.port);
			throw new Error(
				`${o.service} exited before it was ready (code ${gone.code}, signal ${gone.signal}). Its output:\n${tail(output, 30)}`,
			);
		}
		if (o.readyLine.test(output)) {
			try {
				await o.ready();
				return handle;
			} catch {
				/* not yet */
			}
		}
		await sleep(100);
	}
	await handle.stop();
	throw new Error(
		`${o.service} was not ready on ${LOOPBACK}:${o.port} within ${o.readyTimeoutMs / 1000} s. Its output:\n${tail(output, 30)}`,
	);
}
