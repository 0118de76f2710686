/**
 * n8n's internal REST API (/rest/...), as the editor uses it: owner set-up and login (cookie),
 * credentials, workflows, executions. Plus the decoding of an execution's stored run data, which
 * n8n returns "flatted".
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import { N8N_INSTALL_DIR } from './paths';
import { sleep } from './process';
import type { ExecuteRun } from './workflows';

/** Owner account created on the local/test n8n. The password satisfies n8n's rules (8+ chars, a digit, an uppercase letter). */
export const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'LocalPassw0rd',
});

export type Owner = Readonly<{
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}>;

/** An answer outside the expected statuses. */
export class N8nRestError extends Error {
	constructor(
		message: string,
		readonly status: number,
		/** the parsed JSON body, or the text when it was not JSON */
		readonly body: unknown,
	) {
		super(message);
		this.name = 'N8nRestError';
	}
}

export interface CredentialInput {
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface CredentialSummary {
	id: string;
	name: string;
	type: string;
	[k: string]: unknown;
}

export interface WorkflowSummary {
	id: string;
	name: string;
	active: boolean;
	versionId: string;
	staticData?: unknown;
	[k: string]: unknown;
}

/** GET /rest/workflows/:id/publication-status (n8n ≥ 2.36 with the publication service). */
interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
	[k: string]: unknown;
}

export interface Execution extends ExecutionSummary {
	/** the run data: flatted text as n8n stores it (see executionData()), or already decoded */
	data: string | ExecuteRun['data'];
}

/** Minimal cookie-keeping REST client for n8n's internal API (/rest/...). */
export class N8nRest {
	readonly baseUrl: string;
	/** `n8n-auth=<token>` once signed in */
	cookie = '';

	constructor(baseUrl: string) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
	}

	/**
	 * One request; resolves the answer's `data` (n8n wraps most answers in {data: ...}) or the whole
	 * JSON. The type parameter states what the caller expects: nothing checks it.
	 * Rejects with N8nRestError outside `expectStatus` (default: any 2xx).
	 */
	async request<T = unknown>(
		method: string,
		pathname: string,
		body?: unknown,
		{ expectStatus }: { expectStatus?: number | number[] } = {},
	): Promise<T> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const res = await fetch(`${this.baseUrl}${pathname}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30000),
		});
		const setCookies =
			typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		for (const c of setCookies) {
			const pair = c.split(';')[0];
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		const text = await res.text();
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		const ok =
			expectStatus !== undefined
				? ([] as number[]).concat(expectStatus).includes(res.status)
				: res.ok;
		if (!ok)
			throw new N8nRestError(
				`n8n ${method} ${pathname} answered HTTP ${res.status}: ${text.slice(0, 500)}`,
				res.status,
				json ?? text,
			);
		// n8n wraps most answers in {data: ...}
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	/** Creates the owner on a fresh database (keeps the cookie). Resolves false if one exists already. */
	async setupOwner(owner: Owner = OWNER): Promise<boolean> {
		try {
			await this.request('POST', '/rest/owner/setup', owner);
			return true;
		} catch (err) {
			if (
				err instanceof N8nRestError &&
				err.status === 400 &&
				/already/i.test(JSON.stringify(err.body ?? ''))
			)
				return false;
			throw err;
		}
	}

	async login(owner: Owner = OWNER): Promise<unknown> {
		// n8n 2.x reads emailOrLdapLoginId, 1.x reads email.
		return this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		});
	}

	/** Owner setup on a fresh database, login otherwise. Resolves true when it created the owner. */
	async ensureOwnerAndLogin(owner: Owner = OWNER): Promise<boolean> {
		const created = await this.setupOwner(owner);
		if (!created) await this.login(owner);
		return created;
	}

	async listCredentials(): Promise<CredentialSummary[]> {
		return this.request<CredentialSummary[]>('GET', '/rest/credentials');
	}

	/** With `includeData`: the decrypted data too (only for the owner). */
	async getCredential(
		id: string,
		{ includeData = false }: { includeData?: boolean } = {},
	): Promise<CredentialSummary & { data?: Record<string, unknown> }> {
		return this.request('GET', `/rest/credentials/${id}${includeData ? '?includeData=true' : ''}`);
	}

	async createCredential({ name, type, data }: CredentialInput): Promise<CredentialSummary> {
		return this.request<CredentialSummary>('POST', '/rest/credentials', { name, type, data });
	}

	async updateCredential(id: string, { name, type, data }: CredentialInput): Promise<unknown> {
		return this.request('PATCH', `/rest/credentials/${id}`, { name, type, data });
	}

	/** Creates the credential, or updates the one of that type and name. Returns {id, name, type}. */
	async upsertCredential({ name, type, data }: CredentialInput): Promise<CredentialSummary> {
		const existing = (await this.listCredentials()).find((c) => c.type === type && c.name === name);
		if (existing) {
			await this.updateCredential(existing.id, { name, type, data });
			return existing;
		}
		return this.createCredential({ name, type, data });
	}

	async listWorkflows(): Promise<WorkflowSummary[]> {
		return this.request<WorkflowSummary[]>('GET', '/rest/workflows');
	}

	async getWorkflow(id: string): Promise<WorkflowSummary> {
		return this.request<WorkflowSummary>('GET', `/rest/workflows/${id}`);
	}

	/** Creates an inactive workflow (n8n 1.x needs `active` in the body). */
	async createWorkflow(workflow: object): Promise<WorkflowSummary> {
		return this.request<WorkflowSummary>('POST', '/rest/workflows', { active: false, ...workflow });
	}

	/**
	 * Activates (in n8n 2.x: publishes) the workflow's current version and resolves once its
	 * triggers are live; n8n 1.x has no /activate and takes a PATCH.
	 */
	async activateWorkflow(id: string): Promise<WorkflowSummary> {
		const wf = await this.getWorkflow(id);
		let activated: WorkflowSummary;
		try {
			activated = await this.request<WorkflowSummary>('POST', `/rest/workflows/${id}/activate`, {
				versionId: wf.versionId,
			});
		} catch (err) {
			if (!(err instanceof N8nRestError && err.status === 404)) throw err;
			return this.request<WorkflowSummary>('PATCH', `/rest/workflows/${id}`, {
				active: true,
				versionId: wf.versionId,
			});
		}
		await this.waitForPublication(id);
		return activated;
	}

	/**
	 * With N8N_USE_WORKFLOW_PUBLICATION_SERVICE (n8n ≥ 2.36), /activate only queues the publication
	 * and the triggers start (or fail, e.g. "polling interval is too short") in the background:
	 * wait for GET /publication-status to settle and turn a failed trigger into the error that
	 * /activate throws without that service. Without it the endpoint answers 404: nothing to wait for.
	 */
	private async waitForPublication(id: string, timeoutMs = 60000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			let status: PublicationStatus;
			try {
				status = await this.request<PublicationStatus>(
					'GET',
					`/rest/workflows/${id}/publication-status`,
				);
			} catch (err) {
				if (err instanceof N8nRestError && err.status === 404) return;
				throw err;
			}
			if (status.status === 'published') return;
			if (status.status === 'failed' || status.status === 'partial') {
				const reasons = status.triggers
					.filter((t) => t.status === 'failed')
					.map((t) => t.errorMessage ?? 'unknown error');
				throw new N8nRestError(
					`n8n could not publish workflow ${id}: ${reasons.join('; ')}`,
					400,
					status,
				);
			}
			if (Date.now() > deadline)
				throw new Error(`workflow ${id} still "${status.status}" after ${timeoutMs / 1000} s`);
			await sleep(250);
		}
	}

	async deactivateWorkflow(id: string): Promise<unknown> {
		try {
			return await this.request('POST', `/rest/workflows/${id}/deactivate`, {});
		} catch (err) {
			if (!(err instanceof N8nRestError && err.status === 404)) throw err;
			const wf = await this.getWorkflow(id);
			return this.request('PATCH', `/rest/workflows/${id}`, {
				active: false,
				versionId: wf.versionId,
			});
		}
	}

	/** Executions of a workflow (newest first), as n8n's executions list returns them. */
	async listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.request<ExecutionSummary[] | { results: ExecutionSummary[] }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100`,
		);
		return Array.isArray(data) ? data : data.results;
	}

	async getExecution(id: string): Promise<Execution> {
		return this.request<Execution>('GET', `/rest/executions/${id}`);
	}

	async nodeTypeNames(): Promise<string[]> {
		const types = await this.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		return types.map((t) => t.name);
	}
}

export interface Flatted {
	parse(text: string): unknown;
	stringify(value: unknown): string;
}

let flatted: Flatted | undefined;

/**
 * n8n's own `flatted` (a JSON encoding with shared references, in which n8n stores and returns an
 * execution's data), resolved from the n8n install as n8n itself resolves it.
 */
export function loadFlatted(): Flatted {
	if (flatted) return flatted;
	const requireFromN8n = createRequire(path.join(N8N_INSTALL_DIR, 'package.json'));
	const mod: unknown = requireFromN8n('flatted');
	if (
		typeof mod !== 'object' ||
		mod === null ||
		!('parse' in mod) ||
		typeof mod.parse !== 'function' ||
		!('stringify' in mod) ||
		typeof mod.stringify !== 'function'
	) {
		throw new Error(
			`The flatted module of the n8n install (${N8N_INSTALL_DIR}) has no parse/stringify.`,
		);
	}
	const { parse, stringify } = mod;
	flatted = {
		parse: (text) => parse(text) as unknown,
		stringify: (value) => String(stringify(value)),
	};
	return flatted;
}

/** An execution's run data (REST getExecution), decoded when it is still flatted text. */
export function executionData(execution: Pick<Execution, 'data'>): ExecuteRun['data'] | undefined {
	const data: unknown =
		typeof execution.data === 'string' ? loadFlatted().parse(execution.data) : execution.data;
	return typeof data === 'object' && data !== null ? (data as ExecuteRun['data']) : undefined;
}
