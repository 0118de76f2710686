#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Installs the dev dependencies on a fresh clone, so `npm test` and `npm start` work as the first
 * command. --ignore-scripts: eslint-plugin-n8n-nodes-base's preinstall insists on pnpm and fails
 * under npm, and no dev dependency needs an install script for building or testing.
 * Plain JS: it runs before TypeScript is installed.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'jest'))) {
	console.log('Installing the dev dependencies once (npm ci --ignore-scripts)...');
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: root,
		stdio: 'inherit',
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}
