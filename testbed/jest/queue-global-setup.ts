/**
 * Once per queue-mode run: PostgreSQL and Redis installed (testbed/services/install.sh), a folder
 * for this run's service data (queue-global-teardown.ts stops whatever is left in it), then the
 * e2e suite's set-up (n8n installed, package built and packed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SERVICES_DIR_ENV, installServices } from '../services';
import e2eGlobalSetup from './e2e-global-setup';

export default async function globalSetup(): Promise<void> {
	await installServices();
	process.env[SERVICES_DIR_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-run-'));
	await e2eGlobalSetup();
}
