/**
 * Browser end-to-end tests: n8n's real editor in Debian's chromium (playwright-core), with the packed
 * package installed in a real, pinned n8n against the loopback mock API. `npm run test:browser`.
 * Everything else as the e2e suite: its globalSetup builds and packs the package once.
 */
const e2e = require('./e2e.config.js');

module.exports = {
	...e2e,
	roots: ['<rootDir>/testbed/browser'],
	testMatch: ['<rootDir>/testbed/browser/*.browser.test.ts'],
	testTimeout: 3 * 60 * 1000,
};
