/**
 * End-to-end tests: the built package inside the real, pinned n8n (e2e/), against the loopback
 * mock API. Run with `npm run test:e2e` (jest -c test/e2e/jest.config.js).
 * globalSetup installs n8n if needed (scripts/e2e-install.js), builds and `npm pack`s the package once.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	// Each file runs n8n processes (2 cores on CI): one file at a time.
	maxWorkers: 1,
	testTimeout: 5 * 60 * 1000,
	slowTestThreshold: 120,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
