/**
 * n8n's official community-node lint (`n8n-node lint` of @n8n/node-cli, the config n8n's verification
 * uses) on the package's own sources. In the package's strict mode `n8n-node lint` insists on the
 * unmodified template `eslint.config.mjs`, which lints every .ts below it with the rules for shipped
 * node code (no `process`, no `node:` imports, no console, ...): right for nodes/ and credentials/,
 * impossible for the tooling and tests that drive them. So the product (package.json, tsconfig.json,
 * nodes/, credentials/) is copied into a folder of its own with the template config, and
 * `n8n-node lint` runs there, unchanged. Called by `npm run lint`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const STAGE = path.join(ROOT, '.lint', 'official');
const NODE_CLI = path.join(ROOT, 'node_modules', '@n8n', 'node-cli');
const PRODUCT = ['package.json', 'tsconfig.json', 'nodes', 'credentials'];

function stage(): void {
	rmSync(STAGE, { recursive: true, force: true });
	mkdirSync(STAGE, { recursive: true });
	for (const entry of PRODUCT) cpSync(path.join(ROOT, entry), path.join(STAGE, entry), { recursive: true });
	// The template the strict mode compares against, byte for byte.
	cpSync(path.join(NODE_CLI, 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs'), path.join(STAGE, 'eslint.config.mjs'));
	symlinkSync(path.join(ROOT, 'node_modules'), path.join(STAGE, 'node_modules'), 'dir');
}

function main(): number {
	if (!existsSync(NODE_CLI)) {
		console.error('@n8n/node-cli is not installed: run `npm ci --ignore-scripts` first.');
		return 1;
	}
	stage();
	const bin = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'n8n-node.cmd' : 'n8n-node');
	const result = spawnSync(bin, ['lint'], { cwd: STAGE, stdio: 'inherit' });
	if (result.status === 0) console.log('n8n-node lint (official config, strict mode): 0 problems in nodes/, credentials/ and package.json');
	else console.error(`n8n-node lint failed (paths above are in ${path.relative(ROOT, STAGE)}/, a copy of the sources).`);
	return result.status ?? 1;
}

process.exit(main());
