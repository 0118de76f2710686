'use strict';
/**
 * Child processes of the benchmark: every one is registered here, every wait is bounded, and
 * `killAll()` (also on exit and on SIGINT/SIGTERM) stops exactly the processes this run started,
 * by their own pid (process group for the detached ones).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const children = new Set();

function track(child, { group = false } = {}) {
	const entry = { child, group };
	children.add(entry);
	child.once('exit', () => children.delete(entry));
	return child;
}

function signal(entry, sig) {
	const { child, group } = entry;
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		if (group) process.kill(-child.pid, sig);
		else process.kill(child.pid, sig);
	} catch {
		try {
			process.kill(child.pid, sig);
		} catch {
			/* already gone */
		}
	}
}

/** SIGTERM every tracked child; SIGKILL whatever is left after graceMs. Resolves when all are gone. */
async function killAll(graceMs = 5000) {
	const entries = [...children];
	if (entries.length === 0) return;
	for (const e of entries) signal(e, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && entries.some((e) => e.child.exitCode === null && e.child.signalCode === null)) {
		await new Promise((r) => setTimeout(r, 100));
	}
	for (const e of entries) signal(e, 'SIGKILL');
}

function killAllNow() {
	for (const e of children) signal(e, 'SIGKILL');
}
process.on('exit', killAllNow);

/**
 * Runs a command to completion, capturing output. Resolves {code, signal, stdout, stderr, ms};
 * rejects when it cannot be spawned or runs longer than timeoutMs (it is then killed).
 */
function run(cmd, args, { cwd, env = process.env, timeoutMs = 120000, onOutput, stdoutFile } = {}) {
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		// A process that exits right after a big write to a pipe loses the tail of it (n8n's
		// `execute --rawOutput` does): `stdoutFile` sends stdout to a file, where writes are synchronous.
		const outFd = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe';
		const child = track(spawn(cmd, args, { cwd, env, stdio: ['ignore', outFd, 'pipe'], detached: true }), { group: true });
		if (stdoutFile) fs.closeSync(outFd);
		let stdout = '';
		let stderr = '';
		if (child.stdout) {
			child.stdout.on('data', (d) => {
				stdout += d;
				if (onOutput) onOutput(String(d));
			});
		}
		child.stderr.on('data', (d) => {
			stderr += d;
			if (onOutput) onOutput(String(d));
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			signal({ child, group: true }, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, sig) => {
			clearTimeout(timer);
			if (stdoutFile) {
				try {
					stdout = fs.readFileSync(stdoutFile, 'utf8');
				} catch {
					/* nothing written */
				}
			}
			if (timedOut) {
				reject(Object.assign(new Error(`${cmd} ${args.join(' ').slice(0, 200)} did not finish within ${Math.round(timeoutMs / 1000)} s`), { stdout, stderr }));
			} else resolve({ code, signal: sig, stdout, stderr, ms: Date.now() - t0 });
		});
	});
}

/**
 * Runs a benchmark scenario script (bench/scenarios/*.js) in its own Node process. The scenario
 * prints exactly one line `BENCH_RESULT <json>` on stdout; everything else is its log.
 */
async function runScenario(script, input, { timeoutMs, nodeArgs = [], log, env } = {}) {
	const res = await run(process.execPath, [...nodeArgs, script, JSON.stringify(input)], {
		timeoutMs,
		onOutput: log,
		env: env ? { ...process.env, ...env } : process.env,
	});
	const line = res.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
	if (res.code !== 0 || !line) {
		const tail = (res.stdout + res.stderr).split('\n').slice(-30).join('\n');
		throw new Error(`${require('node:path').basename(script)} failed (exit ${res.code}${res.signal ? `, ${res.signal}` : ''}):\n${tail}`);
	}
	return JSON.parse(line.slice('BENCH_RESULT '.length));
}

module.exports = { track, run, runScenario, killAll, killAllNow, children };
