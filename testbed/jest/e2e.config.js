/**
 * End-to-end tests: the built package inside the real, pinned n8n (testbed/n8n-installs/2.8.4/), against the loopback
 * mock API. Run with `npm run test:e2e` (jest -c testbed/jest/e2e.config.js).
 * globalSetup installs n8n if needed (testbed/n8n/install.ts), builds and `npm pack`s the three packages once.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/testbed/e2e'],
	testMatch: ['<rootDir>/testbed/e2e/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	globalSetup: '<rootDir>/testbed/jest/e2e-global-setup.ts',
	globalTeardown: '<rootDir>/testbed/jest/e2e-global-teardown.ts',
	// Each file runs n8n processes (2 cores on CI): one file at a time.
	maxWorkers: 1,
	testTimeout: 5 * 60 * 1000,
	slowTestThreshold: 120,
	reporters: ['default', '<rootDir>/testbed/jest/summary-reporter.js'],
};
