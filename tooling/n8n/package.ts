/**
 * The package as n8n sees it: built (`npm run build`), packed (`npm pack`), and installed into an
 * n8n user folder the way n8n installs community packages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { NPM, PACKAGE_NAME, ROOT } from './paths';
import { run, tail } from './process';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function readJsonObject(file: string): Record<string, unknown> {
	const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (!isRecord(value)) throw new Error(`${file} does not hold a JSON object`);
	return value;
}

/** `npm run build` in the root (tsc + gulp → dist/). Throws with the build output's tail on failure. */
export async function buildPackage({ stream = true }: { stream?: boolean } = {}): Promise<void> {
	const res = await run(NPM, ['run', 'build', '--silent'], { cwd: ROOT, stream, timeoutMs: 10 * 60 * 1000 });
	if (res.code !== 0) {
		throw new Error(`Building the package failed (npm run build exited ${res.code}).\n${tail(res.stdout + res.stderr, 40)}`);
	}
	const n8n = readJsonObject(path.join(ROOT, 'package.json')).n8n;
	for (const f of strings(isRecord(n8n) ? n8n.nodes : undefined)) {
		if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`The build did not produce ${f} (listed in package.json's "n8n" section).`);
	}
}

/** `npm pack` of the root into destDir. Returns the tarball's absolute path. */
export async function packPackage(destDir: string): Promise<string> {
	fs.mkdirSync(destDir, { recursive: true });
	const res = await run(NPM, ['pack', '--json', '--pack-destination', destDir], { cwd: ROOT, timeoutMs: 5 * 60 * 1000 });
	if (res.code !== 0) throw new Error(`npm pack failed (exit ${res.code}):\n${tail(res.stdout + res.stderr, 30)}`);
	const info: unknown = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
	const first: unknown = Array.isArray(info) ? info[0] : undefined;
	if (!isRecord(first) || typeof first.filename !== 'string') throw new Error(`npm pack printed no file name:\n${tail(res.stdout, 30)}`);
	return path.join(destDir, first.filename);
}

function copyDir(from: string, to: string): void {
	fs.mkdirSync(to, { recursive: true });
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const src = path.join(from, entry.name);
		const dst = path.join(to, entry.name);
		if (entry.isDirectory()) copyDir(src, dst);
		else fs.copyFileSync(src, dst);
	}
}

/**
 * Installs the package into `<userFolder>/.n8n/nodes` the way n8n's own community-package
 * installer does (n8n 2.8 CommunityPackagesService.downloadPackage): unpack into
 * nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json, run
 * `npm install` there for runtime dependencies (with n8n's flags), and record the dependency in
 * nodes/package.json. n8n then loads it at start as `<package name>.<node name>`.
 * `source`: a tarball (`npm pack`), or an unpacked package directory (copied; the benchmark's
 * private build).
 */
export async function installPackageIntoUserFolder(userFolder: string, source: string): Promise<{ pkgDir: string; version: string }> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(pkgDir, { recursive: true });
	if (fs.statSync(source).isDirectory()) {
		copyDir(source, pkgDir);
	} else {
		const untar = await run('tar', ['-xzf', source, '-C', pkgDir, '--strip-components=1'], { timeoutMs: 60000 });
		if (untar.code !== 0) throw new Error(`Unpacking ${source} failed: ${untar.stderr}`);
	}
	const pkgJsonPath = path.join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = readJsonObject(pkgJsonPath);
	fs.writeFileSync(pkgJsonPath, JSON.stringify(pkg, null, 2));
	const version = String(pkg.version);
	if (isRecord(pkg.dependencies) && Object.keys(pkg.dependencies).length > 0) {
		const res = await run(
			NPM,
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: pkgDir, timeoutMs: 5 * 60 * 1000 },
		);
		if (res.code !== 0) throw new Error(`npm install of the package's dependencies failed:\n${tail(res.stdout + res.stderr, 30)}`);
	}
	const nodesPkgPath = path.join(nodesDir, 'package.json');
	const nodesPkg = fs.existsSync(nodesPkgPath) ? readJsonObject(nodesPkgPath) : { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...(isRecord(nodesPkg.dependencies) ? nodesPkg.dependencies : {}), [PACKAGE_NAME]: version };
	fs.writeFileSync(nodesPkgPath, JSON.stringify(nodesPkg, null, 2));
	return { pkgDir, version };
}

const userFolders: string[] = [];

/**
 * A fresh n8n user folder (outside the repository, so module resolution is n8n's own) with the
 * package installed from `source` (tarball or package directory). Remembered for removeUserFolders().
 */
export async function makeUserFolder(label: string, source: string): Promise<string> {
	if (!source || !fs.existsSync(source)) throw new Error(`Cannot install the package into a user folder: ${source || '(no source)'} does not exist.`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-${label}-`));
	userFolders.push(dir);
	await installPackageIntoUserFolder(dir, source);
	return dir;
}

/** Deletes every folder makeUserFolder() made (`keep`: only forget them). Returns them. */
export function removeUserFolders({ keep = false }: { keep?: boolean } = {}): string[] {
	const dirs = userFolders.splice(0);
	if (!keep) for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
	return dirs;
}
