/** Reliability and security suites against a real n8n (see test/reliability). `npm run test:reliability`. */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/reliability'],
	globalSetup: '<rootDir>/test/support/installN8n.ts',
	testMatch: ['**/*.test.ts'],
	testTimeout: 900_000,
	maxWorkers: 1,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: true }] },
};
