/**
 * The glue of the e2e suite (test/e2e/, `npm run test:e2e`): its jest globalSetup
 * (tooling/jest/e2e-global-setup.ts) builds and packs the package once and hands the tarball to
 * the test files through the environment; each test file installs it into its own user folders.
 */
import fs from 'node:fs';

import { makeUserFolder, removeUserFolders } from './package';

export const E2E_ENV = Object.freeze({
	/** the packed package (set by globalSetup) */
	tarball: 'E2E_PACKAGE_TARBALL',
	/** the folder globalSetup packed into, removed by globalTeardown */
	packDir: 'E2E_PACK_DIR',
	/** '1': globalSetup uses the dist/ that is there */
	skipBuild: 'E2E_SKIP_BUILD',
	/** '1': keep the tests' n8n user folders (to look into them) */
	keepFolders: 'E2E_KEEP_FOLDERS',
});

/** The tarball globalSetup packed; throws when the tests were not started through jest.e2e.config.js. */
export function e2ePackageTarball(): string {
	const tarball = process.env[E2E_ENV.tarball];
	if (!tarball || !fs.existsSync(tarball)) {
		throw new Error(`${E2E_ENV.tarball} is not set: run the e2e tests with \`npm run test:e2e\` (jest -c jest.e2e.config.js).`);
	}
	return tarball;
}

/** A fresh n8n user folder with the packed package installed. Deleted by removeE2eUserFolders(). */
export function makeE2eUserFolder(label: string): Promise<string> {
	return makeUserFolder(`e2e-${label}`, e2ePackageTarball());
}

/** Deletes the user folders of this test file, unless E2E_KEEP_FOLDERS=1. */
export function removeE2eUserFolders(): void {
	removeUserFolders({ keep: process.env[E2E_ENV.keepFolders] === '1' });
}
