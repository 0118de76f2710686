/**
 * Browser end-to-end tests: n8n's real editor in Debian's chromium (playwright-core), with the packed
 * package installed in a real, pinned n8n against the loopback mock API. `npm run test:browser`.
 * The e2e globalSetup builds and packs the package once.
 */
module.exports = {
	rootDir: '.',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['<rootDir>/test/browser/*.browser.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/tooling/jest/e2e-global-setup.ts',
	globalTeardown: '<rootDir>/tooling/jest/e2e-global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 3 * 60 * 1000,
	reporters: ['default', '<rootDir>/tooling/jest/summary-reporter.js'],
};
