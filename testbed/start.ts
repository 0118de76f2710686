#!/usr/bin/env node
/**
 * `npm start`: one command from a fresh clone to the nodes running in a real n8n.
 *
 *  1. installs the pinned n8n (n8n-installs/2.8.4/, `npm ci`, once), 2. builds the package (`npm run build`),
 *  3. starts the loopback mock API (testbed/mock-api/cli.ts, videos finish every 20 s),
 *  4. installs the built package into the local n8n the way n8n installs community packages,
 *  5. starts n8n on 127.0.0.1 with its data in testbed/.n8n-local/ (kept between runs),
 *  6. creates the owner account and the three credentials (pointing at the mock API, or at the
 *     real vendor API for each *_API_KEY set in the environment), imports examples/*.json,
 *  7. prints the URL, the login and what to click. Ctrl+C stops everything it started.
 *
 * Options: --port N (n8n, default 5678 or $N8N_PORT), --mock-port N (default 4010),
 *          --fresh (delete testbed/.n8n-local/ first), --skip-build, --help
 * Real APIs: MEMORIES_AI_API_KEY, HEYGEN_API_KEY, KONPRO_API_KEY (optional *_BASE_URL each).
 */
import fs from 'node:fs';
import path from 'node:path';

import * as h from './n8n';
import { isPlainObject } from './guards';

const USER_FOLDER = path.join(h.TESTBED, '.n8n-local');
const LOG_FILE = path.join(USER_FOLDER, 'n8n.log');
const MOCK_LOG_FILE = path.join(USER_FOLDER, 'mock-api.log');

type ServiceKey = 'memoriesAi' | 'heyGen' | 'konpro';

interface Service {
	key: ServiceKey;
	credType: string;
	label: string;
	env: string;
	baseEnv: string;
	defaultBaseUrl: string;
	nodeTypes: string[];
}

const SERVICES: Service[] = [
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
		credType: 'heyGenFoldersApi',
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
  --fresh         delete testbed/.n8n-local/ (n8n's database: account, credentials, workflows) first
  --skip-build    do not run \`npm run build\` (use the dist/ that is there)
  --help
Environment: MEMORIES_AI_API_KEY, HEYGEN_API_KEY, KONPRO_API_KEY make that credential use the
real API (default Base URL, or MEMORIES_AI_BASE_URL / HEYGEN_BASE_URL / KONPRO_BASE_URL).`;

interface Options {
	port: number;
	mockPort: number;
	fresh: boolean;
	build: boolean;
}

function parseArgs(argv: string[]): Options {
	const opts: Options = {
		port: Number(process.env.N8N_PORT) || 5678,
		mockPort: 4010,
		fresh: false,
		build: true,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline]: Array<string | undefined> = argv[i].includes('=')
			? argv[i].split(/=(.*)/s)
			: [argv[i], undefined];
		const value = () => {
			const v = Number(inline !== undefined ? inline : argv[++i]);
			if (!Number.isInteger(v) || v < 1 || v > 65535)
				throw new Error(`${flag} needs a port number (1-65535)`);
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

// Last resort on exit (an error, or Ctrl+C before n8n is up): the driver's exit hook asks every
// still-running child we started, by its own pid, to stop (h.signalAllChildrenNow). n8n and the
// mock shut down by themselves on SIGTERM.
// Until everything runs (then an orderly shutdown takes over), Ctrl+C just stops what started.
const earlyInterrupt = () => {
	console.error('\nInterrupted: stopping what was started.');
	process.exit(130);
};
process.on('SIGINT', earlyInterrupt);
process.on('SIGTERM', earlyInterrupt);

async function checkPortFree(port: number, what: string, flag: string): Promise<void> {
	if (!(await h.isPortFree(port))) {
		throw new StartError(
			`Port ${port} on 127.0.0.1 is already in use, so ${what} cannot start there.\n` +
				`Stop whatever uses it (another \`npm start\` or n8n?  \`lsof -i :${port}\` shows it), ` +
				`or pick another port: npm start -- ${flag} <port>`,
		);
	}
}

/** Starts the mock API CLI (its own process group; output appended to testbed/.n8n-local/mock-api.log). */
async function startMock(port: number): Promise<h.MockProcess> {
	try {
		return await h.startMockProcess(
			{ port, autoProcess: 20, logFile: MOCK_LOG_FILE, detached: true },
			{ startTimeoutMs: 20000 },
		);
	} catch (err) {
		throw new StartError(errorMessage(err));
	}
}

function errorMessage(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

/**
 * What each service's credential should hold: the real API when its key is in the environment,
 * else the mock. One credential per service ("<Service> account"), so workflows keep working
 * when you switch between mock and real API.
 */
interface PlannedCredential extends Service {
	name: string;
	source: 'real' | 'mock';
	data: { apiKey: string; baseUrl: string };
}

function credentialPlan(mock: h.MockProcess | null): PlannedCredential[] {
	return SERVICES.map((s): PlannedCredential => {
		const realKey = process.env[s.env];
		const name = `${s.label} account`;
		if (realKey)
			return {
				...s,
				name,
				source: 'real',
				data: { apiKey: realKey, baseUrl: process.env[s.baseEnv] || s.defaultBaseUrl },
			};
		// No mock runs only when every service has its real key.
		if (!mock) throw new StartError(`No mock API runs, and ${s.env} is not set.`);
		return {
			...s,
			name,
			source: 'mock',
			data: { apiKey: mock.keys[s.key], baseUrl: mock.baseUrls[s.key] },
		};
	});
}

const isLoopback = (url: unknown): boolean =>
	/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i.test(String(url || ''));

/**
 * Creates or updates the credential. An existing one that you pointed at a real API in n8n's UI
 * (Base URL not on this machine) is left alone unless the environment names a real key.
 * Returns {id, name, status, baseUrl}.
 */
async function applyCredential(
	rest: h.N8nRest,
	c: PlannedCredential,
): Promise<{ id: string; name: string; status: 'real' | 'mock' | 'kept'; baseUrl: string }> {
	const existing = (await rest.listCredentials()).find(
		(x) => x.type === c.credType && x.name === c.name,
	);
	if (!existing) {
		const saved = await rest.createCredential({ name: c.name, type: c.credType, data: c.data });
		return { id: saved.id, name: c.name, status: c.source, baseUrl: c.data.baseUrl };
	}
	if (c.source === 'mock') {
		const full = await rest.getCredential(existing.id, { includeData: true }).catch(() => null);
		const currentBase = full?.data?.baseUrl;
		if (typeof currentBase === 'string' && currentBase && !isLoopback(currentBase)) {
			return { id: existing.id, name: c.name, status: 'kept', baseUrl: currentBase };
		}
	}
	await rest.updateCredential(existing.id, { name: c.name, type: c.credType, data: c.data });
	return { id: existing.id, name: c.name, status: c.source, baseUrl: c.data.baseUrl };
}

/** Points every node of ours at the credential we created for its service. */
/** An examples/*.json file: a workflow as n8n exports it (only `nodes` is checked). */
interface ExampleWorkflow {
	nodes: unknown[];
	[k: string]: unknown;
}

type CredentialRef = { id: string; name: string };

function attachCredentials(
	workflow: ExampleWorkflow,
	credsByType: Record<string, CredentialRef>,
): ExampleWorkflow {
	for (const node of workflow.nodes || []) {
		if (!isPlainObject(node)) continue;
		const shortType =
			String(node.type || '')
				.split('.')
				.pop() ?? '';
		const service = SERVICES.find((s) => s.nodeTypes.includes(shortType));
		if (!service || !h.isOurNodeType(String(node.type))) continue;
		const cred = credsByType[service.credType];
		if (cred)
			node.credentials = {
				...(isPlainObject(node.credentials) ? node.credentials : {}),
				[service.credType]: { id: cred.id, name: cred.name },
			};
	}
	return workflow;
}

type Example =
	| { file: string; workflow: ExampleWorkflow; error?: undefined }
	| { file: string; error: string; workflow?: undefined };

function readExamples(): Example[] {
	return h.PACKAGE_DIRS.flatMap((pkg) => {
		const dir = path.join(pkg, 'examples');
		return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
	})
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file): Example => {
			const f = path.basename(file);
			try {
				const wf: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
				if (!isPlainObject(wf) || !Array.isArray(wf.nodes))
					return { file: f, error: 'no "nodes" array' };
				return { file: f, workflow: { ...wf, nodes: wf.nodes } };
			} catch (err) {
				return { file: f, error: errorMessage(err) };
			}
		});
}

async function main(): Promise<void> {
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
		throw new StartError(`Could not install n8n ${h.N8N_VERSION}.\n${errorMessage(err)}`);
	}

	if (opts.build) {
		// A fresh clone: the build tools (TypeScript, n8n's node CLI) are the workspace's dev dependencies.
		const res = await h.run(process.execPath, [path.join(__dirname, 'ensure-deps.js')], {
			stream: true,
		});
		if (res.code !== 0)
			throw new StartError(
				`Installing the dev dependencies failed (exit ${res.code}); see the output above.`,
			);
	}
	if (opts.build) {
		console.log('Building the packages (npm run build)...');
		try {
			await h.buildPackages({ stream: false });
		} catch (err) {
			throw new StartError(errorMessage(err));
		}
	} else if (!h.PACKAGE_DIRS.every((dir) => fs.existsSync(path.join(dir, 'dist')))) {
		throw new StartError(
			'--skip-build was given but a package has no dist/: run `npm run build` first.',
		);
	}

	if (opts.fresh && fs.existsSync(USER_FOLDER)) {
		console.log(`--fresh: deleting ${path.relative(h.ROOT, USER_FOLDER)}/`);
		fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	}
	const firstRun = !fs.existsSync(path.join(USER_FOLDER, '.n8n', 'database.sqlite'));
	fs.mkdirSync(USER_FOLDER, { recursive: true });

	console.log(
		`Installing the built packages into the local n8n (${path.relative(h.ROOT, USER_FOLDER)}/.n8n/nodes)...`,
	);
	const tarDir = fs.mkdtempSync(path.join(USER_FOLDER, 'pack-'));
	try {
		for (const tarball of await h.packPackages(tarDir))
			await h.installPackageIntoUserFolder(USER_FOLDER, tarball);
	} finally {
		fs.rmSync(tarDir, { recursive: true, force: true });
	}

	// Ports may have been taken while we installed/built.
	await checkPortFree(opts.port, 'n8n', '--port');
	let mock: h.MockProcess | null = null;
	if (anyMock) {
		await checkPortFree(opts.mockPort, 'the mock API', '--mock-port');
		console.log(`Starting the mock API on 127.0.0.1:${opts.mockPort}...`);
		mock = await startMock(opts.mockPort);
	}

	const brokerPort = await h.findFreePort(opts.port + 1, opts.port + 200, [
		opts.port,
		opts.mockPort,
	]);
	console.log(
		`Starting n8n ${h.N8N_VERSION} on 127.0.0.1:${opts.port}${firstRun ? ' (first run: creating its database, ~30 s)' : ''}... log: ${path.relative(h.ROOT, LOG_FILE)}`,
	);
	const logStream = fs.createWriteStream(LOG_FILE, { flags: 'a' });
	let n8n: h.N8nServer;
	try {
		n8n = await h.startN8n({
			userFolder: USER_FOLDER,
			port: opts.port,
			brokerPort,
			readyTimeoutMs: 180000,
			detached: true,
			onOutput: (d) => logStream.write(d),
		});
	} catch (err) {
		await mock?.stop();
		const message = errorMessage(err);
		if (/EADDRINUSE|already in use/i.test(message)) {
			throw new StartError(
				`n8n could not listen: a port is taken (n8n ${opts.port} or its task broker ${brokerPort}).\n${message}`,
			);
		}
		throw new StartError(`n8n did not start.\n${message}`);
	}

	let shuttingDown = false;
	const shutdown = async (why: string, code = 0): Promise<void> => {
		if (shuttingDown) return;
		shuttingDown = true;
		console.log(`\n${why}: stopping n8n and the mock API...`);
		await n8n.stop();
		await mock?.stop();
		logStream.end();
		console.log(
			'Stopped. Run `npm start` again to continue where you left off (data is in testbed/.n8n-local/).',
		);
		process.exit(code);
	};
	process.off('SIGINT', earlyInterrupt);
	process.off('SIGTERM', earlyInterrupt);
	process.on('SIGINT', () => void shutdown('Ctrl+C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGHUP', () => void shutdown('SIGHUP'));
	n8n.proc.on('exit', (code) => {
		if (!shuttingDown)
			void shutdown(
				`n8n exited unexpectedly (code ${code}); see ${path.relative(h.ROOT, LOG_FILE)}`,
				1,
			);
	});
	mock?.onExit(({ code }) => {
		if (!shuttingDown)
			void shutdown(
				`the mock API exited unexpectedly (code ${code}); see ${path.relative(h.ROOT, MOCK_LOG_FILE)}`,
				1,
			);
	});

	// Account, credentials, example workflows.
	const rest = new h.N8nRest(n8n.url);
	let loggedIn = true;
	try {
		await rest.ensureOwnerAndLogin();
	} catch (err) {
		loggedIn = false;
		console.warn(
			`\nWarning: could not sign in as ${h.OWNER.email} (${errorMessage(err).split('\n')[0]}).\n` +
				'If you changed that account, credentials and examples were not set up; use `npm start -- --fresh` to start over.',
		);
	}

	const lines: string[] = [];
	if (loggedIn) {
		const plan = credentialPlan(mock);
		const credsByType: Record<string, CredentialRef> = {};
		const what: Record<'real' | 'mock' | 'kept', string> = {
			real: 'real API      ',
			mock: 'mock API      ',
			kept: 'kept, not mock',
		};
		for (const c of plan) {
			const saved = await applyCredential(rest, c);
			credsByType[c.credType] = { id: saved.id, name: saved.name };
			lines.push(`  ${saved.name.padEnd(22)} ${what[saved.status]}  ${saved.baseUrl}`);
		}
		if (lines.some((l) => l.includes(what.kept))) {
			lines.push(
				'  ("kept": it points at a real API, so it was left alone; enter the mock Base URL and key',
			);
			lines.push(
				'   shown by the mock API in n8n, or `npm start -- --fresh`, to use the mock again.)',
			);
		}
		const existing = new Set((await rest.listWorkflows()).map((w) => w.name));
		const imported: string[] = [];
		const skipped: string[] = [];
		for (const ex of readExamples()) {
			if (ex.error !== undefined) {
				console.warn(`Skipping examples/${ex.file}: ${ex.error}`);
				continue;
			}
			const wf = attachCredentials(ex.workflow, credsByType);
			const name = (typeof wf.name === 'string' && wf.name) || ex.file.replace(/\.json$/, '');
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
				console.warn(`Could not import examples/${ex.file}: ${errorMessage(err).split('\n')[0]}`);
			}
		}
		lines.push('');
		if (imported.length) lines.push(`Imported example workflows: ${imported.join(', ')}`);
		if (skipped.length)
			lines.push(`Example workflows already there (kept as you left them): ${skipped.join(', ')}`);
		if (!imported.length && !skipped.length)
			lines.push('No example workflows in examples/ to import.');
	}

	const secs = Math.round((Date.now() - t0) / 1000);
	console.log(`
================================================================================
 n8n ${h.N8N_VERSION} with n8n-nodes-memories-ai, n8n-nodes-heygen-folders and n8n-nodes-konpro is running (ready in ${secs} s)

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

 Ctrl+C stops n8n and the mock API. Data stays in testbed/.n8n-local/ for the next \`npm start\`.
================================================================================`);
}

main().catch((err: unknown) => {
	if (err instanceof StartError) console.error(`\n${err.message}\n`);
	else console.error(err);
	// (The exit hook SIGTERMs whatever we started.)
	process.exit(1);
});
