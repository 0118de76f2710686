/**
 * `npm run bench` (node -r ./testbed/register.js bench/run.ts): our nodes against what an n8n user
 * would build instead, side by side in one run, against the loopback mock API. Prints a table of
 * ratios, request counts and memory (each line with its target and MET / MISSED / info) and writes
 * JSON to bench/results/latest.json.
 *
 * No absolute time is a pass/fail line: only ratios, request counts and memory.
 * See bench/README.md for what runs where and why.
 *
 * Options: --quick     smaller sizes (a smoke run of the machinery, ~1 min; results are not the targets'
 *                      and go to bench/.build/quick.json, not bench/results/)
 *          --no-n8n    skip the real-n8n part (lines that need it are reported as not run)
 *          --keep      keep the throwaway n8n user folder (path printed)
 *          --only shared-account   only the several-processes-one-account lines (JSON to bench/results/shared-account.json)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import {
	N8N_VERSION,
	PORT_RANGES,
	ROOT,
	TS_NODE_ARGS,
	credentialRefs,
	executeWorkflow,
	type CredentialRef,
	importCredentials,
	importWorkflows,
	isN8nInstalled,
	makeUserFolder,
	n8nId,
	nodeRuns,
	removeUserFolders,
	run,
	startMockProcess,
	stopAllChildren,
	tail,
	type MockProcess,
	type MockProcessOptions,
	type NodeRunSummary,
} from '../n8n';
import { buildPackages, type BenchBuild } from './lib/build';
import { BUILD_DIR } from './lib/paths';
import { summarize, type RequestSummary } from './lib/requests';
import { RESULT_PREFIX, type ThrownError } from './lib/scenario';
import { buildLines, kfmt } from './lib/lines';
import {
	SERVICES,
	type FoldersN8nResult,
	type FolderRep,
	type HarnessRun,
	type MemoriesN8nResult,
	type MemoryRun,
	type N8nNodeResult,
	type N8nPeerResult,
	type Results,
	type SharedAccountRun,
	type UploadRun,
} from './lib/results';
import { renderTable } from './lib/table';
import {
	FOLDER_LIST_FIELD,
	benchWorkflow,
	folderNode,
	folderPeer,
	memoriesNode,
	memoriesPeer,
	splitOut,
	type BenchNodeSpec,
	type FolderService,
} from './lib/workflows';
import type {
	MemoriesReturnAllInput,
	MemoriesReturnAllResult,
} from './scenarios/memories-return-all';
import type { OverheadInput, OverheadResult } from './scenarios/overhead';
import type { SharedAccountInput, SharedAccountResult } from './scenarios/shared-account';
import type { UploadStreamInput, UploadStreamResult } from './scenarios/upload-stream';
import type { TriggerPollInput, TriggerPollResult } from './scenarios/trigger-poll';

const RESULTS = path.join(__dirname, 'results');
const SCENARIOS = path.join(__dirname, 'scenarios');
const BUDGET_MS = 12 * 60 * 1000;

const argv = new Set(process.argv.slice(2));
const QUICK = argv.has('--quick');
const NO_N8N = argv.has('--no-n8n');
const KEEP = argv.has('--keep');
const ONLY_SHARED = process.argv.slice(2).join(' ').includes('--only shared-account');

/** Sizes and knobs. The full run is what the targets are about; --quick only exercises the machinery. */
const CFG = QUICK
	? {
			small: 2000,
			large: 10000,
			folders: 1000,
			triggerSizes: [1000, 10000, 20000],
			triggerRounds: 8,
			folderReps: 3,
			overheadVideos: 20000,
			overheadRepeats: 5,
			diyVideos: 20000,
			uploadMiB: [64, 256],
			sharedVideos: 2000,
			sharedProcesses: [1, 2, 4],
		}
	: {
			small: 10000,
			large: 100000,
			folders: 10000,
			triggerSizes: [1000, 10000, 100000],
			triggerRounds: 25,
			folderReps: 5,
			overheadVideos: 100000,
			overheadRepeats: 9,
			diyVideos: 100000,
			uploadMiB: [256, 1024],
			sharedVideos: 10000,
			sharedProcesses: [1, 2, 4],
		};
const QPS = 5;
const PAGE = 200;
const FOLDER_PAGE = 100;
const EXPERT_INTERVAL_MS = 1000 / QPS; // what an expert types into "Interval Between Requests" for 5 requests/s
const FOLDER_LATENCY_MS = 50;
const PENDING = 50;

/**
 * What the benchmark asks of every n8n CLI call: no execution data saved (the runs are big), room
 * for 10,000-item outputs, a task-runner broker port in 6400–6999 (away from `npm start` on 5678+
 * and the e2e tests on 5700–5899), and its own process group (a kill reaches its task runners).
 */
const N8N_CLI = {
	extraEnv: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', EXECUTIONS_DATA_SAVE_ON_ERROR: 'none' },
	nodeArgs: ['--max-old-space-size=4096'],
	brokerPorts: PORT_RANGES.benchBroker,
	detached: true,
};

const t0 = Date.now();
const log = (msg: string): void =>
	void process.stderr.write(
		`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`,
	);
const errorMessage = (error: unknown): string =>
	error instanceof Error ? error.message : String(error);

// ------------------------------------------------------------------------------------------------
// Child processes: mock APIs and scenarios
// ------------------------------------------------------------------------------------------------

type Mock = MockProcess;

const mocks: Mock[] = [];
/** A mock API process; no videos and no folders unless asked for (the CLI's defaults are 40 and 15). */
async function mock(opts: MockProcessOptions): Promise<Mock> {
	const m = await startMockProcess({ videos: 0, folders: 0, ...opts });
	mocks.push(m);
	return m;
}

interface Scenarios {
	'memories-return-all': { input: MemoriesReturnAllInput; result: MemoriesReturnAllResult };
	overhead: { input: OverheadInput; result: OverheadResult };
	'upload-stream': { input: UploadStreamInput; result: UploadStreamResult };
	'trigger-poll': { input: TriggerPollInput; result: TriggerPollResult };
	'shared-account': { input: SharedAccountInput; result: SharedAccountResult };
}

/**
 * Runs bench/scenarios/<name>.ts in its own Node process (`node [...nodeArgs, ...TS_NODE_ARGS,
 * <name>.ts, <input JSON>]`). The scenario prints exactly one line `BENCH_RESULT <json>` on stdout;
 * everything else is its log.
 */
async function runScenario<K extends keyof Scenarios>(
	name: K,
	input: Scenarios[K]['input'],
	{ timeoutMs, nodeArgs = [] }: { timeoutMs: number; nodeArgs?: string[] },
): Promise<Scenarios[K]['result']> {
	const script = path.join(SCENARIOS, `${name}.ts`);
	const res = await run(
		process.execPath,
		[...nodeArgs, ...TS_NODE_ARGS, script, JSON.stringify(input)],
		{ cwd: ROOT, timeoutMs },
	);
	const line = res.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
	if (res.code !== 0 || !line) {
		throw new Error(
			`${name}.ts failed (exit ${res.code}${res.signal ? `, ${res.signal}` : ''}):\n${tail(res.stdout + res.stderr, 30)}`,
		);
	}
	return JSON.parse(line.slice(RESULT_PREFIX.length)) as Scenarios[K]['result'];
}

const GC_ARGS = ['--expose-gc', '--max-old-space-size=2048'];

// ------------------------------------------------------------------------------------------------
// Several processes, one Memories.ai account (n8n queue-mode workers): adaptive pacing vs fixed
// ------------------------------------------------------------------------------------------------

const SHARED_LATENCY_MS = 50;

/**
 * An HTTP barrier on loopback: each of `parties` processes GETs its URL; once all have, `onAll`
 * runs and then every one of them is answered at once (their start signal).
 */
async function barrier(
	parties: number,
	onAll: () => Promise<void>,
): Promise<{ url: string; close: () => void }> {
	const waiting: http.ServerResponse[] = [];
	const server = http.createServer((_req, res) => {
		waiting.push(res);
		if (waiting.length === parties) void onAll().then(() => waiting.forEach((w) => w.end('go')));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/**
 * `processes` Node processes each run a Return All over the same `videos` against ONE mock (one key,
 * 5 requests/s for all its clients), started together; requests and refusals come from the mock's log.
 */
async function sharedAccountRun(
	processes: number,
	adaptivePacing: boolean,
	videos: number,
): Promise<SharedAccountRun> {
	const m = await mock({ videos, qps: QPS, latency: SHARED_LATENCY_MS, seed: 5 });
	const gate = await barrier(processes, async () => {
		// The warm-ups' requests leave the log and the limiter's window before the start.
		await sleepMs(1200);
		await m.resetCounters();
	});
	try {
		const input: SharedAccountInput = {
			baseUrl: m.baseUrls.memoriesAi,
			apiKey: m.keys.memoriesAi,
			adaptivePacing,
			barrierUrl: gate.url,
		};
		const succeeded = (r: SharedAccountResult): boolean =>
			r.thrown === null && r.errorItems === 0 && r.distinct === videos;
		const results = await Promise.all(
			Array.from({ length: processes }, () =>
				runScenario('shared-account', input, { timeoutMs: 300000 }),
			),
		);
		const log = await m.requests('list_videos');
		const requests = summarize(log);
		return {
			refusedAtS: log
				.filter((r) => r.limited)
				.map((r) => Math.round((r.at - (requests.firstAt ?? 0)) / 100) / 10),
			processes,
			adaptivePacing,
			videosEach: videos,
			ms: Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt)),
			items: results.reduce((sum, r) => sum + r.items, 0),
			distinct: results.map((r) => r.distinct),
			failedExecutions: results.filter((r) => !succeeded(r)).length,
			delivered: results.filter(succeeded).reduce((sum, r) => sum + r.distinct, 0),
			thrown: results.flatMap((r) => (r.thrown ? [r.thrown] : [])),
			requests,
		};
	} finally {
		gate.close();
		await m.stop();
	}
}

/** 1, 2 and 4 processes; for each, fixed and adaptive pacing side by side (two mocks, two accounts). */
async function sharedAccountBench(): Promise<SharedAccountRun[]> {
	const out: SharedAccountRun[] = [];
	for (const n of CFG.sharedProcesses) {
		log(
			`shared account: ${n} process(es) × ${kfmt(CFG.sharedVideos)} videos, fixed and adaptive pacing side by side`,
		);
		out.push(
			...(await Promise.all([
				sharedAccountRun(n, false, CFG.sharedVideos),
				sharedAccountRun(n, true, CFG.sharedVideos),
			])),
		);
	}
	return out;
}

const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------------------------------------
// Memories.ai Return All, 100,000 videos: our node in the n8n-core harness (one process each)
// ------------------------------------------------------------------------------------------------

async function memoriesInHarness(videos: number, latency: number): Promise<HarnessRun> {
	const m = await mock({ videos, qps: QPS, latency, seed: 1 });
	const result = await runScenario(
		'memories-return-all',
		{ baseUrl: m.baseUrls.memoriesAi, apiKey: m.keys.memoriesAi },
		{ timeoutMs: 240000, nodeArgs: GC_ARGS },
	);
	const requests = summarize(await m.requests('list_videos'));
	await m.stop();
	return { videos, latency, where: 'harness', ...result, requests };
}

/**
 * Peak live memory: every 20 ms sample forces a full GC first, so the peak is what the node holds (not
 * garbage awaiting collection, whose size depends on the GC's timing and the machine's load). Pacing is
 * lifted for this run (forced GCs would disturb it; memory does not depend on it).
 */
async function memoryBench(): Promise<MemoryRun> {
	const m = await mock({ videos: CFG.large, seed: 1 });
	const result = await runScenario(
		'memories-return-all',
		{ baseUrl: m.baseUrls.memoriesAi, apiKey: m.keys.memoriesAi, liveSampleMs: 20 },
		{ timeoutMs: 180000, nodeArgs: GC_ARGS },
	);
	await m.stop();
	return { videos: CFG.large, ...result };
}

// ------------------------------------------------------------------------------------------------
// Real n8n: Memories.ai 10,000 (node vs HTTP Request), DIY trigger poll, folders (node vs HTTP Request)
// ------------------------------------------------------------------------------------------------

const CRED = credentialRefs({
	memNode400: 'Memories.ai (mock, 400 ms)',
	memNode50: 'Memories.ai (mock, 50 ms)',
	memHeader: 'Memories.ai key (Header Auth)',
	heyGen: 'HeyGen (mock)',
	konpro: 'Konpro (mock)',
	heyGenHeader: 'HeyGen key (Header Auth)',
	konproHeader: 'Konpro key (Header Auth)',
});
const WF_MEMORIES = n8nId('wfBenchMem', 1);
const WF_FOLDERS = n8nId('wfBenchFold', 1);

const NAMES = {
	node400: 'Memories.ai node, 400 ms',
	peer400: 'HTTP Request, 400 ms',
	split400: 'Split Out, 400 ms',
	node50: 'Memories.ai node, 50 ms',
	peer50t: `HTTP Request, 50 ms, interval ${EXPERT_INTERVAL_MS}`,
	split50t: `Split Out, 50 ms, interval ${EXPERT_INTERVAL_MS}`,
	peer50u: 'HTTP Request, 50 ms, no interval',
	split50u: 'Split Out, 50 ms, no interval',
	diy: 'DIY poll: HTTP Request lists the library',
};

const field = (value: unknown, name: string): unknown =>
	typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)[name]
		: undefined;

/** Exactly `count` folders outside the trash per service (the seed trashes ~10 %): top up with new ones. */
async function topUpFolders(m: Mock, count: number): Promise<void> {
	const state = await m.state();
	for (const { service, adminPath } of SERVICES) {
		const live =
			Number(field(field(state, service), 'folderCount')) -
			Number(field(field(state, service), 'trashedCount'));
		if (!Number.isFinite(live)) throw new Error(`mock state has no folder counts for ${service}`);
		const names = Array.from({ length: count - live }, (_, i) => `Bench folder ${i + 1}`);
		for (let i = 0; i < names.length; i += 25) {
			await Promise.all(names.slice(i, i + 25).map((name) => m.admin('POST', adminPath, { name })));
		}
	}
	await m.resetCounters();
}

interface N8nContext {
	userFolder: string;
	mocks: Record<'m400n' | 'm400p' | 'm50n' | 'm50t' | 'm50u' | 'diy' | 'fold', Mock>;
}

async function prepareN8n(build: BenchBuild): Promise<N8nContext> {
	const [m400n, m400p, m50n, m50t, m50u, diy, fold] = await Promise.all([
		mock({ videos: CFG.small, qps: QPS, latency: 400, seed: 1 }),
		mock({ videos: CFG.small, qps: QPS, latency: 400, seed: 1 }),
		mock({ videos: CFG.small, qps: QPS, latency: 50, seed: 1 }),
		mock({ videos: CFG.small, qps: QPS, latency: 50, seed: 1 }),
		mock({ videos: CFG.small, qps: QPS, latency: 50, seed: 1 }),
		mock({ videos: CFG.diyVideos, seed: 1 }),
		mock({ videos: 0, folders: CFG.folders, latency: FOLDER_LATENCY_MS, seed: 1 }),
	]);
	await topUpFolders(fold, CFG.folders);
	const userFolder = await makeUserFolder('bench', build.pkgDirs);
	log(`real n8n ${N8N_VERSION}: user folder ${userFolder}`);
	const header = (c: CredentialRef, name: string, value: string) => ({
		...c,
		type: 'httpHeaderAuth',
		data: { name, value },
	});
	await importCredentials(
		userFolder,
		[
			{
				...CRED.memNode400,
				type: 'memoriesAiApi',
				data: { apiKey: m400n.keys.memoriesAi, baseUrl: m400n.baseUrls.memoriesAi },
			},
			{
				...CRED.memNode50,
				type: 'memoriesAiApi',
				data: { apiKey: m50n.keys.memoriesAi, baseUrl: m50n.baseUrls.memoriesAi },
			},
			header(CRED.memHeader, 'Authorization', m400p.keys.memoriesAi),
			{
				...CRED.heyGen,
				type: 'heyGenFoldersApi',
				data: { apiKey: fold.keys.heyGen, baseUrl: fold.baseUrls.heyGen },
			},
			{
				...CRED.konpro,
				type: 'konproApi',
				data: { apiKey: fold.keys.konpro, baseUrl: fold.baseUrls.konpro },
			},
			header(CRED.heyGenHeader, 'x-api-key', fold.keys.heyGen),
			header(CRED.konproHeader, 'x-api-key', fold.keys.konpro),
		],
		N8N_CLI,
	);
	const memories = benchWorkflow(WF_MEMORIES, 'Bench: Memories.ai Return All vs HTTP Request', [
		[memoriesNode(NAMES.node400, CRED.memNode400)],
		[
			memoriesPeer(NAMES.peer400, {
				baseUrl: m400p.baseUrls.memoriesAi,
				credential: CRED.memHeader,
			}),
			splitOut(NAMES.split400, 'data.videos'),
		],
		[memoriesNode(NAMES.node50, CRED.memNode50)],
		[
			memoriesPeer(NAMES.peer50t, {
				baseUrl: m50t.baseUrls.memoriesAi,
				credential: CRED.memHeader,
				intervalMs: EXPERT_INTERVAL_MS,
			}),
			splitOut(NAMES.split50t, 'data.videos'),
		],
		[
			memoriesPeer(NAMES.peer50u, {
				baseUrl: m50u.baseUrls.memoriesAi,
				credential: CRED.memHeader,
				continueOnError: true,
			}),
			splitOut(NAMES.split50u, 'data.videos', true),
		],
		[memoriesPeer(NAMES.diy, { baseUrl: diy.baseUrls.memoriesAi, credential: CRED.memHeader })],
	]);
	// Folders: each repetition runs node and peer for both services; the order alternates between
	// repetitions so that drift in machine load hits both sides alike.
	// Warm-up first (one small request each way), so neither side pays n8n's first-run costs
	// (module loading, JIT) inside a measured repetition.
	const folderChains: BenchNodeSpec[][] = [];
	for (const { service, label } of SERVICES) {
		const peer = { baseUrl: fold.baseUrls[service], credential: CRED[`${service}Header`] };
		folderChains.push(
			[folderNode(`Warm-up ${label} node`, service, CRED[service], 5)],
			[
				folderPeer(`Warm-up ${label} HTTP Request`, service, { ...peer, maxRequests: 1 }),
				splitOut(`Warm-up ${label} Split Out`, FOLDER_LIST_FIELD[service]),
			],
		);
	}
	for (let rep = 1; rep <= CFG.folderReps; rep++) {
		for (const { service, label } of SERVICES) {
			const nodeChain = [folderNode(`${label} node #${rep}`, service, CRED[service])];
			const peerChain = [
				folderPeer(`${label} HTTP Request #${rep}`, service, {
					baseUrl: fold.baseUrls[service],
					credential: CRED[`${service}Header`],
				}),
				splitOut(`${label} Split Out #${rep}`, FOLDER_LIST_FIELD[service]),
			];
			if (rep % 2 === 1) folderChains.push(nodeChain, peerChain);
			else folderChains.push(peerChain, nodeChain);
		}
	}
	const folders = benchWorkflow(
		WF_FOLDERS,
		'Bench: folders Return All vs HTTP Request',
		folderChains,
	);
	await importWorkflows(userFolder, [memories, folders], N8N_CLI);
	return { userFolder, mocks: { m400n, m400p, m50n, m50t, m50u, diy, fold } };
}

type Runs = Record<string, NodeRunSummary>;
type NodeRun = NodeRunSummary;

/** Wall time from the start of node `first` to the end of node `last` (default: `first` alone). */
function wallOf(runs: Runs, first: string, last = first): number | null {
	const a: NodeRun | undefined = runs[first];
	const b: NodeRun | undefined = runs[last];
	if (
		!a ||
		!b ||
		a.startTime === undefined ||
		b.startTime === undefined ||
		b.executionTime === undefined
	)
		return null;
	return b.startTime + b.executionTime - a.startTime;
}

const distinctVideos = (json: ReadonlyArray<unknown>): number =>
	new Set(json.map((j) => field(j, 'video_no')).filter((v) => v !== undefined)).size;
const thrownOf = (r: NodeRun | undefined): ThrownError | null =>
	r?.error ? { message: r.error.message, description: r.error.description ?? null } : null;

async function runMemoriesWorkflow(ctx: N8nContext): Promise<MemoriesN8nResult> {
	const res = await executeWorkflow(ctx.userFolder, WF_MEMORIES, {
		...N8N_CLI,
		timeoutMs: 360000,
		maxOutputChars: 20000,
	});
	const runs = nodeRuns(res.run);
	const { m400n, m400p, m50n, m50t, m50u, diy } = ctx.mocks;
	const reqs = async (m: Mock): Promise<RequestSummary> =>
		summarize(await m.requests('list_videos'));
	const nodeResult = async (name: string, m: Mock, latency: number): Promise<N8nNodeResult> => {
		const r: NodeRun | undefined = runs[name];
		return {
			latency,
			where: 'real n8n',
			ms: r?.executionTime ?? null,
			items: r?.items ?? 0,
			distinct: distinctVideos(r?.json ?? []),
			errorItems: r?.errorItems ?? 0,
			thrown: thrownOf(r),
			requests: await reqs(m),
		};
	};
	const peerResult = async (
		http: string,
		split: string,
		m: Mock,
		latency: number,
		intervalMs: number,
	): Promise<N8nPeerResult> => {
		const h: NodeRun | undefined = runs[http];
		const s: NodeRun | undefined = runs[split];
		const pages = h?.json ?? [];
		return {
			latency,
			intervalMs,
			where: 'real n8n',
			ms: wallOf(runs, http, split),
			httpMs: h?.executionTime ?? null,
			items: s?.items ?? 0,
			distinct: distinctVideos(s?.json ?? []),
			errorItems: (h?.errorItems ?? 0) + (s?.errorItems ?? 0),
			thrown: thrownOf(h) ?? thrownOf(s),
			rateLimitedPagesInOutput: pages.filter((p) => field(p, 'code') === '0429').length,
			requests: await reqs(m),
		};
	};
	const diyRun: NodeRun | undefined = runs[NAMES.diy];
	const result: MemoriesN8nResult = {
		exitCode: res.code,
		parsed: !!res.run,
		workflowError: res.errorMessage ?? null,
		order: Object.entries(runs)
			.sort((a, b) => (a[1].startTime ?? 0) - (b[1].startTime ?? 0))
			.map(([name]) => name),
		node400: await nodeResult(NAMES.node400, m400n, 400),
		peer400: await peerResult(NAMES.peer400, NAMES.split400, m400p, 400, 0),
		node50: await nodeResult(NAMES.node50, m50n, 50),
		peer50tuned: await peerResult(NAMES.peer50t, NAMES.split50t, m50t, 50, EXPERT_INTERVAL_MS),
		peer50untuned: await peerResult(NAMES.peer50u, NAMES.split50u, m50u, 50, 0),
		diy: {
			videos: CFG.diyVideos,
			ms: diyRun?.executionTime ?? null,
			pages: diyRun?.items ?? 0,
			requests: await reqs(diy),
		},
	};
	if (!res.run) result.output = res.output;
	return result;
}

async function runFoldersWorkflow(ctx: N8nContext): Promise<FoldersN8nResult> {
	const { fold } = ctx.mocks;
	await fold.resetCounters();
	const res = await executeWorkflow(ctx.userFolder, WF_FOLDERS, {
		...N8N_CLI,
		timeoutMs: 360000,
		maxOutputChars: 20000,
	});
	const runs = nodeRuns(res.run);
	const all = await fold.requests('/v1/folders');
	/**
	 * Requests of `service` that arrived while node `r` ran, from its start to its end (same clock):
	 * each of its requests arrives after it starts and, at 50 ms latency, well before it ends. No
	 * slack: the next node of the same service may send its first request 4–15 ms after this one
	 * ends, and a ±5 ms window counted it as this node's 101st (2 of 10 runs in one benchmark).
	 */
	const during = (service: FolderService, r: NodeRun | undefined): number | null => {
		if (!r?.startTime || r.executionTime === undefined) return null;
		const from = r.startTime;
		const to = r.startTime + r.executionTime;
		return all.filter((q) => q.service === service && q.at >= from && q.at <= to).length;
	};
	const reps: FolderRep[] = [];
	for (let rep = 1; rep <= CFG.folderReps; rep++) {
		for (const { service, label } of SERVICES) {
			const node: NodeRun | undefined = runs[`${label} node #${rep}`];
			const http: NodeRun | undefined = runs[`${label} HTTP Request #${rep}`];
			const split: NodeRun | undefined = runs[`${label} Split Out #${rep}`];
			const nodeMs = node?.executionTime ?? null;
			const peerMs = wallOf(runs, `${label} HTTP Request #${rep}`, `${label} Split Out #${rep}`);
			reps.push({
				rep,
				service,
				nodeMs,
				peerMs,
				ratio: nodeMs && peerMs ? nodeMs / peerMs : null,
				nodeItems: node?.items ?? 0,
				peerItems: split?.items ?? 0,
				nodeError: thrownOf(node),
				peerError: thrownOf(http) ?? thrownOf(split),
				nodeRequests: during(service, node),
				peerRequests: during(service, http),
			});
		}
	}
	return {
		exitCode: res.code,
		parsed: !!res.run,
		workflowError: res.errorMessage ?? null,
		reps,
		...(res.run ? {} : { output: res.output }),
	};
}

// ------------------------------------------------------------------------------------------------
// Trigger (harness) and execution overhead (in-process micro-benchmark)
// ------------------------------------------------------------------------------------------------

async function triggerBench(): Promise<TriggerPollResult> {
	const ms = await Promise.all(
		CFG.triggerSizes.map((size) => mock({ videos: size, qps: QPS, seed: 99 })),
	);
	const result = await runScenario(
		'trigger-poll',
		{
			mocks: ms.map((m, i) => ({
				size: CFG.triggerSizes[i],
				url: m.url,
				apiKey: m.keys.memoriesAi,
			})),
			pending: PENDING,
			rounds: CFG.triggerRounds,
		},
		{ timeoutMs: 240000 },
	);
	await Promise.all(ms.map((m) => m.stop()));
	return result;
}

async function overheadBench(): Promise<OverheadResult[]> {
	const out: OverheadResult[] = [];
	for (const legacy of [false, true]) {
		out.push(
			await runScenario(
				'overhead',
				{ videos: CFG.overheadVideos, repeats: CFG.overheadRepeats, legacy },
				{ timeoutMs: 180000, nodeArgs: GC_ARGS },
			),
		);
	}
	return out;
}

/**
 * Video → Upload of a binary file n8n keeps on disk, two sizes side by side: the peak RSS growth
 * should not grow with the file (it is streamed). The files are zeros written in 1 MiB steps.
 */
async function uploadBench(): Promise<UploadRun[]> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-upload-'));
	const out: UploadRun[] = [];
	try {
		for (const mib of CFG.uploadMiB) {
			const file = path.join(folder, `${mib}.mp4`);
			const chunk = Buffer.alloc(1024 * 1024);
			const fd = fs.openSync(file, 'w');
			for (let i = 0; i < mib; i++) fs.writeSync(fd, chunk);
			fs.closeSync(fd);
			const m = await mock({ seed: 1 });
			const result = await runScenario(
				'upload-stream',
				{ baseUrl: m.baseUrls.memoriesAi, apiKey: m.keys.memoriesAi, file },
				{ timeoutMs: 300000, nodeArgs: GC_ARGS },
			);
			const [request] = await m.requests('upload');
			const files = (request?.body as { files?: Array<{ bytes: number }> } | undefined)?.files;
			out.push({ ...result, mockBytes: files?.[0]?.bytes ?? null });
			await m.stop();
			fs.rmSync(file, { force: true });
		}
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
	return out;
}

// ------------------------------------------------------------------------------------------------

function gitInfo(): { commit: string; nodesDirty: boolean } | null {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: ROOT,
			encoding: 'utf8',
			timeout: 10000,
		}).trim();
		const dirty =
			execFileSync('git', ['status', '--porcelain', '--', 'packages', 'shared'], {
				cwd: ROOT,
				encoding: 'utf8',
				timeout: 10000,
			}).trim() !== '';
		return { commit, nodesDirty: dirty };
	} catch {
		return null;
	}
}

/** Writes `json` to `file` through `<file>.tmp` and a rename, so a reader never sees half a file. */
function writeAtomically(file: string, json: string): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(`${file}.tmp`, json);
	fs.renameSync(`${file}.tmp`, file);
}

/** Phases 1–3 (everything but the shared-account phase). */
async function otherPhases(
	R: Results,
	guard: <K extends Exclude<keyof Results, 'errors'>>(
		key: K,
		fn: () => Promise<Results[K]>,
	) => Promise<void>,
	withN8n: boolean,
	build: BenchBuild,
	n8n: { ctx?: N8nContext },
): Promise<void> {
	// Phase 1: the 100,000-video runs (rate-limited, ~106 s each) in the harness, both latencies at
	// once (separate mock processes = separate accounts), while real n8n imports and runs the Memories.ai
	// comparison workflow (mostly waiting on the rate limit too).
	await Promise.all([
		guard('memoriesHarness', async () => {
			log(`harness: Memories.ai Return All ${kfmt(CFG.large)} videos at 50 ms and 400 ms`);
			const out = await Promise.all([
				memoriesInHarness(CFG.large, 50),
				memoriesInHarness(CFG.large, 400),
			]);
			log('harness: Memories.ai runs done');
			return out;
		}),
		withN8n &&
			guard('memoriesN8n', async () => {
				log('real n8n: preparing mocks, credentials and workflows');
				const ctx = (n8n.ctx = await prepareN8n(build));
				log(
					`real n8n: Memories.ai ${kfmt(CFG.small)} node vs HTTP Request (400 ms, 50 ms tuned/untuned) + DIY poll at ${kfmt(CFG.diyVideos)}`,
				);
				const out = await runMemoriesWorkflow(ctx);
				log('real n8n: Memories.ai workflow done');
				return out;
			}),
	]);

	// Phase 2: folders in real n8n (wall-time ratio) while the trigger's polls run in the harness
	// (their CPU is measured per process, and they mostly wait on pacing).
	const ctx = n8n.ctx;
	await Promise.all([
		ctx &&
			guard('foldersN8n', async () => {
				log(
					`real n8n: folders ${kfmt(CFG.folders)}, node vs HTTP Request, ${CFG.folderReps} repetitions`,
				);
				const out = await runFoldersWorkflow(ctx);
				log('real n8n: folders workflow done');
				return out;
			}),
		guard('trigger', async () => {
			log(`harness: trigger polls with ${CFG.triggerSizes.map(kfmt).join(' / ')} videos`);
			const out = await triggerBench();
			log('harness: trigger done');
			return out;
		}),
	]);

	// Phase 3: peak live memory (forced GCs) and the CPU micro-benchmark, alone.
	await guard('memory', async () => {
		log(`memory: ${kfmt(CFG.large)} videos, peak live memory`);
		return await memoryBench();
	});
	await guard('overhead', async () => {
		log(`overhead: ${kfmt(CFG.overheadVideos)} videos, node code vs JSON.parse`);
		return await overheadBench();
	});
	await guard('upload', async () => {
		log(`upload: ${CFG.uploadMiB.join(' and ')} MiB binary files, peak RSS`);
		return await uploadBench();
	});
}

async function main(): Promise<void> {
	const R: Results = { errors: {} };
	const guard = async <K extends Exclude<keyof Results, 'errors'>>(
		key: K,
		fn: () => Promise<Results[K]>,
	): Promise<void> => {
		try {
			R[key] = await fn();
		} catch (error) {
			R.errors[key] = errorMessage(error).split('\n')[0];
			log(`${key} failed: ${errorMessage(error).slice(0, 2000)}`);
		}
	};
	const watchdog = setTimeout(() => {
		log(`time budget of ${BUDGET_MS / 60000} min exceeded: stopping everything`);
		void stopAllChildren().then(() => process.exit(3));
	}, BUDGET_MS);
	watchdog.unref();

	log(
		`building the package into bench/.build (tsc)${QUICK ? ' [--quick: smaller sizes, not the targets]' : ''}`,
	);
	const build = await buildPackages();
	for (const w of build.warnings) log(`build warning: ${w}`);
	log(`built in ${build.seconds.toFixed(1)} s`);

	const withN8n = !NO_N8N && !ONLY_SHARED && isN8nInstalled();
	if (!NO_N8N && !withN8n)
		R.errors.n8n = `n8n ${N8N_VERSION} is not installed (npm run n8n:install installs it)`;

	const n8n: { ctx?: N8nContext } = {};
	if (!ONLY_SHARED) await otherPhases(R, guard, withN8n, build, n8n);

	// Last phase, alone: many processes starting at once compete for the CPU with whatever runs beside them.
	await guard('sharedAccount', async () => {
		log('shared account: 1 / 2 / 4 processes on one account, fixed and adaptive pacing');
		return await sharedAccountBench();
	});

	const ctx = n8n.ctx;
	const config = {
		...CFG,
		qps: QPS,
		pageSize: PAGE,
		folderPageSize: FOLDER_PAGE,
		expertIntervalMs: EXPERT_INTERVAL_MS,
		folderLatencyMs: FOLDER_LATENCY_MS,
		pending: PENDING,
	};
	const lines = buildLines(R, config);
	const finished = Date.now();
	const summary = {
		passed: lines.filter((l) => l.pass === true).length,
		missed: lines.filter((l) => l.pass === false).length,
		info: lines.filter((l) => l.pass === null).length,
	};
	const result = {
		startedAt: new Date(t0).toISOString(),
		finishedAt: new Date(finished).toISOString(),
		durationS: Math.round((finished - t0) / 1000),
		quick: QUICK,
		machine: {
			cpus: os.cpus().length,
			model: os.cpus()[0]?.model,
			loadAvgAtEnd: os.loadavg(),
			node: process.version,
			memGB: Math.round(os.totalmem() / 1e9),
		},
		git: gitInfo(),
		n8nVersion: withN8n ? N8N_VERSION : null,
		config,
		summary,
		lines,
		raw: R,
	};
	// Only a full run is a result (git keeps the history of latest.json); a quick run's JSON is scratch.
	const file = QUICK
		? path.join(BUILD_DIR, 'quick.json')
		: ONLY_SHARED
			? path.join(RESULTS, 'shared-account.json')
			: path.join(RESULTS, 'latest.json');
	writeAtomically(file, JSON.stringify(result, null, 2));

	process.stdout.write(`\n${renderTable(lines)}\n`);
	process.stdout.write(
		`\n${summary.passed} met, ${summary.missed} missed, ${summary.info} for information · ${result.durationS} s · ${result.machine.cpus} CPUs, load ${os
			.loadavg()
			.map((x) => x.toFixed(1))
			.join(' ')} · JSON: ${path.relative(ROOT, file)}\n`,
	);
	if (Object.keys(R.errors).length) process.stdout.write(`Errors: ${JSON.stringify(R.errors)}\n`);

	clearTimeout(watchdog);
	await Promise.all(mocks.map((m) => m.stop().catch(() => {})));
	if (KEEP) log(ctx ? `kept n8n user folder ${ctx.userFolder}` : 'no n8n user folder to keep');
	else removeUserFolders();
	await stopAllChildren();
	// Benchmarks report; they do not gate. Exit 0 unless the machinery itself failed.
	process.exitCode = Object.keys(R.errors).length ? 2 : 0;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
	process.once(sig, () => {
		log(`${sig}: stopping every process this run started`);
		void stopAllChildren().then(() => process.exit(130));
	});
}

main().catch(async (error: unknown) => {
	console.error(error);
	await stopAllChildren();
	process.exit(1);
});
