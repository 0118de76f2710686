/**
 * Builds the package privately for the benchmarks: `tsc -p tsconfig.json` into bench/.build/pkg/dist
 * plus the files gulp's build:icons copies, and a package.json whose "n8n" section points at it.
 * dist/ (what `npm run build`, `npm start` and the e2e tests use) is left alone, so a benchmark run
 * never races another build or measures a stale one.
 */
import fs from 'node:fs';
import path from 'node:path';

import { ROOT, run } from '../../tooling/n8n';
import { PKG_DIR } from './paths';

const DIST = path.join(PKG_DIR, 'dist');

export interface BenchBuild {
	pkgDir: string;
	dist: string;
	seconds: number;
	warnings: string[];
	name: string;
	version: string;
}

function copyAssets(from: string, to: string): void {
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const src = path.join(from, entry.name);
		const dst = path.join(to, entry.name);
		if (entry.isDirectory()) copyAssets(src, dst);
		else if (/\.(svg|png)$/.test(entry.name) || entry.name.endsWith('.node.json')) {
			fs.mkdirSync(to, { recursive: true });
			fs.copyFileSync(src, dst);
		}
	}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Throws when nothing usable was emitted; type errors alone are a warning (tsc emits anyway). */
export async function buildPackage(): Promise<BenchBuild> {
	const t0 = Date.now();
	fs.rmSync(PKG_DIR, { recursive: true, force: true });
	fs.mkdirSync(PKG_DIR, { recursive: true });
	const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const res = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', DIST], { cwd: ROOT, timeoutMs: 180000 });
	const warnings: string[] = [];
	const pkg: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	if (!isRecord(pkg)) throw new Error('package.json is not an object');
	const n8n = isRecord(pkg.n8n) ? pkg.n8n : {};
	const listed = [...strings(n8n.nodes), ...strings(n8n.credentials)];
	const missing = listed.filter((f) => !fs.existsSync(path.join(PKG_DIR, f)));
	if (res.code !== 0) {
		// Another engineer may be mid-edit: go on if every listed file was emitted.
		warnings.push(`tsc exited ${res.code} (type errors; output emitted anyway):\n${(res.stdout + res.stderr).split('\n').slice(0, 15).join('\n')}`);
	}
	if (missing.length > 0) {
		throw new Error(`The benchmark build did not produce ${missing.join(', ')}.\n${res.stdout}${res.stderr}`);
	}
	copyAssets(path.join(ROOT, 'nodes'), path.join(DIST, 'nodes'));
	copyAssets(path.join(ROOT, 'credentials'), path.join(DIST, 'credentials'));
	fs.copyFileSync(path.join(ROOT, 'index.js'), path.join(DIST, 'index.js'));
	// What n8n's community-package installer keeps: no dev/peer/optional dependencies, no scripts.
	const { devDependencies, peerDependencies, optionalDependencies, scripts, ...published } = pkg;
	fs.writeFileSync(path.join(PKG_DIR, 'package.json'), JSON.stringify(published, null, 2));
	return {
		pkgDir: PKG_DIR,
		dist: DIST,
		seconds: (Date.now() - t0) / 1000,
		warnings,
		name: String(pkg.name),
		version: String(pkg.version),
	};
}
