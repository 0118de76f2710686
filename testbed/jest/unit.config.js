/**
 * Unit and integration tests (`npm test`): each package's test/, the shared code's shared/test/ and
 * the test bed's own testbed/test/. Nodes run inside n8n-core's real contexts against the loopback mock API.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/packages', '<rootDir>/shared/test', '<rootDir>/testbed/test'],
	testMatch: ['**/test/**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/'],
	modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }],
	},
	testTimeout: 60000,
	reporters: ['default', '<rootDir>/testbed/jest/summary-reporter.js'],
};
