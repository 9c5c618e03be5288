// The rules n8n's verification applies (the same set as @n8n/scan-community-package and
// `n8n-node lint`): @n8n/eslint-plugin-community-nodes' recommended config, plus the
// eslint-plugin-n8n-nodes-base rulesets with the scanner's own exceptions. Every TypeScript file
// (the package, its tools, bench, scripts and tests) also gets typescript-eslint's recommended set.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const packageFiles = ['package.json', 'index.ts', 'nodes/**/*.ts', 'credentials/**/*.ts'];

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['**/*.ts', '**/*.json'],
		languageOptions: { parser: tseslint.parser },
	},
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
			],
			'max-len': ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
		},
	},
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: packageFiles },
	{ files: packageFiles, rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The scanner turns these two off: community docs are URLs, and the community
			// plugin checks password fields more accurately.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// The scanner's exceptions: NodeConnectionTypes instead of "main", and real API maxima.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
