'use strict';
/**
 * Helpers to install, start, stop and talk to the pinned real n8n that lives in e2e/.
 * Used by scripts/start.js, scripts/screenshot.js, scripts/e2e-install.js and test/e2e/.
 *
 * Everything here is plain Node (no dependencies) so it runs before anything is installed.
 * Every wait is bounded by a timeout; every process started is returned to the caller
 * with a stop() that kills it (and only it) by pid.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
// E2E_N8N_DIR: another folder with the same package.json + lockfile (only to try the installer elsewhere).
const N8N_VERSION = '2.8.4';
const E2E_DIR = process.env.E2E_N8N_DIR ? path.resolve(process.env.E2E_N8N_DIR) : path.join(ROOT, 'n8n-installs', N8N_VERSION);
const N8N_PKG_DIR = path.join(E2E_DIR, 'node_modules', 'n8n');
const N8N_BIN = path.join(N8N_PKG_DIR, 'bin', 'n8n');
const INSTALL_STAMP = path.join(E2E_DIR, 'node_modules', '.n8n-nodes-ai-video-install.json');
const PACKAGE_NAME = 'n8n-nodes-ai-video';

/** Owner account created on the local/test n8n. The password satisfies n8n's rules (8+ chars, a digit, an uppercase letter). */
const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'LocalPassw0rd',
});

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Hash of what decides the install (package.json + lockfile), so a changed pin reinstalls. */
function installFingerprint() {
	const crypto = require('node:crypto');
	const h = crypto.createHash('sha256');
	for (const f of ['package.json', 'package-lock.json']) {
		const p = path.join(E2E_DIR, f);
		h.update(fs.existsSync(p) ? fs.readFileSync(p) : '');
	}
	return h.digest('hex');
}

/** True when e2e/node_modules holds the pinned n8n installed from the current lockfile. */
function isN8nInstalled() {
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(N8N_PKG_DIR, 'package.json'), 'utf8'));
		if (pkg.version !== N8N_VERSION) return false;
		const stamp = JSON.parse(fs.readFileSync(INSTALL_STAMP, 'utf8'));
		return stamp.fingerprint === installFingerprint();
	} catch {
		return false;
	}
}

/**
 * Runs a command, streaming or capturing its output. Resolves {code, signal, stdout, stderr}.
 * Rejects only when the command cannot be spawned or exceeds timeoutMs (then it is killed).
 */
function run(cmd, args, { cwd = ROOT, env = process.env, timeoutMs = 10 * 60 * 1000, stream = false, input } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
			if (stream) process.stdout.write(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (stream) process.stderr.write(d);
		});
		if (input !== undefined) child.stdin.end(input);
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${Math.round(timeoutMs / 1000)} s`));
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/**
 * Installs the pinned n8n in e2e/ with `npm ci` unless it is already there.
 * Returns {installed: boolean, seconds}. Throws with a readable message on failure.
 */
async function ensureN8nInstalled({ log = console.log, stream = true } = {}) {
	if (isN8nInstalled()) return { installed: false, seconds: 0 };
	if (!fs.existsSync(path.join(E2E_DIR, 'package-lock.json'))) {
		throw new Error(`e2e/package-lock.json is missing: cannot install the pinned n8n ${N8N_VERSION} reproducibly.`);
	}
	log(`Installing n8n ${N8N_VERSION} into e2e/ with npm ci (one time: 4-10 minutes, 2.3 GB; later runs reuse it)...`);
	const started = Date.now();
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	// npm is silent for minutes (sqlite3 builds from source): show that it is still working.
	const heartbeat = setInterval(() => log(`  ... still installing n8n (${Math.round((Date.now() - started) / 60000)} min)`), 60000);
	let res;
	try {
		res = await run(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: E2E_DIR,
			stream,
			timeoutMs: 30 * 60 * 1000,
		});
	} finally {
		clearInterval(heartbeat);
	}
	if (res.code !== 0) {
		const tail = (res.stderr || res.stdout).split('\n').slice(-25).join('\n');
		throw new Error(
			`Installing n8n ${N8N_VERSION} in e2e/ failed (npm ci exited ${res.code}).\n${tail}\n` +
				'Check that the npm registry is reachable and that there is ~3 GB free disk, then run the command again.',
		);
	}
	// Prove it starts: the version flag loads the binary without touching any user folder.
	const check = await run(process.execPath, [N8N_BIN, '--version'], { cwd: E2E_DIR, timeoutMs: 60 * 1000 });
	if (check.code !== 0 || !check.stdout.includes(N8N_VERSION)) {
		throw new Error(`n8n was installed but \`n8n --version\` did not report ${N8N_VERSION}:\n${check.stdout}${check.stderr}`);
	}
	fs.writeFileSync(INSTALL_STAMP, JSON.stringify({ fingerprint: installFingerprint(), at: new Date().toISOString() }));
	const seconds = Math.round((Date.now() - started) / 1000);
	log(`n8n ${N8N_VERSION} installed in ${seconds} s.`);
	return { installed: true, seconds };
}

/** Resolves true when nothing listens on host:port (we can bind it). */
function isPortFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

/** First free port in [from, to] not in `exclude`. */
async function findFreePort(from, to, exclude = []) {
	// Start at a random offset so concurrent runs (e.g. two jest workers) rarely collide.
	const span = to - from + 1;
	const offset = Math.floor(Math.random() * span);
	for (let i = 0; i < span; i++) {
		const port = from + ((offset + i) % span);
		if (exclude.includes(port)) continue;
		if (await isPortFree(port)) return port;
	}
	throw new Error(`No free TCP port between ${from} and ${to} on 127.0.0.1.`);
}

/**
 * Environment for an n8n process. `userFolder` holds `.n8n/` (database, encryption key,
 * community packages in `.n8n/nodes`). `customExtensions` (optional) is a folder n8n scans for
 * custom nodes (our built package root).
 */
function n8nEnv({ userFolder, port, brokerPort, customExtensions, extra = {} }) {
	const env = { ...process.env };
	// A parent's n8n settings must not leak into ours.
	for (const k of Object.keys(env)) if (k.startsWith('N8N_') || k.startsWith('DB_') || k.startsWith('JEST_')) delete env[k];
	// Under jest NODE_ENV=test, and n8n then behaves as in its own unit tests (silent logger,
	// no loading of nodes, ...). Run it as a user does.
	delete env.NODE_ENV;
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
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
	if (customExtensions) env.N8N_CUSTOM_EXTENSIONS = customExtensions;
	return { ...env, ...extra };
}

/**
 * Starts `n8n start` and waits for /healthz/readiness. Returns {proc, url, port, logs(), stop()}.
 * Throws (after killing the process) when it exits early or is not ready in time.
 */
async function startN8n({ userFolder, port, brokerPort, customExtensions, extraEnv, readyTimeoutMs = 120000, onOutput, onSpawn, detached = false } = {}) {
	fs.mkdirSync(userFolder, { recursive: true });
	const env = n8nEnv({ userFolder, port, brokerPort, customExtensions, extra: extraEnv });
	// detached: own process group, so a terminal's Ctrl+C reaches only the parent, which then stops n8n in order.
	const proc = spawn(process.execPath, [N8N_BIN, 'start'], { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'], detached });
	if (onSpawn) onSpawn(proc);
	let output = '';
	const collect = (d) => {
		output += d;
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		if (onOutput) onOutput(String(d));
	};
	proc.stdout.on('data', collect);
	proc.stderr.on('data', collect);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		proc.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	const url = `http://127.0.0.1:${port}`;
	const handle = {
		proc,
		pid: proc.pid,
		url,
		port,
		brokerPort,
		userFolder,
		logs: () => output,
		exited: () => exited,
		/** SIGTERM, then SIGKILL after graceMs. Resolves when the process is gone. */
		async stop(graceMs = 20000) {
			if (exited) return exited;
			try {
				process.kill(proc.pid, 'SIGTERM');
			} catch {
				return exited;
			}
			const t = setTimeout(() => {
				try {
					process.kill(proc.pid, 'SIGKILL');
				} catch {
					/* already gone */
				}
			}, graceMs);
			await exitPromise;
			clearTimeout(t);
			return exited;
		},
	};
	const deadline = Date.now() + readyTimeoutMs;
	while (Date.now() < deadline) {
		if (exited) {
			throw new Error(`n8n exited before it was ready (code ${exited.code}, signal ${exited.signal}). Its output:\n${tail(output, 60)}`);
		}
		// /healthz/readiness answers 200 as soon as the database is migrated, before the REST
		// routes exist and before active workflows are activated: n8n is only usable once it
		// printed "Editor is now accessible via" (the last step of `n8n start`).
		if (output.includes('Editor is now accessible via')) {
			try {
				const res = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (res.status === 200) return handle;
			} catch {
				/* not listening yet */
			}
		}
		await sleep(500);
	}
	await handle.stop();
	throw new Error(`n8n did not become ready on ${url} within ${readyTimeoutMs / 1000} s. Its output:\n${tail(output, 60)}`);
}

function tail(text, lines) {
	return String(text).split('\n').slice(-lines).join('\n');
}

/**
 * Runs an n8n CLI command (import:workflow, execute, ...) against a user folder.
 * Needs its own runner broker port when a server runs on the same folder.
 */
async function n8nCli(args, { userFolder, brokerPort, customExtensions, extraEnv, timeoutMs = 120000 } = {}) {
	const env = n8nEnv({ userFolder, port: 0, brokerPort, customExtensions, extra: extraEnv });
	delete env.N8N_PORT;
	return run(process.execPath, [N8N_BIN, ...args], { cwd: userFolder, env, timeoutMs });
}

/**
 * Parses the output of `n8n execute --rawOutput`: the run JSON starts at the first line that is
 * exactly "{" (info lines precede it). On a failed workflow n8n logs the same JSON after
 * "Execution error:" — this finds it too. Returns the parsed IRun or null.
 */
function parseExecuteOutput(text) {
	const lines = String(text).split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].trim() !== '{') continue;
		// Find the matching closing line: the first later line that is exactly "}" and parses.
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {
				/* keep looking */
			}
		}
	}
	return null;
}

/** `npm run build` in the root (tsc + gulp → dist/). Throws with the build output's tail on failure. */
async function buildPackage({ stream = true } = {}) {
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const res = await run(npm, ['run', 'build', '--silent'], { cwd: ROOT, stream, timeoutMs: 10 * 60 * 1000 });
	if (res.code !== 0) {
		throw new Error(`Building the package failed (npm run build exited ${res.code}).\n${tail(res.stdout + res.stderr, 40)}`);
	}
	for (const f of JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).n8n?.nodes ?? []) {
		if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`The build did not produce ${f} (listed in package.json's "n8n" section).`);
	}
}

/** `npm pack` of the root into destDir. Returns the tarball's absolute path. */
async function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const res = await run(npm, ['pack', '--json', '--pack-destination', destDir], { cwd: ROOT, timeoutMs: 5 * 60 * 1000 });
	if (res.code !== 0) throw new Error(`npm pack failed (exit ${res.code}):\n${tail(res.stdout + res.stderr, 30)}`);
	const start = res.stdout.indexOf('[');
	const info = JSON.parse(res.stdout.slice(start));
	return path.join(destDir, info[0].filename);
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` the way n8n's own community-package
 * installer does (n8n 2.8 CommunityPackagesService.downloadPackage): unpack into
 * nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json, run
 * `npm install` there for runtime dependencies (with n8n's flags), and record the dependency in
 * nodes/package.json. n8n then loads it at start as `<package name>.<node name>`.
 */
async function installPackageIntoUserFolder(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(pkgDir, { recursive: true });
	const untar = await run('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1'], { timeoutMs: 60000 });
	if (untar.code !== 0) throw new Error(`Unpacking ${tarball} failed: ${untar.stderr}`);
	const pkgJsonPath = path.join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8'));
	fs.writeFileSync(pkgJsonPath, JSON.stringify(pkg, null, 2));
	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const res = await run(
			npm,
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: pkgDir, timeoutMs: 5 * 60 * 1000 },
		);
		if (res.code !== 0) throw new Error(`npm install of the package's dependencies failed:\n${tail(res.stdout + res.stderr, 30)}`);
	}
	const nodesPkgPath = path.join(nodesDir, 'package.json');
	const nodesPkg = fs.existsSync(nodesPkgPath)
		? JSON.parse(fs.readFileSync(nodesPkgPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...(nodesPkg.dependencies || {}), [PACKAGE_NAME]: pkg.version };
	fs.writeFileSync(nodesPkgPath, JSON.stringify(nodesPkg, null, 2));
	return { pkgDir, version: pkg.version };
}

/** Minimal cookie-keeping REST client for n8n's internal API (/rest/...). */
class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = '';
	}

	async request(method, pathname, body, { expectStatus } = {}) {
		const headers = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const res = await fetch(`${this.baseUrl}${pathname}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30000),
		});
		const setCookies = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		for (const c of setCookies) {
			const pair = c.split(';')[0];
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		const ok = expectStatus ? [].concat(expectStatus).includes(res.status) : res.ok;
		if (!ok) {
			const err = new Error(`n8n ${method} ${pathname} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
			err.status = res.status;
			err.body = json ?? text;
			throw err;
		}
		// n8n wraps most answers in {data: ...}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** Creates the owner on a fresh database (keeps the cookie). Resolves false if one exists already. */
	async setupOwner(owner = OWNER) {
		try {
			await this.request('POST', '/rest/owner/setup', owner);
			return true;
		} catch (err) {
			if (err.status === 400 && /already/i.test(JSON.stringify(err.body ?? ''))) return false;
			throw err;
		}
	}

	async login(owner = OWNER) {
		return this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	/** Owner setup on a fresh database, login otherwise. */
	async ensureOwnerAndLogin(owner = OWNER) {
		const created = await this.setupOwner(owner);
		if (!created) await this.login(owner);
		return created;
	}

	async listCredentials() {
		return this.request('GET', '/rest/credentials');
	}

	async createCredential({ name, type, data }) {
		return this.request('POST', '/rest/credentials', { name, type, data });
	}

	async updateCredential(id, { name, type, data }) {
		return this.request('PATCH', `/rest/credentials/${id}`, { name, type, data });
	}

	/** Creates the credential, or updates the one of that type and name. Returns {id, name, type}. */
	async upsertCredential({ name, type, data }) {
		const existing = (await this.listCredentials()).find((c) => c.type === type && c.name === name);
		if (existing) {
			await this.updateCredential(existing.id, { name, type, data });
			return existing;
		}
		return this.createCredential({ name, type, data });
	}

	async listWorkflows() {
		return this.request('GET', '/rest/workflows');
	}

	async getWorkflow(id) {
		return this.request('GET', `/rest/workflows/${id}`);
	}

	async createWorkflow(workflow) {
		return this.request('POST', '/rest/workflows', workflow);
	}

	/** Activates (in n8n 2.x: publishes) the workflow's current version. */
	async activateWorkflow(id) {
		const wf = await this.getWorkflow(id);
		return this.request('POST', `/rest/workflows/${id}/activate`, { versionId: wf.versionId });
	}

	async deactivateWorkflow(id) {
		return this.request('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** Executions of a workflow (newest first), as n8n's executions list returns them. */
	async listExecutions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.request('GET', `/rest/executions?filter=${filter}&limit=100`);
		return Array.isArray(data) ? data : data.results;
	}

	async getExecution(id) {
		return this.request('GET', `/rest/executions/${id}`);
	}

	async nodeTypeNames() {
		const types = await this.request('GET', '/types/nodes.json');
		return types.map((t) => t.name);
	}
}

module.exports = {
	ROOT,
	E2E_DIR,
	N8N_VERSION,
	N8N_BIN,
	PACKAGE_NAME,
	OWNER,
	sleep,
	run,
	tail,
	isN8nInstalled,
	ensureN8nInstalled,
	installFingerprint,
	isPortFree,
	findFreePort,
	n8nEnv,
	startN8n,
	n8nCli,
	parseExecuteOutput,
	buildPackage,
	packPackage,
	installPackageIntoUserFolder,
	N8nRest,
};
