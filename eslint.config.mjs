/**
 * Lint for what lies outside the packages (each package lints itself with `n8n-node lint` and n8n's
 * unmodified template config, in its own folder):
 *  - shared/src/, the code compiled into every package, gets that same official config, so it is held
 *    to exactly the rules of the packages it ships in;
 *  - the test bed and the shared code's tests get ESLint's and typescript-eslint's recommended rules.
 */
import js from '@eslint/js';
import { config as n8nCommunityNodes } from '@n8n/node-cli/eslint';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SHARED = 'shared/src/**/*.ts';

/** The official config's blocks for node code (all .ts, and nodes/), pointed at shared/src. */
const sharedCode = n8nCommunityNodes
	.filter(
		(block) => !block.files || block.files.some((f) => f === '**/*.ts' || f.startsWith('./nodes/')),
	)
	.map((block) => (block.files ? { ...block, files: [SHARED] } : block))
	.filter((block) => !(block.ignores && Object.keys(block).length === 1));

export default [
	{
		ignores: [
			'packages/**',
			'**/dist/**',
			'**/node_modules/**',
			'testbed/n8n-installs/**',
			'testbed/bench/.build/**',
			'testbed/.n8n-local/**',
			'coverage/**',
		],
	},
	...sharedCode,
	...tseslint.config({
		files: ['testbed/**/*.{ts,js}', 'shared/test/**/*.ts', '*.{js,mjs}'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		languageOptions: { globals: globals.node },
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
			],
		},
	}),
	{
		// The few plain-JS files run before TypeScript is installed (or are loaded by tools that do not
		// transpile): CommonJS with `// @ts-check`.
		files: ['testbed/**/*.js'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
];
