/**
 * Builds the packages privately for the benchmarks: each package's `tsc -p <package>/tsconfig.json`
 * into bench/.build/<package>/dist plus the icons `n8n-node build` copies, and a package.json as
 * n8n's installer keeps it. The packages' own dist/ (what `npm run build`, `npm start` and the e2e
 * tests use) is left alone, so a benchmark run never races another build or measures a stale one.
 */
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_DIRS, ROOT, run } from '../../n8n';
import { BUILD_DIR, packageBuildDir } from './paths';
import { isPlainObject, n8nSectionFiles } from '../../guards';

export interface BenchBuild {
	/** every package's build folder (package.json + dist/), as n8n installs it */
	pkgDirs: string[];
	seconds: number;
	warnings: string[];
}

function copyIcons(from: string, to: string): void {
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const src = path.join(from, entry.name);
		const dst = path.join(to, entry.name);
		if (entry.isDirectory()) copyIcons(src, dst);
		else if (/\.(svg|png)$/.test(entry.name)) {
			fs.mkdirSync(to, { recursive: true });
			fs.copyFileSync(src, dst);
		}
	}
}

/** One package. Throws when nothing usable was emitted; type errors alone are a warning (tsc emits anyway). */
async function buildOne(sourceDir: string, warnings: string[]): Promise<string> {
	const pkg: unknown = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8'));
	if (!isPlainObject(pkg))
		throw new Error(`${path.relative(ROOT, sourceDir)}/package.json is not an object`);
	const outDir = packageBuildDir(String(pkg.name));
	const dist = path.join(outDir, 'dist');
	const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const res = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', dist], {
		cwd: sourceDir,
		timeoutMs: 180000,
	});
	const { nodes, credentials } = n8nSectionFiles(pkg);
	const missing = [...nodes, ...credentials].filter((f) => !fs.existsSync(path.join(outDir, f)));
	if (res.code !== 0) {
		// Another engineer may be mid-edit: go on if every listed file was emitted.
		warnings.push(
			`tsc exited ${res.code} in ${pkg.name} (type errors; output emitted anyway):\n${(res.stdout + res.stderr).split('\n').slice(0, 15).join('\n')}`,
		);
	}
	if (missing.length > 0)
		throw new Error(
			`The benchmark build of ${pkg.name} did not produce ${missing.join(', ')}.\n${res.stdout}${res.stderr}`,
		);
	for (const folder of ['nodes', 'credentials'])
		if (fs.existsSync(path.join(sourceDir, folder)))
			copyIcons(path.join(sourceDir, folder), path.join(dist, folder));
	// What n8n's community-package installer keeps: no dev/peer/optional dependencies, no scripts.
	const { devDependencies, peerDependencies, optionalDependencies, scripts, ...published } = pkg;
	fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(published, null, 2));
	return outDir;
}

export async function buildPackages(): Promise<BenchBuild> {
	const t0 = Date.now();
	fs.rmSync(BUILD_DIR, { recursive: true, force: true });
	const warnings: string[] = [];
	const pkgDirs: string[] = [];
	for (const dir of PACKAGE_DIRS) pkgDirs.push(await buildOne(dir, warnings));
	return { pkgDirs, seconds: (Date.now() - t0) / 1000, warnings };
}
