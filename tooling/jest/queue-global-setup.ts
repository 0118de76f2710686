/** Once per queue-mode run: PostgreSQL and Redis installed (tooling/services/install.sh), then the e2e suite's set-up. */
import { installServices } from '../services';
import e2eGlobalSetup from './e2e-global-setup';

export default async function globalSetup(): Promise<void> {
	await installServices();
	await e2eGlobalSetup();
}
