/**
 * The one-time install of the real n8n under test (n8n-installs/<version>/package.json + lockfile)
 * with `npm ci`, skipped when node_modules already holds it: a stamp records the lockfile it came
 * from, so a changed pin reinstalls. An install whose manifest names its own Node.js gets that
 * Node.js first (npm's `node` package, n8n-installs/node-<version>/), and n8n is then installed
 * as a user of that Node.js would: its install scripts run on it and native modules build
 * against its headers.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {
	INSTALL_STAMP,
	N8N_BIN,
	N8N_INSTALL_DIR,
	N8N_MANIFEST,
	N8N_NODE,
	N8N_PKG_DIR,
	N8N_VERSION,
	NODE_RUNTIME_DIR,
	NPM,
	ROOT,
	runtimeEnv,
} from './paths';
import { run, tail } from './process';
import { isPlainObject } from '../guards';

/** The install folder as printed to people ("n8n-installs/2.8.4/"). */
export const N8N_INSTALL_LABEL = `${path.relative(ROOT, N8N_INSTALL_DIR) || '.'}/`;

function readJson(file: string): unknown {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Hash of what decides the install (package.json + lockfile), so a changed pin reinstalls. */
export function installFingerprint(): string {
	const h = crypto.createHash('sha256');
	for (const f of ['package.json', 'package-lock.json']) {
		const p = path.join(N8N_INSTALL_DIR, f);
		h.update(fs.existsSync(p) ? fs.readFileSync(p) : '');
	}
	return h.digest('hex');
}

/** True when the install folder's node_modules holds the pinned n8n installed from the current lockfile. */
export function isN8nInstalled(): boolean {
	try {
		const pkg = readJson(path.join(N8N_PKG_DIR, 'package.json'));
		if (!isPlainObject(pkg) || pkg.version !== N8N_VERSION) return false;
		const stamp = readJson(INSTALL_STAMP);
		return isPlainObject(stamp) && stamp.fingerprint === installFingerprint();
	} catch {
		return false;
	}
}

/** Installs n8n-installs/node-<version>/ with `npm ci` unless its binary already reports that version. */
async function ensureNodeRuntime(log: (msg: string) => void, stream: boolean): Promise<void> {
	if (!NODE_RUNTIME_DIR || !N8N_MANIFEST.nodeVersion) return;
	const want = `v${N8N_MANIFEST.nodeVersion}`;
	const probe = fs.existsSync(N8N_NODE)
		? await run(N8N_NODE, ['--version'], { timeoutMs: 30000 })
		: undefined;
	if (probe?.code === 0 && probe.stdout.trim() === want) return;
	log(
		`Installing Node.js ${N8N_MANIFEST.nodeVersion} for n8n ${N8N_VERSION} from the npm registry into ${path.relative(ROOT, NODE_RUNTIME_DIR)}/ ...`,
	);
	const res = await run(NPM, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: NODE_RUNTIME_DIR,
		stream,
		timeoutMs: 10 * 60 * 1000,
	});
	const check =
		res.code === 0 ? await run(N8N_NODE, ['--version'], { timeoutMs: 30000 }) : undefined;
	if (check?.stdout.trim() !== want) {
		throw new Error(
			`Installing Node.js ${N8N_MANIFEST.nodeVersion} in ${NODE_RUNTIME_DIR} failed (npm ci exited ${res.code}).\n${tail(res.stderr || res.stdout, 25)}`,
		);
	}
}

/** Native modules n8n cannot start without (sqlite3: the database; isolated-vm: expressions in newer n8n). */
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

export interface EnsureInstalledOptions {
	log?: (msg: string) => void;
	/** show npm's output (default true) */
	stream?: boolean;
}

/**
 * Installs the n8n under test with `npm ci` unless it is already there.
 * Returns {installed, seconds}. Throws with a readable message on failure.
 */
export async function ensureN8nInstalled({
	log = console.log,
	stream = true,
}: EnsureInstalledOptions = {}): Promise<{ installed: boolean; seconds: number }> {
	if (isN8nInstalled()) return { installed: false, seconds: 0 };
	await ensureNodeRuntime(log, stream);
	if (!fs.existsSync(path.join(N8N_INSTALL_DIR, 'package-lock.json'))) {
		throw new Error(
			`${N8N_INSTALL_LABEL}package-lock.json is missing: cannot install the pinned n8n ${N8N_VERSION} reproducibly.`,
		);
	}
	log(
		`Installing n8n ${N8N_VERSION} into ${N8N_INSTALL_LABEL} with npm ci (one time: 4-10 minutes, 2.3 GB; later runs reuse it)...`,
	);
	const started = Date.now();
	// npm is silent for minutes (sqlite3 builds from source): show that it is still working.
	const heartbeat = setInterval(
		() => log(`  ... still installing n8n (${Math.round((Date.now() - started) / 60000)} min)`),
		60000,
	);
	const npm = async (args: string[], what: string): Promise<void> => {
		const res = await run(NPM, [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: N8N_INSTALL_DIR,
			env: runtimeEnv(),
			stream,
			timeoutMs: 30 * 60 * 1000,
		});
		if (res.code !== 0) {
			throw new Error(
				`Installing n8n ${N8N_VERSION} in ${N8N_INSTALL_LABEL} failed (${what} exited ${res.code}).\n${tail(res.stderr || res.stdout, 25)}\n` +
					'Check that the npm registry is reachable and that there is ~3 GB free disk, then run the command again.',
			);
		}
	};
	try {
		if (NODE_RUNTIME_DIR) {
			// On its own Node.js, only the native modules n8n needs are built: the other install
			// scripts of newer n8n trees download prebuilt binaries from GitHub (e.g. @confluentinc/
			// kafka-javascript), which the registry-only network of CI cannot reach.
			await npm(['ci', '--ignore-scripts'], 'npm ci --ignore-scripts');
			const native = NATIVE_MODULES.filter((name) =>
				fs.existsSync(path.join(N8N_INSTALL_DIR, 'node_modules', name)),
			);
			await npm(['rebuild', ...native], `npm rebuild ${native.join(' ')}`);
		} else {
			await npm(['ci'], 'npm ci');
		}
	} finally {
		clearInterval(heartbeat);
	}
	// Prove it starts: the version flag loads the binary without touching any user folder.
	const check = await run(N8N_NODE, [N8N_BIN, '--version'], {
		cwd: N8N_INSTALL_DIR,
		timeoutMs: 60 * 1000,
	});
	if (check.code !== 0 || !check.stdout.includes(N8N_VERSION)) {
		throw new Error(
			`n8n was installed but \`n8n --version\` did not report ${N8N_VERSION}:\n${check.stdout}${check.stderr}`,
		);
	}
	fs.writeFileSync(
		INSTALL_STAMP,
		JSON.stringify({ fingerprint: installFingerprint(), at: new Date().toISOString() }),
	);
	const seconds = Math.round((Date.now() - started) / 1000);
	log(`n8n ${N8N_VERSION} installed in ${seconds} s.`);
	return { installed: true, seconds };
}
