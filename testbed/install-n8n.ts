#!/usr/bin/env node
/**
 * One-time install of the pinned real n8n (n8n-installs/2.8.4/package.json + package-lock.json)
 * with `npm ci` in that folder. Skipped when its node_modules already holds it (a stamp records
 * the lockfile it came from, so a changed pin reinstalls). Used by `npm start`, `npm run test:e2e`
 * and CI.
 *
 *   npm run n8n:install              install if needed
 *   npm run n8n:install -- --check   exit 0 when installed, 1 when not (installs nothing)
 */
import { N8N_INSTALL_LABEL, N8N_VERSION, ensureN8nInstalled, isN8nInstalled } from './n8n';

async function main(): Promise<void> {
	if (process.argv.includes('--check')) {
		const ok = isN8nInstalled();
		console.log(
			ok
				? `n8n ${N8N_VERSION} is installed in ${N8N_INSTALL_LABEL}.`
				: `n8n ${N8N_VERSION} is not installed in ${N8N_INSTALL_LABEL}.`,
		);
		process.exit(ok ? 0 : 1);
	}
	const { installed } = await ensureN8nInstalled();
	if (!installed)
		console.log(`n8n ${N8N_VERSION} is already installed in ${N8N_INSTALL_LABEL} (nothing to do).`);
}

main().catch((err: unknown) => {
	console.error(`\n${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
});
