/**
 * Queue-mode tests: n8n as main + workers (EXECUTIONS_MODE=queue) on a private PostgreSQL and Redis
 * (testbed/services), the packed package installed as a community package in every process, the
 * loopback mock API as the vendor. `npm run test:queue`. globalSetup installs PostgreSQL and Redis
 * from Debian's packages when missing, then does what the e2e suite's does (install n8n, build, pack);
 * globalTeardown stops any PostgreSQL or Redis a failed test file left running.
 */
const e2e = require('./e2e.config.js');

module.exports = {
	...e2e,
	roots: ['<rootDir>/testbed/queue'],
	testMatch: ['<rootDir>/testbed/queue/*.queue.test.ts'],
	globalSetup: '<rootDir>/testbed/jest/queue-global-setup.ts',
	globalTeardown: '<rootDir>/testbed/jest/queue-global-teardown.ts',
	testTimeout: 8 * 60 * 1000,
};
