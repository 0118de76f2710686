/**
 * Shared plumbing of the end-to-end tests: throwaway n8n user folders with the packed package
 * installed in `.n8n/nodes` (as n8n installs community packages), workflow/credential import and
 * `n8n execute` through the real n8n CLI.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import * as n8n from '../../tooling/n8n';

export { n8n };

export const PKG = n8n.PACKAGE_NAME;
/** Node types as n8n names them when the package is installed in `<user folder>/.n8n/nodes`. */
export const TYPES = {
	memoriesAi: `${PKG}.memoriesAi`,
	memoriesAiTrigger: `${PKG}.memoriesAiTrigger`,
	heyGen: `${PKG}.heyGen`,
	konpro: `${PKG}.konpro`,
} as const;

/** Port ranges of the e2e tests (distinct from the other suites'). */
export const PORTS = { n8n: [5700, 5799], broker: [5800, 5899] } as const;

const folders: string[] = [];

/** A fresh n8n user folder with the packed package installed. Deleted by cleanupUserFolders(). */
export async function makeUserFolder(label: string): Promise<string> {
	const tarball = process.env.E2E_PACKAGE_TARBALL;
	if (!tarball || !fs.existsSync(tarball)) {
		throw new Error('E2E_PACKAGE_TARBALL is not set: run the e2e tests with `npm run test:e2e` (jest -c test/e2e/jest.config.js).');
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${label}-`));
	folders.push(dir);
	await n8n.installPackageIntoUserFolder(dir, tarball);
	return dir;
}

export function cleanupUserFolders(): void {
	if (process.env.E2E_KEEP_FOLDERS === '1') return;
	for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export async function freeBrokerPort(exclude: number[] = []): Promise<number> {
	return n8n.findFreePort(PORTS.broker[0], PORTS.broker[1], exclude);
}

export async function freeN8nPort(exclude: number[] = []): Promise<number> {
	return n8n.findFreePort(PORTS.n8n[0], PORTS.n8n[1], exclude);
}

/** n8n-style 16-character id (workflow and credential ids are strings of at most 21 chars). */
export function n8nId(prefix: string, n: number): string {
	return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`.slice(0, 16);
}

export interface CredentialSpec {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

async function cli(userFolder: string, args: string[], timeoutMs = 120000): Promise<n8n.RunResult> {
	const brokerPort = await freeBrokerPort();
	return n8n.n8nCli(args, { userFolder, brokerPort, timeoutMs });
}

/** `n8n import:credentials` with plain data (n8n encrypts it on import). */
export async function importCredentials(userFolder: string, creds: CredentialSpec[]): Promise<void> {
	const file = path.join(userFolder, `credentials-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(creds));
	const res = await cli(userFolder, ['import:credentials', `--input=${file}`]);
	fs.rmSync(file, { force: true });
	if (res.code !== 0 || !/Successfully imported/.test(res.stdout + res.stderr)) {
		throw new Error(`n8n import:credentials failed (exit ${res.code}):\n${n8n.tail(res.stdout + res.stderr, 30)}`);
	}
}

/** `n8n import:workflow --separate` of several workflows at once (one n8n start-up). */
export async function importWorkflows(userFolder: string, workflows: Array<Record<string, unknown>>): Promise<void> {
	const dir = fs.mkdtempSync(path.join(userFolder, 'workflows-'));
	workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(wf)));
	const res = await cli(userFolder, ['import:workflow', '--separate', `--input=${dir}`]);
	fs.rmSync(dir, { recursive: true, force: true });
	if (res.code !== 0 || !/Successfully imported/.test(res.stdout + res.stderr)) {
		throw new Error(`n8n import:workflow failed (exit ${res.code}):\n${n8n.tail(res.stdout + res.stderr, 30)}`);
	}
}

export interface ExecuteResult {
	code: number | null;
	run: n8n.ExecuteRun | null;
	/** stdout + stderr, for messages and debugging */
	output: string;
	/** resultData.error.message when the workflow failed */
	errorMessage?: string;
	errorDescription?: string | null;
}

/** `n8n execute --id=<id> --rawOutput`; parses the printed run (also printed on failure). */
export async function executeWorkflow(userFolder: string, id: string): Promise<ExecuteResult> {
	const res = await cli(userFolder, ['execute', `--id=${id}`, '--rawOutput'], 180000);
	const output = `${res.stdout}\n${res.stderr}`;
	const run = n8n.parseExecuteOutput(output);
	const error = run?.data?.resultData?.error;
	return { code: res.code, run, output, errorMessage: error?.message, errorDescription: error?.description };
}

/** The JSON of every item a node output (first output, first run). */
export function nodeItems(run: n8n.ExecuteRun | null, nodeName: string): Array<Record<string, unknown>> {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) throw new Error(`Node "${nodeName}" did not run. Nodes that ran: ${Object.keys(run?.data?.resultData?.runData ?? {}).join(', ')}`);
	const first = runs[0];
	if (first.error) throw new Error(`Node "${nodeName}" failed: ${first.error.message}`);
	return (first.data?.main?.[0] ?? []).map((i) => i.json);
}

export interface NodeSpec {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	position?: [number, number];
	typeVersion?: number;
}

/**
 * A Manual Trigger workflow. `chains`: each an array of node specs connected in sequence after
 * the trigger; chains run one after the other (v1 execution order, top to bottom).
 */
export function manualWorkflow(id: string, name: string, chains: NodeSpec[][]): Record<string, unknown> {
	const trigger = { id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodes: Array<Record<string, unknown>> = [trigger];
	const connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }> = {};
	const connect = (from: string, to: string) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	chains.forEach((chain, row) => {
		let prev = 'Start';
		chain.forEach((spec, col) => {
			nodes.push({
				id: `${id}-${row}-${col}`,
				name: spec.name,
				type: spec.type,
				typeVersion: spec.typeVersion ?? 1,
				position: spec.position ?? [250 * (col + 1), 200 * row],
				parameters: spec.parameters,
				...(spec.credentials ? { credentials: spec.credentials } : {}),
			});
			connect(prev, spec.name);
			prev = spec.name;
		});
	});
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}
