/**
 * The child side of a benchmark scenario (bench/scenarios/*.ts, spawned by run.ts as
 * `node -r testbed/register.js <scenario>.ts <input JSON>`): reads the input, loads node and
 * credential classes from the benchmark build, runs main() and prints what it returns as the one
 * `BENCH_RESULT <json>` line the parent reads, then exits (1 with the error on failure).
 * Imports nothing of the n8n driver, so a measured process holds only what it measures.
 */
import path from 'node:path';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { DIST } from './paths';

export const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * The request policy every node class of the package takes as its optional constructor argument
 * (n8n constructs nodes without one, so users always get the defaults). The benchmark only ever
 * lifts pacing where waiting is not what it measures.
 */
export interface RequestPolicyOverrides {
	pacing?: boolean;
	adaptivePacing?: boolean;
	maxRetries?: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
	maxRetryAfterMs?: number;
	timeoutMs?: number;
}

export type NodeClass = new (policy?: RequestPolicyOverrides) => INodeType | IVersionedNodeType;
export type CredentialClass = new () => ICredentialType;

/** The scenario's input: argv[2], JSON written by run.ts for exactly this scenario. */
export function scenarioInput<T>(): T {
	const text = process.argv[2];
	if (text === undefined)
		throw new Error('usage: node -r ./testbed/register.js <scenario>.ts <input JSON>');
	return JSON.parse(text) as T;
}

async function exportOf(rel: string, name: string): Promise<(...args: never[]) => unknown> {
	const mod: unknown = await import(path.join(DIST, rel));
	const value: unknown =
		typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)[name] : undefined;
	if (typeof value !== 'function')
		throw new Error(`${path.join(DIST, rel)} exports no class ${name}`);
	return value as (...args: never[]) => unknown;
}

/** A node class of the benchmark build, e.g. nodeClass('nodes/MemoriesAi/MemoriesAi.node.js', 'MemoriesAi'). */
export async function nodeClass(rel: string, name: string): Promise<NodeClass> {
	return (await exportOf(rel, name)) as unknown as NodeClass;
}

/** The node type n8n runs for a node class's instance: a versioned node's default version, else itself. */
export function currentVersion(node: INodeType | IVersionedNodeType): INodeType {
	return 'nodeVersions' in node ? node.getNodeType() : node;
}

/** A credential class of the benchmark build. */
export async function credentialClass(rel: string, name: string): Promise<CredentialClass> {
	return (await exportOf(rel, name)) as unknown as CredentialClass;
}

/** `global.gc`; the scenario must run with --expose-gc. */
export function requireGc(): () => void {
	const gc = globalThis.gc;
	if (typeof gc !== 'function') throw new Error('run with --expose-gc');
	return () => void gc();
}

export interface ThrownError {
	message: string;
	description: string | null;
}

/** What a node threw, as JSON (NodeApiError's description included). */
export function thrownOf(error: unknown): ThrownError {
	if (error instanceof Error) {
		const description: unknown = (error as Error & { description?: unknown }).description;
		return {
			message: error.message,
			description: typeof description === 'string' ? description : null,
		};
	}
	return { message: String(error), description: null };
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs main(), prints `BENCH_RESULT <json>` and exits 0; on failure prints the error and exits 1. */
export function scenario<T>(main: () => Promise<T>): void {
	main().then(
		(result) => {
			process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
			process.exit(0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
