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
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
