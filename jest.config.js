/** Unit and integration tests: nodes run inside n8n-core's real contexts against the loopback mock API. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/test/e2e/', '/test/browser/', '/test/queue/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }] },
	testTimeout: 60000,
	reporters: ['default', '<rootDir>/tooling/jest/summary-reporter.js'],
};
