/**
 * The packages as n8n sees them: built (`npm run build`: `n8n-node build` in each package's folder),
 * packed (`npm pack`, one tarball each), and installed into an n8n user folder the way n8n installs
 * community packages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { NPM, PACKAGE_DIRS, ROOT } from './paths';
import { run, tail } from './process';
import { isPlainObject, n8nSectionFiles } from '../guards';

function readJsonObject(file: string): Record<string, unknown> {
	const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (!isPlainObject(value)) throw new Error(`${file} does not hold a JSON object`);
	return value;
}

/** `npm run build` in the root (`n8n-node build` in every package). Throws with the build output's tail on failure. */
export async function buildPackages({ stream = true }: { stream?: boolean } = {}): Promise<void> {
	const res = await run(NPM, ['run', 'build', '--silent'], {
		cwd: ROOT,
		stream,
		timeoutMs: 10 * 60 * 1000,
	});
	if (res.code !== 0) {
		throw new Error(
			`Building the packages failed (npm run build exited ${res.code}).\n${tail(res.stdout + res.stderr, 40)}`,
		);
	}
	for (const dir of PACKAGE_DIRS) {
		const { nodes, credentials } = n8nSectionFiles(readJsonObject(path.join(dir, 'package.json')));
		for (const f of [...nodes, ...credentials]) {
			if (!fs.existsSync(path.join(dir, f)))
				throw new Error(
					`The build did not produce ${path.relative(ROOT, path.join(dir, f))} (listed in its package.json's "n8n" section).`,
				);
		}
	}
}

/** `npm pack` of one package folder into destDir. Returns the tarball's absolute path. */
export async function packPackage(packageDir: string, destDir: string): Promise<string> {
	fs.mkdirSync(destDir, { recursive: true });
	const res = await run(NPM, ['pack', '--json', '--pack-destination', destDir], {
		cwd: packageDir,
		timeoutMs: 5 * 60 * 1000,
	});
	if (res.code !== 0)
		throw new Error(
			`npm pack of ${path.basename(packageDir)} failed (exit ${res.code}):\n${tail(res.stdout + res.stderr, 30)}`,
		);
	const info: unknown = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
	const first: unknown = Array.isArray(info) ? info[0] : undefined;
	if (!isPlainObject(first) || typeof first.filename !== 'string')
		throw new Error(`npm pack printed no file name:\n${tail(res.stdout, 30)}`);
	return path.join(destDir, first.filename);
}

/** Every product package packed into destDir, as npm would publish them. Returns the tarballs. */
export async function packPackages(destDir: string): Promise<string[]> {
	const tarballs: string[] = [];
	for (const dir of PACKAGE_DIRS) tarballs.push(await packPackage(dir, destDir));
	return tarballs;
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
 * Installs a package into `<userFolder>/.n8n/nodes` the way n8n's own community-package
 * installer does (n8n 2.8 CommunityPackagesService.downloadPackage): unpack into
 * nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json, run
 * `npm install` there for runtime dependencies (with n8n's flags), and record the dependency in
 * nodes/package.json. n8n then loads it at start as `<package name>.<node name>`.
 * `source`: a tarball (`npm pack`), or an unpacked package directory (copied; the benchmark's
 * private build).
 */
export async function installPackageIntoUserFolder(
	userFolder: string,
	source: string,
): Promise<{ pkgDir: string; name: string; version: string }> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	// Unpacked beside its destination first: the name inside decides where it goes.
	fs.mkdirSync(nodesDir, { recursive: true });
	const staging = fs.mkdtempSync(path.join(nodesDir, '.unpack-'));
	if (fs.statSync(source).isDirectory()) {
		copyDir(source, staging);
	} else {
		const untar = await run('tar', ['-xzf', source, '-C', staging, '--strip-components=1'], {
			timeoutMs: 60000,
		});
		if (untar.code !== 0) throw new Error(`Unpacking ${source} failed: ${untar.stderr}`);
	}
	const name = String(readJsonObject(path.join(staging, 'package.json')).name);
	const pkgDir = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(pkgDir), { recursive: true });
	fs.renameSync(staging, pkgDir);
	const pkgJsonPath = path.join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } =
		readJsonObject(pkgJsonPath);
	fs.writeFileSync(pkgJsonPath, JSON.stringify(pkg, null, 2));
	const version = String(pkg.version);
	if (isPlainObject(pkg.dependencies) && Object.keys(pkg.dependencies).length > 0) {
		const res = await run(
			NPM,
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: pkgDir, timeoutMs: 5 * 60 * 1000 },
		);
		if (res.code !== 0)
			throw new Error(
				`npm install of the package's dependencies failed:\n${tail(res.stdout + res.stderr, 30)}`,
			);
	}
	const nodesPkgPath = path.join(nodesDir, 'package.json');
	const nodesPkg = fs.existsSync(nodesPkgPath)
		? readJsonObject(nodesPkgPath)
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = {
		...(isPlainObject(nodesPkg.dependencies) ? nodesPkg.dependencies : {}),
		[name]: version,
	};
	fs.writeFileSync(nodesPkgPath, JSON.stringify(nodesPkg, null, 2));
	return { pkgDir, name, version };
}

const userFolders: string[] = [];

/**
 * A fresh n8n user folder (outside the repository, so module resolution is n8n's own) with the
 * packages installed from `sources` (tarballs or package directories). Remembered for removeUserFolders().
 */
export async function makeUserFolder(label: string, sources: readonly string[]): Promise<string> {
	const missing = sources.filter((source) => !source || !fs.existsSync(source));
	if (sources.length === 0 || missing.length > 0)
		throw new Error(
			`Cannot install the packages into a user folder: ${missing.join(', ') || '(none given)'} does not exist.`,
		);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-${label}-`));
	userFolders.push(dir);
	fs.mkdirSync(path.join(dir, '.n8n', 'nodes'), { recursive: true });
	for (const source of sources) await installPackageIntoUserFolder(dir, source);
	return dir;
}

/** Deletes every folder makeUserFolder() made (`keep`: only forget them). Returns them. */
export function removeUserFolders({ keep = false }: { keep?: boolean } = {}): string[] {
	const dirs = userFolders.splice(0);
	if (!keep) for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
	return dirs;
}
