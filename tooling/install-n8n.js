#!/usr/bin/env node
'use strict';
/**
 * One-time install of the pinned real n8n (e2e/package.json + e2e/package-lock.json) with `npm ci`
 * in e2e/. Skipped when e2e/node_modules already holds it (a stamp records the lockfile it came
 * from, so a changed pin reinstalls). Used by `npm start`, `npm run test:e2e` and CI.
 *
 *   node scripts/e2e-install.js          install if needed
 *   node scripts/e2e-install.js --check  exit 0 when installed, 1 when not (installs nothing)
 */
const { ensureN8nInstalled, isN8nInstalled, N8N_VERSION } = require('./n8n');

async function main() {
	if (process.argv.includes('--check')) {
		const ok = isN8nInstalled();
		console.log(ok ? `n8n ${N8N_VERSION} is installed in e2e/.` : `n8n ${N8N_VERSION} is not installed in e2e/.`);
		process.exit(ok ? 0 : 1);
	}
	const { installed } = await ensureN8nInstalled();
	if (!installed) console.log(`n8n ${N8N_VERSION} is already installed in e2e/ (nothing to do).`);
}

main().catch((err) => {
	console.error(`\n${err.message}`);
	process.exit(1);
});
