#!/usr/bin/env node
'use strict';
/**
 * `npm start`: one command from a fresh clone to the nodes running in a real n8n.
 *
 *  1. installs the pinned n8n (e2e/, `npm ci`, once), 2. builds the package (`npm run build`),
 *  3. starts the loopback mock API (test/mock-api/cli.js, videos finish every 20 s),
 *  4. installs the built package into the local n8n the way n8n installs community packages,
 *  5. starts n8n on 127.0.0.1 with its data in .n8n-local/ (kept between runs),
 *  6. creates the owner account and the three credentials (pointing at the mock API, or at the
 *     real vendor API for each *_API_KEY set in the environment), imports examples/*.json,
 *  7. prints the URL, the login and what to click. Ctrl+C stops everything it started.
 *
 * Options: --port N (n8n, default 5678 or $N8N_PORT), --mock-port N (default 4010),
 *          --fresh (delete .n8n-local/ first), --skip-build, --help
 * Real APIs: MEMORIES_AI_API_KEY, HEYGEN_API_KEY, KONPRO_API_KEY (optional *_BASE_URL each).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./n8n');

const USER_FOLDER = path.join(h.ROOT, '.n8n-local');
const LOG_FILE = path.join(USER_FOLDER, 'n8n.log');
const MOCK_LOG_FILE = path.join(USER_FOLDER, 'mock-api.log');

const SERVICES = [
	{
		key: 'memoriesAi',
		credType: 'memoriesAiApi',
		label: 'Memories.ai',
		env: 'MEMORIES_AI_API_KEY',
		baseEnv: 'MEMORIES_AI_BASE_URL',
		defaultBaseUrl: 'https://api.memories.ai',
		nodeTypes: ['memoriesAi', 'memoriesAiTrigger'],
	},
	{
		key: 'heyGen',
		credType: 'heyGenApi',
		label: 'HeyGen',
		env: 'HEYGEN_API_KEY',
		baseEnv: 'HEYGEN_BASE_URL',
		defaultBaseUrl: 'https://api.heygen.com',
		nodeTypes: ['heyGen'],
	},
	{
		key: 'konpro',
		credType: 'konproApi',
		label: 'Konpro',
		env: 'KONPRO_API_KEY',
		baseEnv: 'KONPRO_BASE_URL',
		defaultBaseUrl: 'https://api.konpro.ai',
		nodeTypes: ['konpro'],
	},
];

const USAGE = `Usage: npm start [-- options]
  --port N        n8n's port on 127.0.0.1 (default 5678, or $N8N_PORT)
  --mock-port N   mock API port (default 4010)
  --fresh         delete .n8n-local/ (n8n's database: account, credentials, workflows) first
  --skip-build    do not run \`npm run build\` (use the dist/ that is there)
  --help
Environment: MEMORIES_AI_API_KEY, HEYGEN_API_KEY, KONPRO_API_KEY make that credential use the
real API (default Base URL, or MEMORIES_AI_BASE_URL / HEYGEN_BASE_URL / KONPRO_BASE_URL).`;

function parseArgs(argv) {
	const opts = { port: Number(process.env.N8N_PORT) || 5678, mockPort: 4010, fresh: false, build: true };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
		const value = () => {
			const v = Number(inline !== undefined ? inline : argv[++i]);
			if (!Number.isInteger(v) || v < 1 || v > 65535) throw new Error(`${flag} needs a port number (1-65535)`);
			return v;
		};
		if (flag === '--port') opts.port = value();
		else if (flag === '--mock-port') opts.mockPort = value();
		else if (flag === '--fresh') opts.fresh = true;
		else if (flag === '--skip-build') opts.build = false;
		else if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`Unknown option ${argv[i]}\n\n${USAGE}`);
	}
	return opts;
}

class StartError extends Error {}

const children = new Set();

/**
 * Last resort on exit (an error, or Ctrl+C before n8n is up): asks every still-running child we
 * started, by its own pid, to stop. n8n and the mock shut down by themselves on SIGTERM.
 */
function killChildrenNow() {
	for (const c of children) {
		if (c.exitCode === null && c.signalCode === null) {
			try {
				process.kill(c.pid, 'SIGTERM');
			} catch {
				/* gone */
			}
		}
	}
}
process.on('exit', killChildrenNow);
// Until everything runs (then an orderly shutdown takes over), Ctrl+C just stops what started.
const earlyInterrupt = () => {
	console.error('\nInterrupted: stopping what was started.');
	process.exit(130);
};
process.on('SIGINT', earlyInterrupt);
process.on('SIGTERM', earlyInterrupt);

async function checkPortFree(port, what, flag) {
	if (!(await h.isPortFree(port))) {
		throw new StartError(
			`Port ${port} on 127.0.0.1 is already in use, so ${what} cannot start there.\n` +
				`Stop whatever uses it (another \`npm start\` or n8n?  \`lsof -i :${port}\` shows it), ` +
				`or pick another port: npm start -- ${flag} <port>`,
		);
	}
}

/** Starts the mock API CLI; resolves {proc, url, state} once it answers /__admin/state. */
async function startMock(port) {
	const out = fs.openSync(MOCK_LOG_FILE, 'a');
	const proc = spawn(process.execPath, [path.join(h.ROOT, 'tooling', 'mock-api', 'cli.js'), '--port', String(port), '--auto-process', '20'], {
		cwd: h.ROOT,
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	children.add(proc);
	let exited = null;
	proc.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 20000;
	while (Date.now() < deadline) {
		if (exited) {
			throw new StartError(`The mock API exited at start (code ${exited.code}). Its output:\n${h.tail(fs.readFileSync(MOCK_LOG_FILE, 'utf8'), 20)}`);
		}
		try {
			const res = await fetch(`${url}/__admin/state`, { signal: AbortSignal.timeout(1000) });
			if (res.ok) return { proc, url, state: await res.json() };
		} catch {
			/* not yet */
		}
		await h.sleep(200);
	}
	throw new StartError(`The mock API did not answer on ${url} within 20 s (see ${path.relative(h.ROOT, MOCK_LOG_FILE)}).`);
}

function stopChild(proc, graceMs = 15000) {
	return new Promise((resolve) => {
		if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
		const t = setTimeout(() => {
			try {
				process.kill(proc.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}, graceMs);
		proc.once('exit', () => {
			clearTimeout(t);
			resolve();
		});
		try {
			process.kill(proc.pid, 'SIGTERM');
		} catch {
			clearTimeout(t);
			resolve();
		}
	});
}

/**
 * What each service's credential should hold: the real API when its key is in the environment,
 * else the mock. One credential per service ("<Service> account"), so workflows keep working
 * when you switch between mock and real API.
 */
function credentialPlan(mockState) {
	return SERVICES.map((s) => {
		const realKey = process.env[s.env];
		const name = `${s.label} account`;
		if (realKey) return { ...s, name, source: 'real', data: { apiKey: realKey, baseUrl: process.env[s.baseEnv] || s.defaultBaseUrl } };
		return { ...s, name, source: 'mock', data: { apiKey: mockState.keys[s.key], baseUrl: mockState.baseUrls[s.key] } };
	});
}

const isLoopback = (url) => /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i.test(String(url || ''));

/**
 * Creates or updates the credential. An existing one that you pointed at a real API in n8n's UI
 * (Base URL not on this machine) is left alone unless the environment names a real key.
 * Returns {id, name, status, baseUrl}.
 */
async function applyCredential(rest, c) {
	const existing = (await rest.listCredentials()).find((x) => x.type === c.credType && x.name === c.name);
	if (!existing) {
		const saved = await rest.createCredential({ name: c.name, type: c.credType, data: c.data });
		return { id: saved.id, name: c.name, status: c.source, baseUrl: c.data.baseUrl };
	}
	if (c.source === 'mock') {
		const full = await rest.request('GET', `/rest/credentials/${existing.id}?includeData=true`).catch(() => null);
		const currentBase = full && full.data && full.data.baseUrl;
		if (currentBase && !isLoopback(currentBase)) {
			return { id: existing.id, name: c.name, status: 'kept', baseUrl: currentBase };
		}
	}
	await rest.updateCredential(existing.id, { name: c.name, type: c.credType, data: c.data });
	return { id: existing.id, name: c.name, status: c.source, baseUrl: c.data.baseUrl };
}

/** Points every node of ours at the credential we created for its service. */
function attachCredentials(workflow, credsByType) {
	for (const node of workflow.nodes || []) {
		const shortType = String(node.type || '').split('.').pop();
		const service = SERVICES.find((s) => s.nodeTypes.includes(shortType));
		if (!service || !String(node.type).startsWith(`${h.PACKAGE_NAME}.`)) continue;
		const cred = credsByType[service.credType];
		if (cred) node.credentials = { ...(node.credentials || {}), [service.credType]: { id: cred.id, name: cred.name } };
	}
	return workflow;
}

function readExamples() {
	const dir = path.join(h.ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			try {
				const wf = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
				if (!Array.isArray(wf.nodes)) return { file: f, error: 'no "nodes" array' };
				return { file: f, workflow: wf };
			} catch (err) {
				return { file: f, error: err.message };
			}
		});
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const anyMock = SERVICES.some((s) => !process.env[s.env]);
	// (When all three *_API_KEY are set, no mock API is started.)
	const t0 = Date.now();

	// Fail fast on taken ports, before the long steps.
	await checkPortFree(opts.port, 'n8n', '--port');
	if (anyMock) await checkPortFree(opts.mockPort, 'the mock API', '--mock-port');

	try {
		await h.ensureN8nInstalled();
	} catch (err) {
		throw new StartError(`Could not install n8n ${h.N8N_VERSION}.\n${err.message}`);
	}

	if (opts.build) {
		// A fresh clone: the build tools (TypeScript, gulp) are the package's dev dependencies.
		const res = await h.run(process.execPath, [path.join(__dirname, 'ensure-deps.js')], { stream: true });
		if (res.code !== 0) throw new StartError(`Installing the dev dependencies failed (exit ${res.code}); see the output above.`);
	}
	if (opts.build) {
		console.log('Building the package (npm run build)...');
		try {
			await h.buildPackage({ stream: false });
		} catch (err) {
			throw new StartError(err.message);
		}
	} else if (!fs.existsSync(path.join(h.ROOT, 'dist'))) {
		throw new StartError('--skip-build was given but there is no dist/: run `npm run build` first.');
	}

	if (opts.fresh && fs.existsSync(USER_FOLDER)) {
		console.log(`--fresh: deleting ${path.relative(h.ROOT, USER_FOLDER)}/`);
		fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	}
	const firstRun = !fs.existsSync(path.join(USER_FOLDER, '.n8n', 'database.sqlite'));
	fs.mkdirSync(USER_FOLDER, { recursive: true });

	console.log('Installing the built package into the local n8n (.n8n-local/.n8n/nodes)...');
	const tarDir = fs.mkdtempSync(path.join(USER_FOLDER, 'pack-'));
	try {
		const tarball = await h.packPackage(tarDir);
		await h.installPackageIntoUserFolder(USER_FOLDER, tarball);
	} finally {
		fs.rmSync(tarDir, { recursive: true, force: true });
	}

	// Ports may have been taken while we installed/built.
	await checkPortFree(opts.port, 'n8n', '--port');
	let mock = null;
	if (anyMock) {
		await checkPortFree(opts.mockPort, 'the mock API', '--mock-port');
		console.log(`Starting the mock API on 127.0.0.1:${opts.mockPort}...`);
		mock = await startMock(opts.mockPort);
	}

	const brokerPort = await h.findFreePort(opts.port + 1, opts.port + 200, [opts.port, opts.mockPort]);
	console.log(`Starting n8n ${h.N8N_VERSION} on 127.0.0.1:${opts.port}${firstRun ? ' (first run: creating its database, ~30 s)' : ''}... log: ${path.relative(h.ROOT, LOG_FILE)}`);
	const logStream = fs.createWriteStream(LOG_FILE, { flags: 'a' });
	let n8n;
	try {
		n8n = await h.startN8n({
			userFolder: USER_FOLDER,
			port: opts.port,
			brokerPort,
			readyTimeoutMs: 180000,
			detached: true,
			onSpawn: (proc) => children.add(proc),
			onOutput: (d) => logStream.write(d),
		});
	} catch (err) {
		await stopChild(mock && mock.proc);
		if (/EADDRINUSE|already in use/i.test(err.message)) {
			throw new StartError(`n8n could not listen: a port is taken (n8n ${opts.port} or its task broker ${brokerPort}).\n${err.message}`);
		}
		throw new StartError(`n8n did not start.\n${err.message}`);
	}
	children.add(n8n.proc);

	let shuttingDown = false;
	const shutdown = async (why, code = 0) => {
		if (shuttingDown) return;
		shuttingDown = true;
		console.log(`\n${why}: stopping n8n and the mock API...`);
		await n8n.stop();
		await stopChild(mock && mock.proc);
		logStream.end();
		console.log('Stopped. Run `npm start` again to continue where you left off (data is in .n8n-local/).');
		process.exit(code);
	};
	process.off('SIGINT', earlyInterrupt);
	process.off('SIGTERM', earlyInterrupt);
	process.on('SIGINT', () => void shutdown('Ctrl+C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGHUP', () => void shutdown('SIGHUP'));
	n8n.proc.on('exit', (code) => {
		if (!shuttingDown) void shutdown(`n8n exited unexpectedly (code ${code}); see ${path.relative(h.ROOT, LOG_FILE)}`, 1);
	});
	if (mock) {
		mock.proc.on('exit', (code) => {
			if (!shuttingDown) void shutdown(`the mock API exited unexpectedly (code ${code}); see ${path.relative(h.ROOT, MOCK_LOG_FILE)}`, 1);
		});
	}

	// Account, credentials, example workflows.
	const rest = new h.N8nRest(n8n.url);
	let loggedIn = true;
	try {
		await rest.ensureOwnerAndLogin();
	} catch (err) {
		loggedIn = false;
		console.warn(
			`\nWarning: could not sign in as ${h.OWNER.email} (${err.message.split('\n')[0]}).\n` +
				'If you changed that account, credentials and examples were not set up; use `npm start -- --fresh` to start over.',
		);
	}

	const lines = [];
	if (loggedIn) {
		const plan = credentialPlan(mock && mock.state);
		const credsByType = {};
		const what = { real: 'real API      ', mock: 'mock API      ', kept: 'kept, not mock' };
		for (const c of plan) {
			const saved = await applyCredential(rest, c);
			credsByType[c.credType] = { id: saved.id, name: saved.name };
			lines.push(`  ${saved.name.padEnd(22)} ${what[saved.status]}  ${saved.baseUrl}`);
		}
		if (lines.some((l) => l.includes(what.kept))) {
			lines.push('  ("kept": it points at a real API, so it was left alone; enter the mock Base URL and key');
			lines.push('   shown by the mock API in n8n, or `npm start -- --fresh`, to use the mock again.)');
		}
		const existing = new Set((await rest.listWorkflows()).map((w) => w.name));
		const imported = [];
		const skipped = [];
		for (const ex of readExamples()) {
			if (ex.error) {
				console.warn(`Skipping examples/${ex.file}: ${ex.error}`);
				continue;
			}
			const wf = attachCredentials(ex.workflow, credsByType);
			const name = wf.name || ex.file.replace(/\.json$/, '');
			if (existing.has(name)) {
				skipped.push(name);
				continue;
			}
			try {
				await rest.createWorkflow({
					name,
					nodes: wf.nodes,
					connections: wf.connections || {},
					settings: wf.settings || { executionOrder: 'v1' },
					pinData: wf.pinData,
				});
				imported.push(name);
			} catch (err) {
				console.warn(`Could not import examples/${ex.file}: ${err.message.split('\n')[0]}`);
			}
		}
		lines.push('');
		if (imported.length) lines.push(`Imported example workflows: ${imported.join(', ')}`);
		if (skipped.length) lines.push(`Example workflows already there (kept as you left them): ${skipped.join(', ')}`);
		if (!imported.length && !skipped.length) lines.push('No example workflows in examples/ to import.');
	}

	const secs = Math.round((Date.now() - t0) / 1000);
	console.log(`
================================================================================
 n8n ${h.N8N_VERSION} with n8n-nodes-ai-video is running (ready in ${secs} s)

   Open:      ${n8n.url}
   Sign in:   ${h.OWNER.email}
   Password:  ${h.OWNER.password}

 Credentials (Overview > Credentials; set again at every start from MEMORIES_AI_API_KEY,
 HEYGEN_API_KEY, KONPRO_API_KEY, else the mock API):
${lines.join('\n')}
${mock ? `\n Mock API: ${mock.url}  (state: ${mock.url}/__admin/state; a video finishes every 20 s)` : ''}

 What to click:
   1. Open a workflow from the list (examples above), or "Create workflow".
   2. "+" > search "Memories.ai", "HeyGen" or "Konpro" > pick an action, e.g.
      Memories.ai > "Get many videos"; the credential is already selected.
   3. "Execute workflow" (or "Execute step" in the node) and look at the output table.
   4. Trigger: add "Memories.ai Trigger", click "Fetch Test Event", then Publish the
      workflow: it runs each time a mock video finishes (Executions tab).

 Ctrl+C stops n8n and the mock API. Data stays in .n8n-local/ for the next \`npm start\`.
================================================================================`);
}

main().catch(async (err) => {
	if (err instanceof StartError) console.error(`\n${err.message}\n`);
	else console.error(err);
	killChildrenNow();
	process.exit(1);
});
