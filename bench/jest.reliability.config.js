/** Reliability and security suites against a real n8n (see bench/reliability). `npm run test:reliability`. */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/bench'],
	testMatch: ['**/reliability/**/*.test.ts'],
	testTimeout: 900_000,
	maxWorkers: 1,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: true } }] },
};
