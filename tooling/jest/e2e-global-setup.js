'use strict';
/**
 * Once per e2e run: make sure the pinned n8n is installed in e2e/, build the package and pack it
 * the way it is published (`npm pack`). Tests install that tarball into their own throwaway n8n
 * user folders. The tarball path is handed to the test files through E2E_PACKAGE_TARBALL.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('../n8n');

module.exports = async function globalSetup() {
	const t0 = Date.now();
	await h.ensureN8nInstalled({ log: (m) => process.stdout.write(`\n[e2e] ${m}\n`) });
	if (process.env.E2E_SKIP_BUILD !== '1') await h.buildPackage({ stream: false });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	const tarball = await h.packPackage(dir);
	process.env.E2E_PACKAGE_TARBALL = tarball;
	process.env.E2E_PACK_DIR = dir;
	process.stdout.write(`\n[e2e] n8n ${h.N8N_VERSION} ready, package packed as ${path.basename(tarball)} (${Math.round((Date.now() - t0) / 1000)} s)\n`);
};
