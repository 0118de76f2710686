/**
 * Once per e2e run: make sure the pinned n8n is installed (testbed/n8n-installs/2.8.4/), build the
 * three packages and pack each the way it is published (`npm pack`). Tests install those tarballs
 * into their own throwaway n8n user folders. The tarball paths are handed to the test files through
 * E2E_PACKAGE_TARBALLS (see testbed/n8n/e2e.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { E2E_ENV, N8N_VERSION, buildPackages, ensureN8nInstalled, packPackages } from '../n8n';

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	await ensureN8nInstalled({ log: (m) => process.stdout.write(`\n[e2e] ${m}\n`) });
	if (process.env[E2E_ENV.skipBuild] !== '1') await buildPackages({ stream: false });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	const tarballs = await packPackages(dir);
	process.env[E2E_ENV.tarballs] = tarballs.join(path.delimiter);
	process.env[E2E_ENV.packDir] = dir;
	process.stdout.write(
		`\n[e2e] n8n ${N8N_VERSION} ready, packages packed as ${tarballs.map((t) => path.basename(t)).join(', ')} (${Math.round((Date.now() - t0) / 1000)} s)\n`,
	);
}
