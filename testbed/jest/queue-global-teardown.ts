/** After the queue-mode run: stops any PostgreSQL or Redis a failed test file left running, then the e2e teardown. */
import { SERVICES_DIR_ENV, stopLeftoverServices } from '../services';
import e2eGlobalTeardown from './e2e-global-teardown';

export default async function globalTeardown(): Promise<void> {
	const root = process.env[SERVICES_DIR_ENV];
	if (root) {
		const pids = await stopLeftoverServices(root);
		if (pids.length)
			process.stdout.write(
				`\n[queue] stopped ${pids.length} PostgreSQL/Redis process(es) a test file left running: ${pids.join(', ')}\n`,
			);
	}
	await e2eGlobalTeardown();
}
