#!/usr/bin/env node
/**
 * The end-to-end checks on other n8n versions than the pinned one: for each install in
 * n8n-installs/<version>/ (installed on first use, with its own Node.js where its manifest names
 * one), the CLI operations and the trigger across a restart (test/e2e/actions, trigger), the
 * browser smoke test (the "node panel" tests of test/browser/editor) and, on installs whose manifest
 * turns on the durable scheduler for poll triggers (2.41.1), the trigger's time budget over a
 * 20,000-video whole-list read (test/e2e/triggerBudget), then a table of what passed.
 *
 *   npm run test:compat                  every install but the pinned one (2.41.1 and 1.85.3)
 *   npm run test:compat -- 2.41.1        just these versions
 */
import fs from 'node:fs';
import path from 'node:path';

import {
	N8N_INSTALLS,
	PINNED_N8N_VERSION,
	ROOT,
	hasDurablePolling,
	readInstallManifest,
	run,
	type InstallManifest,
} from './n8n';

interface Suite {
	label: string;
	args: string[];
	/** Only on the installs this accepts (default: every install); the others list it as not run, saying why. */
	runsOn?: { test: (manifest: InstallManifest) => boolean; otherwise: string };
}

const SUITES: readonly Suite[] = [
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
	{
		label: "trigger's time budget on the durable scheduler (20,000 videos)",
		args: ['-c', 'testbed/jest/e2e.config.js', 'testbed/e2e/triggerBudget.e2e.test.ts'],
		runsOn: {
			test: hasDurablePolling,
			otherwise: 'not run: no durable scheduler for poll triggers in its manifest',
		},
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
			if (suite.runsOn && !suite.runsOn.test(manifest)) {
				console.log(`\n=== n8n ${version}: ${suite.label}: ${suite.runsOn.otherwise}`);
				rows.push(`| ${version} | ${node} | ${suite.label} | ${suite.runsOn.otherwise} | - |`);
				continue;
			}
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
