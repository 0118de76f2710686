#!/usr/bin/env node
/**
 * Scanner gate: packs each of the three packages as npm would publish it, unpacks the tarball and fails on what
 * n8n's community-package scanner (@n8n/scan-community-package) rejects. That scanner only checks
 * packages already on the registry, so its rules are replicated here on the local tarball:
 *  - ESLint over every shipped .js file with the scanner's rules: no-restricted-globals
 *    (clearInterval, clearTimeout, global, process, setInterval, setTimeout) and its import rule
 *    (only n8n-workflow, lodash, moment, p-limit, luxon, zod, crypto, node:crypto, relative paths);
 *    we also forbid console, globalThis and setImmediate, which our own rules ban;
 *  - no runtime dependencies (dependencies, bundled, optional);
 *  - LICENSE and README present, the n8n-community-node-package keyword;
 *  - every file named in the "n8n" section present, each node's light and dark icons and its codex file.
 * Exit code 1 with one line per problem.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { Linter, type Rule } from 'eslint';

import { PACKAGE_DIRS, ROOT } from './n8n/paths';
import { isPlainObject, n8nSectionFiles, strings } from './guards';

const problems: string[] = [];

/** What `npm pack --json` prints for one package (only what the gate reads). */
interface PackResult {
	filename: string;
	size: number;
	files: Array<{ path: string }>;
}

function readPackResult(stdout: string): PackResult {
	const parsed: unknown = JSON.parse(stdout);
	const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
	if (!isPlainObject(first) || typeof first.filename !== 'string' || !Array.isArray(first.files))
		throw new Error(`npm pack printed no package:\n${stdout}`);
	const files = first.files.filter(isPlainObject).map((f) => ({ path: String(f.path) }));
	return { filename: first.filename, size: Number(first.size), files };
}

function scan(packageDir: string): void {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
	const before = problems.length;
	try {
		const packed = readPackResult(
			execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
				cwd: packageDir,
				encoding: 'utf8',
			}),
		);
		const tarball = path.join(work, packed.filename);
		execFileSync('tar', ['-xzf', tarball, '-C', work]);
		const pkgDir = path.join(work, 'package');
		// n8n provides its peer dependency n8n-workflow at run time; so does the gate, to load the classes.
		fs.mkdirSync(path.join(pkgDir, 'node_modules'));
		fs.symlinkSync(
			path.join(ROOT, 'node_modules', 'n8n-workflow'),
			path.join(pkgDir, 'node_modules', 'n8n-workflow'),
			'dir',
		);
		const pkg: unknown = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
		if (!isPlainObject(pkg)) throw new Error('the packed package.json is not an object');
		const shipped = packed.files.map((f) => f.path);
		console.log(`scan: ${packed.filename}, ${shipped.length} files, ${packed.size} bytes packed`);

		for (const field of [
			'dependencies',
			'optionalDependencies',
			'bundleDependencies',
			'bundledDependencies',
		]) {
			const deps = pkg[field];
			const names = Array.isArray(deps)
				? deps.map(String)
				: Object.keys(isPlainObject(deps) ? deps : {});
			if (names.length)
				problems.push(
					`runtime dependencies in "${field}": ${names.join(', ')} (the published package must have none)`,
				);
		}
		if (!strings(pkg.keywords).includes('n8n-community-node-package'))
			problems.push('keyword "n8n-community-node-package" is missing');
		for (const file of ['LICENSE.md', 'README.md', 'CHANGELOG.md', 'package.json']) {
			if (!fs.existsSync(path.join(pkgDir, file)))
				problems.push(`${file} is missing from the package`);
		}
		const unexpected = shipped.filter(
			(f) => !/^(dist\/|LICENSE\.md$|README\.md$|package\.json$|CHANGELOG\.md$)/.test(f),
		);
		if (unexpected.length)
			problems.push(`files a user does not need are packed: ${unexpected.join(', ')}`);

		const { nodes, credentials } = n8nSectionFiles(pkg);
		for (const file of [...credentials, ...nodes]) {
			if (!fs.existsSync(path.join(pkgDir, file)))
				problems.push(`"n8n" section names ${file}, which is not in the package`);
		}
		for (const file of nodes) checkNodeAssets(pkgDir, file);
		for (const file of credentials) checkIcons(pkgDir, file, 'credential');
		// One service a package (n8n's verification): every node and credential file sits under one service's name.
		const services = new Set(
			[...nodes, ...credentials].map((f) =>
				path.basename(f).replace(/(Trigger)?\.node\.js$|(Folders)?Api\.credentials\.js$/, ''),
			),
		);
		if (services.size !== 1)
			problems.push(
				`the "n8n" section names ${services.size} services (${[...services].join(', ')}); a verified package integrates exactly one`,
			);

		lintShippedCode(
			pkgDir,
			shipped.filter((f) => f.endsWith('.js')),
		);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	// Each problem names its package.
	for (let i = before; i < problems.length; i++)
		problems[i] = `${path.basename(packageDir)}: ${problems[i]}`;
}

for (const dir of PACKAGE_DIRS) scan(dir);

if (problems.length) {
	console.error(`scan: ${problems.length} problem(s)`);
	for (const p of problems) console.error(`  - ${p}`);
	process.exit(1);
}
console.log('scan: passed (dependencies, globals, imports, files, icons, codex)');

/** Loads a shipped class file in isolation and returns its exported instance. */
function instantiate(pkgDir: string, file: string): Record<string, unknown> | undefined {
	const target = path.join(pkgDir, file);
	if (!fs.existsSync(target)) return undefined;
	// A file of the unpacked package, loaded at run time (it finds n8n-workflow in the package's node_modules).
	const exported: unknown = createRequire(target)(target);
	const Class = Object.values(isPlainObject(exported) ? exported : {}).find(
		(value): value is new () => unknown => typeof value === 'function',
	);
	const instance: unknown = Class ? new Class() : undefined;
	return isPlainObject(instance) ? instance : undefined;
}

function checkIcons(
	pkgDir: string,
	file: string,
	kind: 'node' | 'credential',
): Record<string, unknown> | undefined {
	const instance = instantiate(pkgDir, file);
	const description = isPlainObject(instance?.description) ? instance.description : undefined;
	const icon: unknown = kind === 'node' ? description?.icon : instance?.icon;
	const variants: Record<string, unknown> =
		typeof icon === 'string' ? { light: icon } : isPlainObject(icon) ? icon : {};
	if (!variants.light || !variants.dark)
		problems.push(`${file}: needs both a light and a dark icon`);
	for (const ref of Object.values(variants)) {
		const target = path.join(
			path.dirname(path.join(pkgDir, file)),
			String(ref).replace(/^file:/, ''),
		);
		if (!fs.existsSync(target)) problems.push(`${file}: icon ${ref} is not in the package`);
	}
	return instance;
}

function checkNodeAssets(pkgDir: string, file: string): void {
	const instance = checkIcons(pkgDir, file, 'node');
	const codex = path.join(pkgDir, file.replace(/\.js$/, '.json'));
	if (!fs.existsSync(codex)) {
		problems.push(`${file}: codex file ${path.basename(codex)} is missing`);
	} else {
		const name = isPlainObject(instance?.description) ? instance.description.name : undefined;
		const codexJson: unknown = JSON.parse(fs.readFileSync(codex, 'utf8'));
		const node = isPlainObject(codexJson) ? codexJson.node : undefined;
		const pkgJson: unknown = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
		if (node !== `${isPlainObject(pkgJson) ? pkgJson.name : undefined}.${name}`) {
			problems.push(`${file}: codex "node" is ${node}, expected <package>.${name}`);
		}
	}
}

function lintShippedCode(pkgDir: string, files: string[]): void {
	const allowed = [
		'n8n-workflow',
		'lodash',
		'moment',
		'p-limit',
		'luxon',
		'zod',
		'crypto',
		'node:crypto',
	];
	const importRule: Rule.RuleModule = {
		meta: { type: 'problem', schema: [] },
		create(context) {
			const check = (node: Rule.Node, source: unknown) => {
				if (typeof source !== 'string' || source.startsWith('./') || source.startsWith('../'))
					return;
				const name = source.startsWith('@')
					? source.split('/').slice(0, 2).join('/')
					: source.split('/')[0];
				if (!allowed.includes(name))
					context.report({
						node,
						message: `import of "${source}" is not allowed`,
					});
			};
			return {
				ImportDeclaration: (node) => check(node, node.source.value),
				CallExpression: (node) => {
					const arg = node.arguments[0];
					if (node.callee.type === 'Identifier' && node.callee.name === 'require')
						check(node, arg?.type === 'Literal' ? arg.value : undefined);
				},
				ImportExpression: (node) =>
					check(node, node.source.type === 'Literal' ? node.source.value : undefined),
			};
		},
	};
	const linter = new Linter({ configType: 'flat' });
	const config: Linter.Config[] = [
		{
			plugins: { scanner: { rules: { 'no-restricted-imports': importRule } } },
			languageOptions: {
				ecmaVersion: 2022,
				sourceType: 'commonjs',
				globals: {
					require: 'readonly',
					module: 'readonly',
					exports: 'writable',
					__dirname: 'readonly',
				},
			},
			rules: {
				'no-restricted-globals': [
					'error',
					...[
						'clearInterval',
						'clearTimeout',
						'global',
						'process',
						'setInterval',
						'setTimeout',
						'setImmediate',
						'globalThis',
						'console',
					],
				],
				'scanner/no-restricted-imports': 'error',
			},
		},
	];
	for (const file of files) {
		const source = fs.readFileSync(path.join(pkgDir, file), 'utf8');
		for (const message of linter.verify(source, config, { filename: file })) {
			problems.push(`${file}:${message.line} ${message.message}`);
		}
	}
	console.log(`scan: linted ${files.length} shipped .js files with the scanner's rules`);
}
