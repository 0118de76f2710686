'use strict';
/**
 * The loopback mock API (test/mock-api/cli.js) in its own process, on a free port, so that the
 * mock's own CPU and memory never count as the measured code's. Talks to it through /__admin.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { track } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'tooling', 'mock-api', 'cli.js');
const KEYS = require(path.join(ROOT, 'tooling', 'mock-api', 'index.js')).KEYS;

/**
 * Starts a mock. opts: { videos, folders, seed, qps, latency, qpsResponse }. Resolves a handle with
 * url, baseUrls, keys, admin helpers and stop(). Bounded: rejects after startTimeoutMs.
 */
function startMock(opts = {}, { startTimeoutMs = 60000 } = {}) {
	const args = [CLI, '--port', '0', '--videos', String(opts.videos ?? 0), '--folders', String(opts.folders ?? 0), '--seed', String(opts.seed ?? 1)];
	if (opts.qps) args.push('--qps', String(opts.qps));
	if (opts.qpsResponse) args.push('--qps-response', opts.qpsResponse);
	if (opts.latency) args.push('--latency', String(opts.latency));
	return new Promise((resolve, reject) => {
		const child = track(spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
		let out = '';
		let done = false;
		const timer = setTimeout(() => finish(new Error(`mock API did not start within ${startTimeoutMs / 1000} s:\n${out}`)), startTimeoutMs);
		function finish(err, value) {
			if (done) return;
			done = true;
			clearTimeout(timer);
			if (err) {
				try {
					child.kill('SIGKILL');
				} catch {
					/* gone */
				}
				reject(err);
			} else resolve(value);
		}
		const onData = (d) => {
			out += d;
			const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
			if (m) finish(null, handle(child, m[1]));
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (d) => (out += d));
		child.once('exit', (code) => finish(new Error(`mock API exited at start (code ${code}):\n${out}`)));
	});
}

function handle(child, url) {
	const admin = async (method, p, body) => {
		const res = await fetch(`${url}/__admin${p}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60000),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`mock admin ${method} ${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : undefined;
	};
	return {
		url,
		pid: child.pid,
		baseUrls: { memoriesAi: `${url}/memories`, heyGen: `${url}/heygen`, konpro: `${url}/konpro` },
		keys: KEYS,
		admin,
		state: () => admin('GET', '/state'),
		/** Every recorded service request (optionally filtered by path substring). */
		requests: async (pathFilter) => (await admin('GET', `/requests${pathFilter ? `?path=${encodeURIComponent(pathFilter)}` : ''}`)).requests,
		resetCounters: () => admin('POST', '/reset-counters'),
		setOptions: (o) => admin('POST', '/options', o),
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const gone = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 5000);
			await gone;
			clearTimeout(t);
		},
	};
}

/** Summary of list_videos / folder requests: total, rate-limited (0429), other failures, and timing. */
function summarize(requests) {
	const limited = requests.filter((r) => r.limited).length;
	const failed = requests.filter((r) => !r.limited && (r.status !== 200 || (r.code !== undefined && r.code !== '0000'))).length;
	const at = requests.map((r) => r.at);
	return {
		total: requests.length,
		limited,
		failed,
		ok: requests.length - limited - failed,
		firstAt: at.length ? Math.min(...at) : null,
		lastAt: at.length ? Math.max(...at) : null,
		maxIn1s: maxInWindow(at, 1000),
	};
}

/** Largest number of requests that arrived within any window of `ms` (the limiter's view). */
function maxInWindow(times, ms) {
	const t = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < t.length; i++) {
		while (t[i] - t[j] >= ms) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

module.exports = { startMock, summarize, maxInWindow, KEYS };
