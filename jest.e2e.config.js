/**
 * End-to-end tests: the built package inside the real, pinned n8n (n8n-installs/2.8.4/), against the loopback
 * mock API. Run with `npm run test:e2e` (jest -c jest.e2e.config.js).
 * globalSetup installs n8n if needed (tooling/n8n/install.ts), builds and `npm pack`s the package once.
 */
module.exports = {
	rootDir: '.',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/tooling/jest/e2e-global-setup.ts',
	globalTeardown: '<rootDir>/tooling/jest/e2e-global-teardown.ts',
	// Each file runs n8n processes (2 cores on CI): one file at a time.
	maxWorkers: 1,
	testTimeout: 5 * 60 * 1000,
	slowTestThreshold: 120,
	reporters: ['default', '<rootDir>/tooling/jest/summary-reporter.js'],
};
