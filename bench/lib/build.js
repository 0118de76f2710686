'use strict';
/**
 * Builds the package privately for the benchmarks: `tsc -p tsconfig.json` into bench/.build/pkg/dist
 * plus the files gulp's build:icons copies, and a package.json whose "n8n" section points at it.
 * dist/ (what `npm run build`, `npm start` and the e2e tests use) is left alone, so a benchmark run
 * never races another build or measures a stale one.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..');
const BUILD_DIR = path.join(ROOT, 'bench', '.build');
const PKG_DIR = path.join(BUILD_DIR, 'pkg');
const DIST = path.join(PKG_DIR, 'dist');

function copyAssets(from, to) {
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

/** Returns { pkgDir, dist, seconds, warnings }. Throws when nothing usable was emitted. */
async function buildPackage() {
	const t0 = Date.now();
	fs.rmSync(PKG_DIR, { recursive: true, force: true });
	fs.mkdirSync(PKG_DIR, { recursive: true });
	const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const res = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', DIST], { cwd: ROOT, timeoutMs: 180000 });
	const warnings = [];
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const listed = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = listed.filter((f) => !fs.existsSync(path.join(PKG_DIR, f)));
	if (res.code !== 0) {
		// tsc still emits on type errors; another engineer may be mid-edit. Go on if every listed file exists.
		warnings.push(`tsc exited ${res.code} (type errors; output emitted anyway):\n${(res.stdout + res.stderr).split('\n').slice(0, 15).join('\n')}`);
	}
	if (missing.length > 0) {
		throw new Error(`The benchmark build did not produce ${missing.join(', ')}.\n${res.stdout}${res.stderr}`);
	}
	copyAssets(path.join(ROOT, 'nodes'), path.join(DIST, 'nodes'));
	copyAssets(path.join(ROOT, 'credentials'), path.join(DIST, 'credentials'));
	fs.copyFileSync(path.join(ROOT, 'index.js'), path.join(DIST, 'index.js'));
	// What n8n's community-package installer keeps: no dev/peer/optional dependencies.
	// eslint-disable-next-line no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, scripts, ...published } = pkg;
	fs.writeFileSync(path.join(PKG_DIR, 'package.json'), JSON.stringify(published, null, 2));
	return { pkgDir: PKG_DIR, dist: DIST, seconds: (Date.now() - t0) / 1000, warnings, version: pkg.version, name: pkg.name };
}

module.exports = { ROOT, BUILD_DIR, PKG_DIR, DIST, buildPackage };
