#!/usr/bin/env node
/**
 * The end-to-end checks on other n8n versions than the pinned one: for each install in
 * n8n-installs/<version>/ (installed on first use, with its own Node.js where its manifest names
 * one), the CLI operations and the trigger across a restart (test/e2e/actions, trigger) and the
 * browser smoke test (the "node panel" tests of test/browser/editor), then a table of what passed.
 *
 *   npm run test:compat                  every install but the pinned one (2.41.1 and 1.85.3)
 *   npm run test:compat -- 2.41.1        just these versions
 */
import fs from 'node:fs';
import path from 'node:path';

import { N8N_INSTALLS, PINNED_N8N_VERSION, ROOT, readInstallManifest, run } from './n8n';

const SUITES: ReadonlyArray<{ label: string; args: string[] }> = [
	{
		label: 'CLI operations + trigger across a restart',
		args: [
			'-c',
			'testbed/jest/e2e.config.js',
			'testbed/e2e/actions.e2e.test.ts',
			'testbed/e2e/trigger.e2e.test.ts',
		],
	},
	{
		label: 'editor smoke test (browser)',
		args: [
			'-c',
			'testbed/jest/browser.config.js',
			'testbed/browser/editor.browser.test.ts',
			'--testNamePattern',
			'^node panel ',
		],
	},
];

function installedVersions(): string[] {
	return fs
		.readdirSync(N8N_INSTALLS)
		.filter((name) => /^\d+\.\d+\.\d+$/.test(name) && name !== PINNED_N8N_VERSION)
		.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
}

async function main(): Promise<void> {
	const versions = process.argv.slice(2).filter((a) => !a.startsWith('-'));
	const targets = versions.length ? versions : installedVersions();
	const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const rows: string[] = [];
	let failed = 0;
	for (const version of targets) {
		const manifest = readInstallManifest(path.join(N8N_INSTALLS, version));
		const node = manifest.nodeVersion ?? process.versions.node;
		for (const suite of SUITES) {
			console.log(`\n=== n8n ${version} on Node.js ${node}: ${suite.label}`);
			const res = await run(process.execPath, [jest, ...suite.args], {
				cwd: ROOT,
				env: { ...process.env, N8N_TEST_VERSION: version },
				stream: true,
				timeoutMs: 40 * 60 * 1000,
			});
			if (res.code !== 0) failed++;
			rows.push(
				`| ${version} | ${node} | ${suite.label} | ${res.code === 0 ? 'passed' : `FAILED (exit ${res.code})`} | ${Math.round(res.ms / 1000)} s |`,
			);
		}
	}
	console.log(
		`\n| n8n | Node.js | checks | result | time |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}`,
	);
	if (failed) process.exit(1);
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : String(err));
	process.exit(1);
});
