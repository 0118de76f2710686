/** After the e2e run: removes the folder globalSetup packed the package into. */
import fs from 'node:fs';

import { E2E_ENV } from '../n8n';

export default async function globalTeardown(): Promise<void> {
	const dir = process.env[E2E_ENV.packDir];
	if (dir && fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
}
