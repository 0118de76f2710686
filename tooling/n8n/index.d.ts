/** Types for scripts/lib/n8n.js (plain CommonJS, used by scripts and by test/e2e). */
import type { ChildProcess } from 'node:child_process';

export declare const ROOT: string;
export declare const E2E_DIR: string;
export declare const N8N_VERSION: string;
export declare const N8N_BIN: string;
export declare const PACKAGE_NAME: string;
export declare const OWNER: Readonly<{ email: string; firstName: string; lastName: string; password: string }>;

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export declare function sleep(ms: number): Promise<void>;
export declare function run(
	cmd: string,
	args: string[],
	opts?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; stream?: boolean; input?: string },
): Promise<RunResult>;
export declare function tail(text: string, lines: number): string;
export declare function isN8nInstalled(): boolean;
export declare function ensureN8nInstalled(opts?: { log?: (msg: string) => void; stream?: boolean }): Promise<{ installed: boolean; seconds: number }>;
export declare function installFingerprint(): string;
export declare function isPortFree(port: number, host?: string): Promise<boolean>;
export declare function findFreePort(from: number, to: number, exclude?: number[]): Promise<number>;
export declare function n8nEnv(opts: {
	userFolder: string;
	port: number;
	brokerPort: number;
	customExtensions?: string;
	extra?: Record<string, string>;
}): NodeJS.ProcessEnv;

export interface N8nHandle {
	proc: ChildProcess;
	pid: number;
	url: string;
	port: number;
	brokerPort: number;
	userFolder: string;
	logs(): string;
	exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
	stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>;
}

export declare function startN8n(opts: {
	userFolder: string;
	port: number;
	brokerPort: number;
	customExtensions?: string;
	extraEnv?: Record<string, string>;
	readyTimeoutMs?: number;
	onOutput?: (chunk: string) => void;
	/** Called with the child process right after it is spawned (before it is ready). */
	onSpawn?: (proc: ChildProcess) => void;
	detached?: boolean;
}): Promise<N8nHandle>;

export declare function n8nCli(
	args: string[],
	opts: { userFolder: string; brokerPort: number; customExtensions?: string; extraEnv?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult>;

/** IRun as printed by `n8n execute --rawOutput` (only what the tests read is typed). */
export interface ExecuteRun {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> };
					error?: { message: string; description?: string | null; [k: string]: unknown };
				}>
			>;
			error?: { message: string; description?: string | null; node?: { name: string }; [k: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
}
export declare function parseExecuteOutput(text: string): ExecuteRun | null;
export declare function buildPackage(opts?: { stream?: boolean }): Promise<void>;
export declare function packPackage(destDir: string): Promise<string>;
export declare function installPackageIntoUserFolder(userFolder: string, tarball: string): Promise<{ pkgDir: string; version: string }>;

export interface N8nExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
	[k: string]: unknown;
}

export declare class N8nRest {
	constructor(baseUrl: string);
	baseUrl: string;
	cookie: string;
	request<T = any>(method: string, pathname: string, body?: unknown, opts?: { expectStatus?: number | number[] }): Promise<T>;
	setupOwner(owner?: typeof OWNER): Promise<boolean>;
	login(owner?: typeof OWNER): Promise<unknown>;
	ensureOwnerAndLogin(owner?: typeof OWNER): Promise<boolean>;
	listCredentials(): Promise<Array<{ id: string; name: string; type: string }>>;
	createCredential(c: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string; name: string; type: string }>;
	updateCredential(id: string, c: { name: string; type: string; data: Record<string, unknown> }): Promise<unknown>;
	upsertCredential(c: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string; name: string; type: string }>;
	listWorkflows(): Promise<Array<{ id: string; name: string; active: boolean; [k: string]: unknown }>>;
	getWorkflow(id: string): Promise<{ id: string; name: string; versionId: string; active: boolean; staticData?: unknown; [k: string]: unknown }>;
	createWorkflow(wf: Record<string, unknown>): Promise<{ id: string; name: string; versionId: string; [k: string]: unknown }>;
	activateWorkflow(id: string): Promise<{ id: string; active: boolean; [k: string]: unknown }>;
	deactivateWorkflow(id: string): Promise<unknown>;
	listExecutions(workflowId: string): Promise<N8nExecutionSummary[]>;
	getExecution(id: string): Promise<any>;
	nodeTypeNames(): Promise<string[]>;
}
