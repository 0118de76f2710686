/**
 * Workflows as n8n imports them, and the run data `n8n execute --rawOutput` prints.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { N8N_PKG_DIR, PACKAGE_DIRS, PACKAGE_NAMES } from './paths';

/** Node types as n8n names them when the packages are installed in `<user folder>/.n8n/nodes`. */
export const NODE_TYPES = Object.freeze({
	memoriesAi: `${PACKAGE_NAMES.memoriesAi}.memoriesAi`,
	memoriesAiTrigger: `${PACKAGE_NAMES.memoriesAi}.memoriesAiTrigger`,
	heyGen: `${PACKAGE_NAMES.heyGen}.heyGen`,
	konpro: `${PACKAGE_NAMES.konpro}.konpro`,
} as const);

/** Each service's credential type name. */
export const CREDENTIAL_TYPES = Object.freeze({
	memoriesAi: 'memoriesAiApi',
	heyGen: 'heyGenFoldersApi',
	konpro: 'konproApi',
} as const);

/** Every package's example workflows (packages/<name>/examples/*.json), by file name. */
export function exampleFiles(): Record<string, string> {
	const files: Record<string, string> = {};
	for (const dir of PACKAGE_DIRS.map((pkg) => path.join(pkg, 'examples')).filter((d) =>
		fs.existsSync(d),
	)) {
		for (const f of fs.readdirSync(dir).filter((name) => name.endsWith('.json')))
			files[f] = path.join(dir, f);
	}
	return files;
}

/** True for a node type of one of our packages. */
export const isOurNodeType = (type: string): boolean =>
	Object.values(NODE_TYPES).includes(type as never);

export interface PollSchedule {
	/** for a poll node's `pollTimes: { item: [{ mode: 'custom', cronExpression }] }` */
	cronExpression: string;
	intervalMs: number;
}

/**
 * The shortest poll schedule the n8n under test accepts. Every n8n refuses a seconds field with
 * "*"; up to 2.8 a list of seconds polls every 5 s, while newer n8n refuses any seconds field but
 * one number (n8n-workflow's isSubMinuteCron) and so polls at most once a minute.
 */
export function shortestPollSchedule(): PollSchedule {
	const workflowMain = createRequire(path.join(N8N_PKG_DIR, 'package.json')).resolve(
		'n8n-workflow',
	);
	const cronModule = path.join(path.dirname(workflowMain), 'cron.js');
	const minuteOnly =
		fs.existsSync(cronModule) && fs.readFileSync(cronModule, 'utf8').includes('isSubMinuteCron');
	return minuteOnly
		? { cronExpression: '0 * * * * *', intervalMs: 60000 }
		: { cronExpression: '0,5,10,15,20,25,30,35,40,45,50,55 * * * * *', intervalMs: 5000 };
}

/** n8n-style 16-character id (workflow and credential ids are strings of at most 21 chars). */
export function n8nId(prefix: string, n: number): string {
	return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`.slice(0, 16);
}

/** A credential for `n8n import:credentials` (plain data: n8n encrypts it on import). */
export interface CredentialSpec {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** A credential as a workflow's node refers to it. */
export interface CredentialRef {
	id: string;
	name: string;
}

export type CredentialRefs = Record<string, CredentialRef>;

/** Credential references with n8n-style ids made from their keys: `credentialRefs({ heyGen: 'HeyGen mock' })`. */
export function credentialRefs<Key extends string>(
	names: Record<Key, string>,
): Record<Key, CredentialRef> {
	const refs = Object.fromEntries(
		Object.entries<string>(names).map(([key, name]) => [
			key,
			{ id: n8nId(`cr${key}`.slice(0, 15), 1), name },
		]),
	) as Record<Key, CredentialRef>;
	const ids = Object.values<CredentialRef>(refs).map((ref) => ref.id);
	if (new Set(ids).size !== ids.length)
		throw new Error(
			`credentialRefs: keys too alike to give distinct ids: ${Object.keys(names).join(', ')}`,
		);
	return refs;
}

export interface NodeSpec {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: CredentialRefs;
	position?: [number, number];
	typeVersion?: number;
}

export type WorkflowNode = {
	id: string;
	webhookId?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: CredentialRefs;
};

export type Connection = { node: string; type: string; index: number };

export type WorkflowJson = {
	id?: string;
	name: string;
	active?: boolean;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Connection[][] }>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
};

/**
 * A Manual Trigger workflow. `chains`: each an array of node specs connected in sequence after
 * the trigger; chains run one after the other (v1 execution order, top to bottom).
 */
export function manualWorkflow(id: string, name: string, chains: NodeSpec[][]): WorkflowJson {
	const trigger: WorkflowNode = {
		id: `${id}-t`,
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: WorkflowNode[] = [trigger];
	const connections: WorkflowJson['connections'] = {};
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
	return {
		id,
		name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * The same workflow started by a production webhook, POST /webhook/<path>, instead of its Manual
 * Trigger (the node keeps the name "Start", so the connections stay): what an active workflow in
 * queue mode runs on a worker. Answers at once ("Workflow was started"); the run is in the
 * workflow's executions.
 */
export function webhookWorkflow(workflow: WorkflowJson, path: string): WorkflowJson {
	const nodes = workflow.nodes.map((node) =>
		node.type === 'n8n-nodes-base.manualTrigger'
			? {
					...node,
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
					webhookId: path,
				}
			: node,
	);
	if (!nodes.some((n) => n.type === 'n8n-nodes-base.webhook'))
		throw new Error(
			`webhookWorkflow: workflow "${workflow.name}" has no Manual Trigger to replace.`,
		);
	return { ...workflow, nodes };
}

export interface RunItem {
	json: Record<string, unknown>;
	binary?: Record<string, { fileName?: string; mimeType?: string; [k: string]: unknown }>;
	pairedItem?: unknown;
}

export interface RunError {
	message: string;
	description?: string | null;
	node?: { name: string };
	[k: string]: unknown;
}

/** One run of one node (n8n's ITaskData; only what the tooling reads is typed). */
export interface TaskData {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main: Array<RunItem[] | null> };
	error?: RunError;
}

/** IRun as printed by `n8n execute --rawOutput` and returned by the REST API (only what the tooling reads is typed). */
export interface ExecuteRun {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			error?: RunError;
			lastNodeExecuted?: string;
		};
	};
}

/** The JSON of every item a node output (first output, first run). */
export function nodeItems(
	run: ExecuteRun | null | undefined,
	nodeName: string,
): Array<Record<string, unknown>> {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0)
		throw new Error(
			`Node "${nodeName}" did not run. Nodes that ran: ${Object.keys(run?.data?.resultData?.runData ?? {}).join(', ')}`,
		);
	const first = runs[0];
	if (first.error) throw new Error(`Node "${nodeName}" failed: ${first.error.message}`);
	return (first.data?.main?.[0] ?? []).map((i) => i.json);
}

export interface NodeRunSummary {
	startTime: number | undefined;
	executionTime: number | undefined;
	status: string | undefined;
	/** items on the first output */
	items: number;
	error: { message: string; description: string | null } | null;
	/** items whose json.error is a string (Continue On Fail outputs) */
	errorItems: number;
	json: Array<Record<string, unknown>>;
}

/** Per node: { startTime, executionTime, status, items, error, errorItems, json } of its first run. */
export function nodeRuns(run: ExecuteRun | null | undefined): Record<string, NodeRunSummary> {
	const out: Record<string, NodeRunSummary> = {};
	for (const [name, runs] of Object.entries(run?.data?.resultData?.runData ?? {})) {
		const first: TaskData | undefined = runs[0];
		const main = first?.data?.main?.[0] ?? [];
		out[name] = {
			startTime: first?.startTime,
			executionTime: first?.executionTime,
			status: first?.executionStatus,
			items: main.length,
			error: first?.error
				? { message: first.error.message, description: first.error.description ?? null }
				: null,
			errorItems: main.filter((i) => i.json && typeof i.json.error === 'string').length,
			json: main.map((i) => i.json),
		};
	}
	return out;
}
