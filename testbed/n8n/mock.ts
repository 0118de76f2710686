/**
 * The loopback mock API (testbed/mock-api/cli.ts) in its own process: for `npm start`, which keeps
 * it running next to n8n, and for the benchmark, where the mock's own CPU and memory must never
 * count as the measured code's. Talks to it through /__admin.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import {
	KEYS,
	type MockBaseUrls,
	type MockKeys,
	type MockRequestRecord,
	type MockRuntimeOptions,
} from '../mock-api';
import { ROOT, TESTBED, TS_NODE_ARGS } from './paths';
import { signalChild, stopChild, tail, track, type Exit } from './process';
import { isPlainObject } from '../guards';

export const MOCK_CLI = path.join(TESTBED, 'mock-api', 'cli.ts');

/** The CLI's flags; unset ones take the CLI's defaults (videos 40, folders 15, seed 1), except the port. */
export interface MockProcessOptions {
	/** default 0: any free port */
	port?: number;
	videos?: number;
	folders?: number;
	seed?: number;
	/** Memories.ai requests per key and second (default: unlimited) */
	qps?: number;
	qpsResponse?: 'code' | 'http';
	/** ms added to every response */
	latency?: number;
	/** seconds: UNPARSE videos finish this long after upload, and a new one is uploaded as often */
	autoProcess?: number;
	/** Memories.ai legacy wire format */
	legacy?: boolean;
	/** append the mock's output to this file */
	logFile?: string;
	/** own process group, so a terminal's Ctrl+C reaches only the parent, which then stops it in order */
	detached?: boolean;
}

export interface MockProcess {
	/** http://127.0.0.1:<port> */
	url: string;
	port: number;
	pid: number;
	baseUrls: MockBaseUrls;
	keys: MockKeys;
	/** null while it runs */
	exited(): Exit | null;
	/** Resolves when it exits (by itself or by stop()). */
	onExit(fn: (exit: Exit) => void): void;
	/** One /__admin call; resolves the parsed JSON answer. */
	admin(method: string, path: string, body?: unknown): Promise<unknown>;
	/** GET /__admin/state */
	state(): Promise<Record<string, unknown>>;
	/** Every recorded service request (optionally filtered by path substring). */
	requests(pathFilter?: string): Promise<MockRequestRecord[]>;
	resetCounters(): Promise<unknown>;
	setOptions(o: Partial<MockRuntimeOptions>): Promise<unknown>;
	/** SIGTERM, SIGKILL after 5 s; resolves when it is gone. */
	stop(): Promise<void>;
}

function cliArgs(opts: MockProcessOptions): string[] {
	const args = ['--port', String(opts.port ?? 0)];
	const add = (flag: string, value: number | string | undefined) => {
		if (value !== undefined) args.push(flag, String(value));
	};
	add('--videos', opts.videos);
	add('--folders', opts.folders);
	add('--seed', opts.seed);
	if (opts.qps) add('--qps', opts.qps);
	add('--qps-response', opts.qpsResponse);
	if (opts.latency) add('--latency', opts.latency);
	if (opts.autoProcess) add('--auto-process', opts.autoProcess);
	if (opts.legacy) args.push('--legacy');
	return args;
}

/**
 * Starts the mock API CLI (`node -r testbed/register.js testbed/mock-api/cli.ts ...`) and resolves
 * once it printed `listening on http://127.0.0.1:PORT`. Bounded: rejects (after killing it) when it
 * exits first or does not listen within startTimeoutMs (default 60 s).
 */
export function startMockProcess(
	opts: MockProcessOptions = {},
	{ startTimeoutMs = 60000 }: { startTimeoutMs?: number } = {},
): Promise<MockProcess> {
	const detached = opts.detached ?? false;
	const log = opts.logFile ? fs.openSync(opts.logFile, 'a') : undefined;
	const child = track(
		spawn(process.execPath, [...TS_NODE_ARGS, MOCK_CLI, ...cliArgs(opts)], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached,
		}),
		{ group: detached },
	);
	let out = '';
	let exited: Exit | null = null;
	const exitWaiters: Array<(exit: Exit) => void> = [];
	child.once('exit', (code, signal) => {
		exited = { code, signal };
		for (const fn of exitWaiters.splice(0)) fn(exited);
	});
	const onExit = (fn: (exit: Exit) => void) => {
		if (exited) fn(exited);
		else exitWaiters.push(fn);
	};
	const collect = (d: string) => {
		out += d;
		if (out.length > 200_000) out = out.slice(-100_000);
		if (log !== undefined) {
			try {
				fs.writeSync(log, d);
			} catch {
				/* the log is a convenience */
			}
		}
	};
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	child.once('close', () => {
		if (log !== undefined) fs.closeSync(log);
	});
	const logHint = opts.logFile ? ` (see ${path.relative(ROOT, opts.logFile)})` : '';

	return new Promise<MockProcess>((resolve, reject) => {
		let done = false;
		const finish = (err: Error | null, value?: MockProcess) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			child.stdout.off('data', onData);
			if (err || !value) {
				signalChild(child, 'SIGKILL');
				reject(err ?? new Error('mock API: no handle'));
			} else resolve(value);
		};
		const timer = setTimeout(
			() =>
				finish(
					new Error(
						`The mock API did not start within ${startTimeoutMs / 1000} s${logHint}. Its output:\n${tail(out, 20)}`,
					),
				),
			startTimeoutMs,
		);
		const onData = () => {
			const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
			if (m) finish(null, handle(m[1], Number(m[2])));
		};
		child.stdout.on('data', onData);
		child.once('error', (err) =>
			finish(new Error(`The mock API could not be started: ${err.message}`)),
		);
		onExit(({ code, signal }) =>
			finish(
				new Error(
					`The mock API exited at start (code ${code}${signal ? `, ${signal}` : ''})${logHint}. Its output:\n${tail(out, 20)}`,
				),
			),
		);
	});

	function handle(url: string, port: number): MockProcess {
		const admin = (method: string, p: string, body?: unknown): Promise<unknown> =>
			mockAdmin(url, method, p, body);
		return {
			url,
			port,
			pid: child.pid ?? 0,
			baseUrls: { memoriesAi: `${url}/memories`, heyGen: `${url}/heygen`, konpro: `${url}/konpro` },
			keys: KEYS,
			exited: () => exited,
			onExit,
			admin,
			state: async () => {
				const s = await admin('GET', '/state');
				return isPlainObject(s) ? s : {};
			},
			requests: async (pathFilter) => {
				const answer = await admin(
					'GET',
					`/requests${pathFilter ? `?path=${encodeURIComponent(pathFilter)}` : ''}`,
				);
				return isPlainObject(answer) && Array.isArray(answer.requests)
					? (answer.requests as MockRequestRecord[])
					: [];
			},
			resetCounters: () => admin('POST', '/reset-counters'),
			setOptions: (o) => admin('POST', '/options', o),
			stop: () => stopChild(child, 5000),
		};
	}
}

/** One call to a mock API's admin endpoints (`<url>/__admin<path>`), bounded by `timeoutMs`; the parsed JSON answer. */
export async function mockAdmin(
	url: string,
	method: string,
	adminPath: string,
	body?: unknown,
	timeoutMs = 60000,
): Promise<unknown> {
	const res = await fetch(`${url}/__admin${adminPath}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	if (!res.ok)
		throw new Error(`mock admin ${method} ${adminPath}: HTTP ${res.status} ${text.slice(0, 300)}`);
	return text ? (JSON.parse(text) as unknown) : undefined;
}
