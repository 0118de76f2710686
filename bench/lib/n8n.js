'use strict';
/**
 * The real n8n 2.8.4 (e2e/node_modules) for the side-by-side runs: a throwaway user folder with the
 * benchmark build installed the way n8n installs community packages (<folder>/.n8n/nodes), credentials
 * and workflows imported with the n8n CLI, workflows run with `n8n execute --rawOutput`.
 * Ports: only the task-runner broker port is needed by the CLI; it is picked free in 6400-6999,
 * away from `npm start` (5678+) and the e2e tests (5700-5899).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('../../tooling/n8n');
const { run } = require('./proc');

const PACKAGE_NAME = 'n8n-nodes-ai-video';
const TYPES = {
	memoriesAi: `${PACKAGE_NAME}.memoriesAi`,
	memoriesAiTrigger: `${PACKAGE_NAME}.memoriesAiTrigger`,
	heyGen: `${PACKAGE_NAME}.heyGen`,
	konpro: `${PACKAGE_NAME}.konpro`,
};
const BROKER_PORTS = [6400, 6999];

function n8nInstalled() {
	return h.isN8nInstalled();
}

function copyDir(from, to) {
	fs.mkdirSync(to, { recursive: true });
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const src = path.join(from, entry.name);
		const dst = path.join(to, entry.name);
		if (entry.isDirectory()) copyDir(src, dst);
		else fs.copyFileSync(src, dst);
	}
}

/** A fresh user folder (outside the repo, so module resolution is n8n's own) with the package installed. */
function makeUserFolder(pkgDir) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	const nodesDir = path.join(dir, '.n8n', 'nodes');
	copyDir(pkgDir, path.join(nodesDir, 'node_modules', PACKAGE_NAME));
	const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2),
	);
	return dir;
}

async function cli(userFolder, args, timeoutMs = 180000, logLevel = 'info', stdoutFile = undefined) {
	const brokerPort = await h.findFreePort(BROKER_PORTS[0], BROKER_PORTS[1]);
	const env = h.n8nEnv({ userFolder, port: 0, brokerPort, extra: { N8N_LOG_LEVEL: logLevel, EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', EXECUTIONS_DATA_SAVE_ON_ERROR: 'none' } });
	delete env.N8N_PORT;
	return run(process.execPath, ['--max-old-space-size=4096', h.N8N_BIN, ...args], { cwd: userFolder, env, timeoutMs, stdoutFile });
}

async function importCredentials(userFolder, creds) {
	const file = path.join(userFolder, 'bench-credentials.json');
	fs.writeFileSync(file, JSON.stringify(creds));
	const res = await cli(userFolder, ['import:credentials', `--input=${file}`]);
	fs.rmSync(file, { force: true });
	if (res.code !== 0 || !/Successfully imported/.test(res.stdout + res.stderr)) {
		throw new Error(`n8n import:credentials failed (exit ${res.code}):\n${h.tail(res.stdout + res.stderr, 30)}`);
	}
	return res.ms;
}

async function importWorkflows(userFolder, workflows) {
	const dir = fs.mkdtempSync(path.join(userFolder, 'workflows-'));
	workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(wf)));
	const res = await cli(userFolder, ['import:workflow', '--separate', `--input=${dir}`]);
	fs.rmSync(dir, { recursive: true, force: true });
	if (res.code !== 0 || !/Successfully imported/.test(res.stdout + res.stderr)) {
		throw new Error(`n8n import:workflow failed (exit ${res.code}):\n${h.tail(res.stdout + res.stderr, 30)}`);
	}
	return res.ms;
}

/** `n8n execute --id --rawOutput`; resolves { code, run, ms, output } (run = the parsed IRun or null). */
async function executeWorkflow(userFolder, id, timeoutMs = 300000) {
	const outFile = path.join(userFolder, `execute-${id}.out`);
	const res = await cli(userFolder, ['execute', `--id=${id}`, '--rawOutput'], timeoutMs, 'info', outFile);
	fs.rmSync(outFile, { force: true });
	const output = `${res.stdout}\n${res.stderr}`;
	const runData = h.parseExecuteOutput(res.stdout) ?? h.parseExecuteOutput(output);
	return { code: res.code, run: runData, ms: res.ms, output: output.length > 20000 ? `${output.slice(0, 4000)}\n...\n${output.slice(-8000)}` : output };
}

/** Per node: { startTime, executionTime, items, error } of its first run. */
function nodeRuns(runData) {
	const out = {};
	for (const [name, runs] of Object.entries(runData?.data?.resultData?.runData ?? {})) {
		const first = runs[0];
		const main = first?.data?.main?.[0] ?? [];
		out[name] = {
			startTime: first?.startTime,
			executionTime: first?.executionTime,
			status: first?.executionStatus,
			items: main.length,
			error: first?.error ? { message: first.error.message, description: first.error.description ?? null } : null,
			errorItems: main.filter((i) => i.json && typeof i.json.error === 'string').length,
			json: main.map((i) => i.json),
		};
	}
	return out;
}

/** n8n-style 16-character id. */
function n8nId(prefix, n) {
	return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`.slice(0, 16);
}

module.exports = { TYPES, PACKAGE_NAME, n8nInstalled, makeUserFolder, importCredentials, importWorkflows, executeWorkflow, nodeRuns, n8nId, N8N_VERSION: h.N8N_VERSION };
