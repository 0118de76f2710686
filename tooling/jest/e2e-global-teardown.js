'use strict';
const fs = require('node:fs');

module.exports = async function globalTeardown() {
	const dir = process.env.E2E_PACK_DIR;
	if (dir && fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
};
