// n8n's two community-node rule sets, as n8n's verification applies them:
// @n8n/eslint-plugin-community-nodes (recommended) on the package, and
// eslint-plugin-n8n-nodes-base on package.json, credentials and nodes.
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const packageFiles = ['index.ts', 'nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'];

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', '**/*.js', '**/*.mjs'],
	},
	{
		files: ['**/*.ts', 'package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { sourceType: 'module', extraFileExtensions: ['.json'] },
		},
	},
	{ ...communityConfigs.recommended, files: packageFiles },
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.credentials.rules,
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two rules look for n8n's internal docs site, which community packages do not use.
			'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'error',
		},
	},
	{
		files: ['**/*.ts'],
		ignores: packageFiles,
		plugins: { '@typescript-eslint': tseslint.plugin },
		rules: {},
	},
];
