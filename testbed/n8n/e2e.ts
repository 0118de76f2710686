/**
 * The glue of the real-n8n suites (testbed/e2e/, browser/, queue/): their jest globalSetup
 * (testbed/jest/e2e-global-setup.ts) builds and packs the three packages once and hands the tarballs
 * to the test files through the environment; each test file installs them into its own user folders.
 */
import fs from 'node:fs';
import path from 'node:path';

import { makeUserFolder, removeUserFolders } from './package';

export const E2E_ENV = Object.freeze({
	/** the packed packages, joined by the path delimiter (set by globalSetup) */
	tarballs: 'E2E_PACKAGE_TARBALLS',
	/** the folder globalSetup packed into, removed by globalTeardown */
	packDir: 'E2E_PACK_DIR',
	/** '1': globalSetup uses the dist/ that is there */
	skipBuild: 'E2E_SKIP_BUILD',
	/** '1': keep the tests' n8n user folders (to look into them) */
	keepFolders: 'E2E_KEEP_FOLDERS',
});

/** The tarballs globalSetup packed; throws when the tests were not started through testbed/jest/e2e.config.js. */
export function e2ePackageTarballs(): string[] {
	const tarballs = (process.env[E2E_ENV.tarballs] ?? '').split(path.delimiter).filter(Boolean);
	if (tarballs.length === 0 || !tarballs.every((t) => fs.existsSync(t))) {
		throw new Error(
			`${E2E_ENV.tarballs} is not set: run the e2e tests with \`npm run test:e2e\` (jest -c testbed/jest/e2e.config.js).`,
		);
	}
	return tarballs;
}

/** A fresh n8n user folder with the packed packages installed (and `extra` ones, e.g. another vendor's). Deleted by removeE2eUserFolders(). */
export function makeE2eUserFolder(label: string, extra: readonly string[] = []): Promise<string> {
	return makeUserFolder(`e2e-${label}`, [...e2ePackageTarballs(), ...extra]);
}

/** Deletes the user folders of this test file, unless E2E_KEEP_FOLDERS=1. */
export function removeE2eUserFolders(): void {
	removeUserFolders({ keep: process.env[E2E_ENV.keepFolders] === '1' });
}
