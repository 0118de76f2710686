/**
 * Once per e2e run: make sure the pinned n8n is installed (n8n-installs/2.8.4/), build the package
 * and pack it the way it is published (`npm pack`). Tests install that tarball into their own
 * throwaway n8n user folders. The tarball path is handed to the test files through
 * E2E_PACKAGE_TARBALL (see tooling/n8n/e2e.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { E2E_ENV, N8N_VERSION, buildPackage, ensureN8nInstalled, packPackage } from '../n8n';

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	await ensureN8nInstalled({ log: (m) => process.stdout.write(`\n[e2e] ${m}\n`) });
	if (process.env[E2E_ENV.skipBuild] !== '1') await buildPackage({ stream: false });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	const tarball = await packPackage(dir);
	process.env[E2E_ENV.tarball] = tarball;
	process.env[E2E_ENV.packDir] = dir;
	process.stdout.write(`\n[e2e] n8n ${N8N_VERSION} ready, package packed as ${path.basename(tarball)} (${Math.round((Date.now() - t0) / 1000)} s)\n`);
}
