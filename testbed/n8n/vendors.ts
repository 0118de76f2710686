/**
 * Other vendors' community packages, installed next to ours to show they coexist in one n8n.
 * Pinned in testbed/vendors/package.json; the lockfile beside it (`npm install --package-lock-only`
 * there) fixes each one's integrity. Nothing is installed in testbed/vendors/: packVendorPackage()
 * fetches the locked version from the registry as a tarball (`npm pack <name>@<version>`), checks
 * it against the lockfile and keeps it in a cache, and the tests install it into a user folder the
 * way n8n installs community packages (installPackageIntoUserFolder()).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { NPM, TESTBED } from './paths';
import { run, tail } from './process';

export const VENDORS_DIR = path.join(TESTBED, 'vendors');
/** HeyGen's own n8n package: credential types heyGenApi and heyGenOAuth2Api. */
export const OFFICIAL_HEYGEN_PACKAGE = '@heygenofficial/n8n-nodes-heygen-official';
/** Where packVendorPackage() keeps the tarballs it fetched (checked again on every use). */
export const VENDOR_CACHE_DIR = path.join(os.tmpdir(), 'n8n-testbed-vendors');

export interface LockedPackage {
	name: string;
	version: string;
	/** sha512-<base64>, as npm writes it */
	integrity: string;
}

/** A vendor package as testbed/vendors/package.json pins it and its lockfile locks it. */
export function lockedVendorPackage(name: string): LockedPackage {
	const read = (file: string) => JSON.parse(fs.readFileSync(path.join(VENDORS_DIR, file), 'utf8'));
	const pinned: unknown = read('package.json').dependencies?.[name];
	const locked: { version?: unknown; integrity?: unknown } | undefined =
		read('package-lock.json').packages?.[`node_modules/${name}`];
	if (typeof pinned !== 'string' || !/^\d+\.\d+\.\d+$/.test(pinned))
		throw new Error(`testbed/vendors/package.json does not pin ${name} to an exact version.`);
	if (locked?.version !== pinned || typeof locked.integrity !== 'string')
		throw new Error(
			`testbed/vendors/package-lock.json does not lock ${name}@${pinned}: run \`npm install --package-lock-only\` in testbed/vendors.`,
		);
	return { name, version: pinned, integrity: locked.integrity };
}

const sha512 = (file: string) =>
	`sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;

/**
 * The tarball of a pinned vendor package: from the cache when its integrity matches the lockfile,
 * otherwise `npm pack <name>@<version>` from the registry (then checked the same way). Returns its path.
 */
export async function packVendorPackage(
	name: string,
	cacheDir = VENDOR_CACHE_DIR,
): Promise<string> {
	const pkg = lockedVendorPackage(name);
	const cached = path.join(
		cacheDir,
		`${name.replace(/^@/, '').replace(/\//g, '-')}-${pkg.version}.tgz`,
	);
	if (fs.existsSync(cached) && sha512(cached) === pkg.integrity) return cached;
	fs.mkdirSync(cacheDir, { recursive: true });
	const staging = fs.mkdtempSync(path.join(cacheDir, '.pack-'));
	try {
		const res = await run(
			NPM,
			['pack', '--json', '--pack-destination', staging, `${name}@${pkg.version}`],
			{ cwd: VENDORS_DIR, timeoutMs: 5 * 60 * 1000 },
		);
		const files = fs.readdirSync(staging).filter((f) => f.endsWith('.tgz'));
		if (res.code !== 0 || files.length !== 1)
			throw new Error(
				`npm pack ${name}@${pkg.version} failed (exit ${res.code}):\n${tail(res.stdout + res.stderr, 30)}`,
			);
		const fetched = path.join(staging, files[0]);
		const integrity = sha512(fetched);
		if (integrity !== pkg.integrity)
			throw new Error(
				`${name}@${pkg.version} from the registry has integrity ${integrity}, the lockfile says ${pkg.integrity}.`,
			);
		fs.renameSync(fetched, cached);
		return cached;
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}
