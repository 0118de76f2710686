/**
 * n8n's own lint rules for community packages (eslint-plugin-n8n-nodes-base): the "community"
 * set on package.json, "credentials" on credential classes and "nodes" on node code.
 * Every rule is on; any rule switched off below says why.
 * The tooling, tests and benchmarks get ESLint's and typescript-eslint's recommended rules.
 */
const js = require('@eslint/js');
const globals = require('globals');
const n8n = require('eslint-plugin-n8n-nodes-base');
const tsParser = require('@typescript-eslint/parser');
const tseslint = require('typescript-eslint');
const jsonParser = require('jsonc-eslint-parser');

module.exports = [
	{ ignores: ['dist/**', '**/node_modules/**', 'n8n-installs/**', 'bench/.build/**', 'coverage/**', '.n8n-local/**', '.lint/**'] },
	...tseslint.config({
		files: ['tooling/**/*.{ts,js}', 'test/**/*.ts', 'bench/**/*.ts', '*.js'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		languageOptions: { globals: globals.node },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
		},
	}),
	{
		// The few plain-JS files run before TypeScript is installed (or are loaded by tools that do not
		// transpile): CommonJS with `// @ts-check`.
		files: ['tooling/**/*.js', '*.js'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsonParser },
		plugins: { 'n8n-nodes-base': n8n },
		rules: n8n.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8n },
		rules: {
			...n8n.configs.credentials.rules,
			// The rule's own doc: "Only applicable to nodes in the main repository", whose documentationUrl
			// is a docs slug; a community package links a full URL, which camelCase would break.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8n },
		rules: {
			...n8n.configs.nodes.rules,
			// Predates NodeConnectionTypes: n8n's own nodes now write `outputs: [NodeConnectionTypes.Main]`,
			// the typed form of the 'main' the rule asks for.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		// The globals n8n's community-package scanner rejects, caught here at the source already
		// (tooling/scan-package.ts checks the packed output too).
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'no-restricted-globals': [
				'error',
				...['clearInterval', 'clearTimeout', 'global', 'globalThis', 'process', 'setImmediate', 'setInterval', 'setTimeout', 'console'],
			],
		},
	},
];
