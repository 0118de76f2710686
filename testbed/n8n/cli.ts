/**
 * The n8n CLI against a user folder: `import:credentials`, `import:workflow`, `execute --rawOutput`.
 * Each command starts n8n's core (a few seconds) without its HTTP server; it only needs a free
 * task-runner broker port of its own (picked in `brokerPorts` unless `brokerPort` is given).
 */
import fs from 'node:fs';
import path from 'node:path';

import { N8N_BIN, N8N_NODE } from './paths';
import { PORT_RANGES, findFreePort, type PortRange } from './ports';
import { run, tail, type RunResult } from './process';
import { n8nEnv } from './server';
import type { CredentialSpec, ExecuteRun, RunError } from './workflows';
import { isPlainObject } from '../guards';

export interface CliOptions {
	userFolder: string;
	/** the task-runner broker port; default: a free one in `brokerPorts` */
	brokerPort?: number;
	/** default PORT_RANGES.e2eBroker (5800-5899) */
	brokerPorts?: PortRange;
	customExtensions?: string;
	extraEnv?: Record<string, string>;
	/** extra arguments for node, before n8n's bin (e.g. '--max-old-space-size=4096') */
	nodeArgs?: readonly string[];
	/** default 120 s */
	timeoutMs?: number;
	/** see RunOptions.stdoutFile */
	stdoutFile?: string;
	/** own process group: a timeout or stopAllChildren() kills the command's task runners too */
	detached?: boolean;
}

/** The options of the commands below: those of n8nCli() without the user folder. */
export type CommandOptions = Omit<CliOptions, 'userFolder'>;

/**
 * Runs an n8n CLI command (import:workflow, execute, ...) against a user folder.
 * Needs its own runner broker port when a server runs on the same folder.
 */
export async function n8nCli(args: readonly string[], opts: CliOptions): Promise<RunResult> {
	const {
		userFolder,
		brokerPorts = PORT_RANGES.e2eBroker,
		customExtensions,
		extraEnv,
		nodeArgs = [],
		timeoutMs = 120000,
		stdoutFile,
		detached,
	} = opts;
	const brokerPort = opts.brokerPort ?? (await findFreePort(brokerPorts[0], brokerPorts[1]));
	const env = n8nEnv({ userFolder, port: 0, brokerPort, customExtensions, extra: extraEnv });
	return run(N8N_NODE, [...nodeArgs, N8N_BIN, ...args], {
		cwd: userFolder,
		env,
		timeoutMs,
		stdoutFile,
		detached,
	});
}

function checkImported(what: string, res: RunResult): RunResult {
	if (res.code !== 0 || !/Successfully imported/.test(res.stdout + res.stderr)) {
		throw new Error(`n8n ${what} failed (exit ${res.code}):\n${tail(res.stdout + res.stderr, 30)}`);
	}
	return res;
}

/** `n8n import:credentials` with plain data (n8n encrypts it on import). */
export async function importCredentials(
	userFolder: string,
	creds: readonly CredentialSpec[],
	opts: CommandOptions = {},
): Promise<RunResult> {
	const file = path.join(userFolder, `credentials-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(creds));
	try {
		return checkImported(
			'import:credentials',
			await n8nCli(['import:credentials', `--input=${file}`], { ...opts, userFolder }),
		);
	} finally {
		// The file holds the keys in clear.
		fs.rmSync(file, { force: true });
	}
}

/** `n8n import:workflow --separate` of several workflows at once (one n8n start-up). */
export async function importWorkflows(
	userFolder: string,
	workflows: readonly object[],
	opts: CommandOptions = {},
): Promise<RunResult> {
	const dir = fs.mkdtempSync(path.join(userFolder, 'workflows-'));
	workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(wf)));
	try {
		return checkImported(
			'import:workflow',
			await n8nCli(['import:workflow', '--separate', `--input=${dir}`], { ...opts, userFolder }),
		);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The shape check behind parseExecuteOutput: an object with data.resultData. */
export function isExecuteRun(v: unknown): v is ExecuteRun {
	return isPlainObject(v) && isPlainObject(v.data) && isPlainObject(v.data.resultData);
}

/**
 * Parses the output of `n8n execute --rawOutput`: the run JSON starts at the first line that is
 * exactly "{" (info lines precede it). On a failed workflow n8n logs the same JSON after
 * "Execution error:" — this finds it too. Returns the parsed IRun or null.
 */
export function parseExecuteOutput(text: string): ExecuteRun | null {
	const lines = String(text).split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].trim() !== '{') continue;
		// Find the matching closing line: the first later line that is exactly "}" and parses.
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				const parsed: unknown = JSON.parse(lines.slice(i, j + 1).join('\n'));
				if (isExecuteRun(parsed)) return parsed;
			} catch {
				/* keep looking */
			}
		}
	}
	return null;
}

export interface ExecuteOptions extends CommandOptions {
	/** default 180 s */
	timeoutMs?: number;
	/** Clip `output` to this many characters (its head and tail), e.g. to keep it in a results file. Default: all of it. */
	maxOutputChars?: number;
}

export interface ExecuteResult {
	code: number | null;
	/** the parsed IRun, or null when none was printed */
	run: ExecuteRun | null;
	/** stdout + stderr, for messages and debugging */
	output: string;
	/** wall time of the command */
	ms: number;
	/** resultData.error.message when the workflow failed */
	errorMessage?: string;
	errorDescription?: string | null;
}

let executeCount = 0;

/** `n8n execute --id=<id> --rawOutput`; parses the printed run (also printed on failure). */
export async function executeWorkflow(
	userFolder: string,
	id: string,
	opts: ExecuteOptions = {},
): Promise<ExecuteResult> {
	const { maxOutputChars, timeoutMs = 180000, ...cliOpts } = opts;
	// stdout to a file: through a pipe, the tail of a big run JSON is lost (see RunOptions.stdoutFile).
	const outFile = path.join(userFolder, `execute-${id}-${process.pid}-${++executeCount}.out`);
	let res: RunResult;
	try {
		res = await n8nCli(['execute', `--id=${id}`, '--rawOutput'], {
			...cliOpts,
			userFolder,
			timeoutMs,
			stdoutFile: outFile,
		});
	} finally {
		fs.rmSync(outFile, { force: true });
	}
	const full = `${res.stdout}\n${res.stderr}`;
	const run = parseExecuteOutput(res.stdout) ?? parseExecuteOutput(full);
	const error: RunError | undefined = run?.data?.resultData?.error;
	const output =
		maxOutputChars !== undefined && full.length > maxOutputChars
			? `${full.slice(0, Math.round(maxOutputChars * 0.2))}\n...\n${full.slice(-Math.round(maxOutputChars * 0.4))}`
			: full;
	return {
		code: res.code,
		run,
		output,
		ms: res.ms,
		errorMessage: error?.message,
		errorDescription: error?.description,
	};
}
