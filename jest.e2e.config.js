/** End-to-end tests: a real n8n, started by the tests themselves (see tools/n8n). */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	globalSetup: '<rootDir>/test/support/installN8n.ts',
	testMatch: ['**/*.e2e.test.ts'],
	testTimeout: 600_000,
	maxWorkers: 1,
	// A suite whose beforeAll timed out can leave an n8n still starting, which would hold Jest open
	// until n8n's lifetime ends (30 min). Exiting is safe: tools/n8n's watchdog stops every n8n
	// whose parent is gone.
	forceExit: true,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
