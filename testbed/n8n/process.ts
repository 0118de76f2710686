/**
 * Child processes of the driver: every one is registered here, every wait is bounded, and
 * `stopAllChildren()` (and, as a last resort, the exit hook) stops exactly the processes this
 * process started, by their own pid (the process group for the detached ones).
 *
 * Detached children get their own process group, so a terminal's Ctrl+C reaches only the parent,
 * which then stops them in order (`npm start`), and a kill reaches their own children too (n8n's
 * task runners). The others share the terminal's group and get its Ctrl+C directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

import { ROOT } from './paths';

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `fn` every 500 ms until it resolves something other than undefined, and resolves that.
 * An error thrown by `fn` counts as "not yet" (the last one is in the timeout's message), unless
 * it is a WaitAbort, which ends the wait at once. `diagnostics` adds to the timeout's message.
 */
export async function waitFor<T>(
	what: string,
	fn: () => Promise<T | undefined> | T | undefined,
	timeoutMs: number,
	diagnostics?: () => string,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const v = await fn();
			if (v !== undefined) return v;
		} catch (err) {
			if (err instanceof WaitAbort) throw err;
			last = err;
		}
		await sleep(500);
	}
	throw new Error(
		`Timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}${diagnostics ? `\n${diagnostics()}` : ''}`,
	);
}

/** Thrown inside waitFor()'s `fn`: stop waiting, this will not get better. */
export class WaitAbort extends Error {
	name = 'WaitAbort';
}

/** The last `lines` lines of `text`. */
export function tail(text: string, lines: number): string {
	return String(text).split('\n').slice(-lines).join('\n');
}

export interface Exit {
	code: number | null;
	signal: NodeJS.Signals | null;
}

interface Tracked {
	child: ChildProcess;
	group: boolean;
}

const children = new Set<Tracked>();

const hasExited = (child: ChildProcess): boolean =>
	child.exitCode !== null || child.signalCode !== null;

/**
 * Registers a child so that stopAllChildren() and the exit hook stop it; `group`: it was spawned
 * detached (its own process group), and a signal goes to the whole group. Returns the child.
 */
export function track<T extends ChildProcess>(
	child: T,
	{ group = false }: { group?: boolean } = {},
): T {
	if (child.pid === undefined || hasExited(child)) return child;
	const entry: Tracked = { child, group };
	children.add(entry);
	child.once('exit', () => children.delete(entry));
	return child;
}

/** The pids of the tracked children that still run. */
export function trackedPids(): number[] {
	return [...children].map((e) => e.child.pid).filter((pid): pid is number => pid !== undefined);
}

function signalEntry({ child, group }: Tracked, sig: NodeJS.Signals): void {
	const pid = child.pid;
	if (pid === undefined || hasExited(child)) return;
	try {
		if (group) process.kill(-pid, sig);
		else process.kill(pid, sig);
	} catch {
		try {
			process.kill(pid, sig);
		} catch {
			/* already gone */
		}
	}
}

/** Sends `sig` to a child (its process group when it was tracked as detached). */
export function signalChild(child: ChildProcess, sig: NodeJS.Signals): void {
	const entry = [...children].find((e) => e.child === child) ?? { child, group: false };
	signalEntry(entry, sig);
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (hasExited(child)) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			child.off('exit', onExit);
			resolve(hasExited(child));
		}, ms);
		const onExit = () => {
			clearTimeout(timer);
			resolve(true);
		};
		child.once('exit', onExit);
	});
}

/** SIGTERM, then SIGKILL after graceMs. Resolves when the child is gone (or did not die within 5 s of SIGKILL). */
export async function stopChild(
	child: ChildProcess | null | undefined,
	graceMs = 15000,
): Promise<void> {
	if (!child || hasExited(child)) return;
	signalChild(child, 'SIGTERM');
	if (await waitForExit(child, graceMs)) return;
	signalChild(child, 'SIGKILL');
	await waitForExit(child, 5000);
}

/** SIGTERM every tracked child; SIGKILL whatever is left after graceMs. Resolves when all are gone. */
export async function stopAllChildren(graceMs = 5000): Promise<void> {
	const entries = [...children];
	if (entries.length === 0) return;
	for (const e of entries) signalEntry(e, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && entries.some((e) => !hasExited(e.child))) await sleep(100);
	for (const e of entries) signalEntry(e, 'SIGKILL');
	await Promise.all(entries.map((e) => waitForExit(e.child, 5000)));
}

/**
 * Last resort on exit (an error, or Ctrl+C before an orderly shutdown): asks every still-running
 * child we started, by its own pid, to stop. n8n and the mock API shut down by themselves on SIGTERM
 * (a SIGKILL would leave n8n's database mid-write).
 */
export function signalAllChildrenNow(sig: NodeJS.Signals = 'SIGTERM'): void {
	for (const e of children) signalEntry(e, sig);
}
process.on('exit', () => signalAllChildrenNow('SIGTERM'));

export interface RunOptions {
	/** default: the repository root */
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** default 10 minutes; then the command is killed and run() rejects */
	timeoutMs?: number;
	/** copy the command's output to this process's stdout/stderr as it comes */
	stream?: boolean;
	/** written to the command's stdin (which is closed otherwise) */
	input?: string;
	/** called with every chunk of stdout and stderr */
	onOutput?: (chunk: string) => void;
	/**
	 * Send stdout to this file instead of a pipe; `stdout` is read back from it at the end.
	 * A process that exits right after a big write to a pipe loses the tail of it (n8n's
	 * `execute --rawOutput` does); writes to a file are synchronous.
	 */
	stdoutFile?: string;
	/** Own process group (see the top of this file); a timeout then kills the whole group. */
	detached?: boolean;
}

export interface RunResult extends Exit {
	stdout: string;
	stderr: string;
	/** wall time */
	ms: number;
}

/** The error run() rejects with on a timeout: carries the output so far. */
export class RunTimeoutError extends Error {
	constructor(
		message: string,
		readonly stdout: string,
		readonly stderr: string,
	) {
		super(message);
		this.name = 'RunTimeoutError';
	}
}

/**
 * Runs a command to completion, streaming or capturing its output. Resolves {code, signal, stdout,
 * stderr, ms}. Rejects only when the command cannot be spawned or exceeds timeoutMs (then it is
 * killed first). The child is tracked while it runs.
 */
export function run(
	cmd: string,
	args: readonly string[],
	opts: RunOptions = {},
): Promise<RunResult> {
	const {
		cwd = ROOT,
		env = process.env,
		timeoutMs = 10 * 60 * 1000,
		stream = false,
		input,
		onOutput,
		stdoutFile,
		detached = false,
	} = opts;
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		let outFd: number | undefined;
		let child: ChildProcess;
		try {
			outFd = stdoutFile ? fs.openSync(stdoutFile, 'w') : undefined;
			child = spawn(cmd, [...args], {
				cwd,
				env,
				stdio: [input === undefined ? 'ignore' : 'pipe', outFd ?? 'pipe', 'pipe'],
				detached,
			});
		} catch (err) {
			reject(err);
			return;
		} finally {
			if (outFd !== undefined) fs.closeSync(outFd);
		}
		track(child, { group: detached });
		let stdout = '';
		let stderr = '';
		// As text, so a character split between two chunks stays whole.
		child.stdout?.setEncoding('utf8');
		child.stderr?.setEncoding('utf8');
		child.stdout?.on('data', (d: string) => {
			stdout += d;
			if (stream) process.stdout.write(d);
			onOutput?.(d);
		});
		child.stderr?.on('data', (d: string) => {
			stderr += d;
			if (stream) process.stderr.write(d);
			onOutput?.(d);
		});
		if (input !== undefined) child.stdin?.end(input);
		let timedOut = false;
		let settled = false;
		const settle = (code: number | null, signal: NodeJS.Signals | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (stdoutFile) {
				try {
					stdout = fs.readFileSync(stdoutFile, 'utf8');
				} catch {
					/* nothing written */
				}
			}
			if (timedOut) {
				reject(
					new RunTimeoutError(
						`${cmd} ${args.join(' ').slice(0, 200)} did not finish within ${Math.round(timeoutMs / 1000)} s`,
						stdout,
						stderr,
					),
				);
			} else resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
		};
		const timer = setTimeout(() => {
			timedOut = true;
			signalChild(child, 'SIGKILL');
			// 'close' waits for the output pipes, which a grandchild may hold open: give up on them soon after the exit.
			const giveUp = () => setTimeout(() => settle(child.exitCode, child.signalCode), 2000);
			if (hasExited(child)) giveUp();
			else child.once('exit', giveUp);
		}, timeoutMs);
		child.on('error', (err) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', settle);
	});
}
