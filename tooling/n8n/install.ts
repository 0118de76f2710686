/**
 * The one-time install of the pinned real n8n (n8n-installs/<version>/package.json + lockfile)
 * with `npm ci`, skipped when node_modules already holds it: a stamp records the lockfile it came
 * from, so a changed pin reinstalls.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { INSTALL_STAMP, N8N_BIN, N8N_INSTALL_DIR, N8N_PKG_DIR, N8N_VERSION, NPM, ROOT } from './paths';
import { run, tail, type RunResult } from './process';

/** The install folder as printed to people ("n8n-installs/2.8.4/"). */
export const N8N_INSTALL_LABEL = `${path.relative(ROOT, N8N_INSTALL_DIR) || '.'}/`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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
		if (!isRecord(pkg) || pkg.version !== N8N_VERSION) return false;
		const stamp = readJson(INSTALL_STAMP);
		return isRecord(stamp) && stamp.fingerprint === installFingerprint();
	} catch {
		return false;
	}
}

export interface EnsureInstalledOptions {
	log?: (msg: string) => void;
	/** show npm's output (default true) */
	stream?: boolean;
}

/**
 * Installs the pinned n8n with `npm ci` unless it is already there.
 * Returns {installed, seconds}. Throws with a readable message on failure.
 */
export async function ensureN8nInstalled({ log = console.log, stream = true }: EnsureInstalledOptions = {}): Promise<{ installed: boolean; seconds: number }> {
	if (isN8nInstalled()) return { installed: false, seconds: 0 };
	if (!fs.existsSync(path.join(N8N_INSTALL_DIR, 'package-lock.json'))) {
		throw new Error(`${N8N_INSTALL_LABEL}package-lock.json is missing: cannot install the pinned n8n ${N8N_VERSION} reproducibly.`);
	}
	log(`Installing n8n ${N8N_VERSION} into ${N8N_INSTALL_LABEL} with npm ci (one time: 4-10 minutes, 2.3 GB; later runs reuse it)...`);
	const started = Date.now();
	// npm is silent for minutes (sqlite3 builds from source): show that it is still working.
	const heartbeat = setInterval(() => log(`  ... still installing n8n (${Math.round((Date.now() - started) / 60000)} min)`), 60000);
	let res: RunResult;
	try {
		res = await run(NPM, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: N8N_INSTALL_DIR,
			stream,
			timeoutMs: 30 * 60 * 1000,
		});
	} finally {
		clearInterval(heartbeat);
	}
	if (res.code !== 0) {
		throw new Error(
			`Installing n8n ${N8N_VERSION} in ${N8N_INSTALL_LABEL} failed (npm ci exited ${res.code}).\n${tail(res.stderr || res.stdout, 25)}\n` +
				'Check that the npm registry is reachable and that there is ~3 GB free disk, then run the command again.',
		);
	}
	// Prove it starts: the version flag loads the binary without touching any user folder.
	const check = await run(process.execPath, [N8N_BIN, '--version'], { cwd: N8N_INSTALL_DIR, timeoutMs: 60 * 1000 });
	if (check.code !== 0 || !check.stdout.includes(N8N_VERSION)) {
		throw new Error(`n8n was installed but \`n8n --version\` did not report ${N8N_VERSION}:\n${check.stdout}${check.stderr}`);
	}
	fs.writeFileSync(INSTALL_STAMP, JSON.stringify({ fingerprint: installFingerprint(), at: new Date().toISOString() }));
	const seconds = Math.round((Date.now() - started) / 1000);
	log(`n8n ${N8N_VERSION} installed in ${seconds} s.`);
	return { installed: true, seconds };
}
