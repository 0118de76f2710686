/** Unit and integration tests: nodes run inside n8n-core's real contexts against the loopback mock API. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 60000,
	setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
