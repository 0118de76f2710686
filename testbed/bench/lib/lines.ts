/**
 * The lines of the benchmark's table (and of results JSON `lines`) as a table of specs, apart from
 * the runs: SECTIONS says which runs each section reads from the results and, for each run, which
 * lines it makes and how (measured, target, value, verdict). buildLines() is the one function that
 * applies them, so the lines of a stored results JSON can be rebuilt (testbed/test/bench/lines.test.ts).
 */
import type {
	HarnessRun,
	MemoriesN8nResult,
	MemoryRun,
	Results,
	SharedAccountRun,
	UploadRun,
} from './results';
import { SERVICES } from './results';
import type { RequestSummary } from './requests';
import type { ThrownError } from './scenario';
import type { BenchLine } from './table';

/** The sizes and knobs the lines read: the fields of results JSON `config` they need. */
export interface LineConfig {
	small: number;
	folders: number;
	triggerRounds: number;
	qps: number;
	pageSize: number;
	folderPageSize: number;
	expertIntervalMs: number;
	folderLatencyMs: number;
	pending: number;
}

const fmt = (n: number | null | undefined, d = 0): string =>
	n === null || n === undefined || Number.isNaN(n)
		? 'n/a'
		: n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const median = (a: ReadonlyArray<number | null>): number | null => {
	const s = a.filter((x): x is number => typeof x === 'number').sort((x, y) => x - y);
	return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
export const kfmt = (n: number): string => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : fmt(n));
/** Videos per second over `ms`; NaN when there is no time (shown as n/a, never a pass). */
const perSecond = (count: number, ms: number | null): number => (ms ? count / (ms / 1000) : NaN);
/** Videos/s at the rate limit with full pages. */
const ceiling = (cfg: LineConfig): number => cfg.qps * cfg.pageSize;

// ------------------------------------------------------------------------------------------------
// Specs
// ------------------------------------------------------------------------------------------------

type Of<C, T> = (c: C, cfg: LineConfig) => T;
type Text<C> = string | Of<C, string>;

/** One line per run of its section; the fields are BenchLine's, computed from the run `C`. */
interface LineSpec<C> {
	id: Text<C>;
	line: Text<C>;
	measured: Of<C, string>;
	target: Text<C>;
	/** true = MET, false = MISSED, null = for information. */
	pass: Of<C, boolean | null>;
	value: Of<C, number | null>;
}

interface SectionSpec<C> {
	group: number;
	/** The runs, in table order, each with what its lines share; null = the phase has no result. */
	runs: (R: Results, cfg: LineConfig) => readonly C[] | null;
	lines: ReadonlyArray<LineSpec<C>>;
	/** The one MISSED line shown instead when `runs` is null: why = the phase's error, else `otherwise`. */
	notRun?: {
		id: string;
		line: Text<null>;
		target: string;
		error: keyof Results['errors'];
		otherwise: string;
	};
}

/** A section with its run type hidden, so that sections of different run types share one table. */
type Section = (R: Results, cfg: LineConfig) => BenchLine[];

const text = <C>(t: Text<C>, c: C, cfg: LineConfig): string =>
	typeof t === 'string' ? t : t(c, cfg);

/** Specs + results → lines: the only place lines are made. */
function section<C>(spec: SectionSpec<C>): Section {
	return (R, cfg) => {
		const runs = spec.runs(R, cfg);
		const n = spec.notRun;
		if (!runs) {
			if (!n) return [];
			const why = R.errors[n.error] ?? n.otherwise;
			return [
				{
					id: n.id,
					group: spec.group,
					line: text(n.line, null, cfg),
					measured: `not run (${why})`,
					target: n.target,
					pass: false,
					value: null,
				},
			];
		}
		return runs.flatMap((c) =>
			spec.lines.map((l) => ({
				id: text(l.id, c, cfg),
				group: spec.group,
				line: text(l.line, c, cfg),
				measured: l.measured(c, cfg),
				target: text(l.target, c, cfg),
				pass: l.pass(c, cfg),
				value: l.value(c, cfg),
			})),
		);
	};
}

// ------------------------------------------------------------------------------------------------
// 1. Memories.ai Return All
// ------------------------------------------------------------------------------------------------

interface ReturnAllRun {
	videos: number;
	latency: number;
	where: string;
	ms: number | null;
	items: number;
	distinct: number;
	errorItems: number;
	thrown: ThrownError | null;
	requests: RequestSummary;
}

/** One Return All run (real n8n or harness) and what its three lines share. */
const returnAll = (r: ReturnAllRun, id: string) => ({
	r,
	id,
	tag: `${kfmt(r.videos)} videos, ${r.latency} ms (${r.where})`,
	surfaced: r.errorItems + (r.thrown ? 1 : 0),
	complete: r.items === r.videos && r.distinct === r.videos,
	throughput: r.ms ? r.videos / (r.ms / 1000) : null,
});
type ReturnAll = ReturnType<typeof returnAll>;

const RETURN_ALL_LINES: ReadonlyArray<LineSpec<ReturnAll>> = [
	{
		id: (c) => `${c.id}.requests`,
		line: (c) => `Memories.ai Return All ${c.tag}: list requests`,
		measured: ({ r }) => `${fmt(r.requests.total)} (${r.requests.limited} rate-limited + retried)`,
		target: ({ r }, cfg) => `= ceil(N/200) = ${fmt(Math.ceil(r.videos / cfg.pageSize))}`,
		pass: ({ r }, cfg) => r.requests.total === Math.ceil(r.videos / cfg.pageSize),
		value: ({ r }) => r.requests.total,
	},
	{
		id: (c) => `${c.id}.surfaced429`,
		line: (c) => `Memories.ai Return All ${c.tag}: 429s surfaced, output complete`,
		measured: ({ r, surfaced }) =>
			`${surfaced} surfaced; ${fmt(r.items)} items, ${fmt(r.distinct)} distinct`,
		target: ({ r }) => `0; ${fmt(r.videos)} items`,
		pass: (c) => c.surfaced === 0 && c.complete,
		value: (c) => c.surfaced,
	},
	{
		id: (c) => `${c.id}.throughput`,
		line: (c) => `Memories.ai Return All ${c.tag}: throughput / rate-limit ceiling`,
		measured: ({ throughput: t }, cfg) =>
			t === null ? 'n/a' : `${fmt(t / ceiling(cfg), 3)} (${fmt(t)} videos/s)`,
		target: (_, cfg) => `>= 0.900 (of ${fmt(ceiling(cfg))}/s)`,
		pass: ({ throughput: t, complete }, cfg) => t !== null && complete && t / ceiling(cfg) >= 0.9,
		value: ({ throughput: t }, cfg) => (t === null ? null : t / ceiling(cfg)),
	},
];

/** Our node against the HTTP Request peers in the same n8n execution (10,000 videos). */
const vsPeers = (m: MemoriesN8nResult, cfg: LineConfig) => {
	const tunedT = perSecond(m.peer50tuned.items, m.peer50tuned.ms);
	return {
		m,
		nodeT: perSecond(cfg.small, m.node400.ms),
		peerT: perSecond(m.peer400.items, m.peer400.ms),
		tunedT,
		vsTuned: perSecond(cfg.small, m.node50.ms) / tunedT,
	};
};

const memory = (mem: MemoryRun, harness: readonly HarnessRun[]) => ({
	mem,
	ratio: mem.mem.peakHeapGrowth / mem.outputJsonBytes,
	paced: harness
		.map(
			(r) =>
				`${r.latency} ms: RSS ${fmt(r.mem.peakRssGrowth / r.outputJsonBytes, 2)}x, heap ${fmt(r.mem.peakHeapGrowth / r.outputJsonBytes, 2)}x`,
		)
		.join('; '),
});

// ------------------------------------------------------------------------------------------------
// 2. Folders, 3. Trigger
// ------------------------------------------------------------------------------------------------

const folders = (f: NonNullable<Results['foldersN8n']>, cfg: LineConfig) =>
	SERVICES.map(({ service, label }) => {
		const reps = f.reps.filter((x) => x.service === service);
		return {
			service,
			label,
			reps,
			expected: Math.ceil(cfg.folders / cfg.folderPageSize),
			nodeReq: reps.map((x) => x.nodeRequests),
			ratio: median(reps.map((x) => x.ratio)),
			complete: reps.every(
				(x) =>
					x.nodeItems === cfg.folders &&
					x.peerItems === cfg.folders &&
					!x.nodeError &&
					!x.peerError,
			),
		};
	});

/** Per library size, its steady-state polls (all but the baseline) summed up. */
const trigger = (
	tr: NonNullable<Results['trigger']>,
	diy: MemoriesN8nResult['diy'] | undefined,
) => {
	const bySize = tr.map((s) => {
		const steady = s.polls.filter((p) => p.kind !== 'baseline');
		return {
			size: s.size,
			maxRequests: Math.max(...steady.map((p) => p.requests)),
			perKind: (['quiet', 'busy', 'after'] as const)
				.map((k) =>
					[...new Set(steady.filter((p) => p.kind === k).map((p) => p.requests))].join('|'),
				)
				.join('/'),
			bytes: [...new Set(steady.map((p) => p.staticBytes))],
			cpu: median(s.polls.filter((p) => p.kind === 'quiet').map((p) => p.cpuMs)) ?? NaN,
			eventsCorrect: s.polls.filter((p) => p.kind === 'busy').every((p) => p.eventsCorrect),
		};
	});
	const small = bySize[0];
	const large = bySize[bySize.length - 1];
	return {
		bySize,
		allBytes: bySize.flatMap((s) => s.bytes),
		diy,
		small,
		large,
		cpuRatio: large.cpu / small.cpu,
	};
};

// ------------------------------------------------------------------------------------------------
// 5. Upload, 6. Shared account
// ------------------------------------------------------------------------------------------------

const upload = (u: UploadRun) => ({
	u,
	mib: Math.round(u.fileBytes / 2 ** 20),
	/** Streamed to the end: the mock got the whole file. */
	whole: u.status === 'UNPARSE' && u.mockBytes === u.fileBytes,
});

const shared = (r: SharedAccountRun, cfg: LineConfig) => ({
	r,
	id: `shared.${r.processes}.${r.adaptivePacing ? 'adaptive' : 'fixed'}`,
	tag: `${r.processes} process${r.processes === 1 ? '' : 'es'} × ${kfmt(r.videosEach)} videos, ${r.adaptivePacing ? 'adaptive pacing' : 'fixed 5/s each (old)'}`,
	refused: r.requests.total ? r.requests.limited / r.requests.total : NaN,
	ratio: perSecond(r.delivered, r.ms) / ceiling(cfg),
	complete: r.failedExecutions === 0,
});

// ------------------------------------------------------------------------------------------------
// The table, in the order the lines are printed
// ------------------------------------------------------------------------------------------------

const SECTIONS: readonly Section[] = [
	section({
		group: 1,
		runs: (R, cfg) => {
			const m = R.memoriesN8n;
			if (!m?.parsed) return null;
			return [
				returnAll({ ...m.node50, videos: cfg.small }, '1.10k-50'),
				returnAll({ ...m.node400, videos: cfg.small }, '1.10k-400'),
			];
		},
		lines: RETURN_ALL_LINES,
		notRun: {
			id: '1.10k',
			line: (_, cfg) => `Memories.ai Return All ${kfmt(cfg.small)} videos (real n8n)`,
			target: 'all 1.x targets',
			error: 'memoriesN8n',
			otherwise: 'no n8n',
		},
	}),
	section({
		group: 1,
		runs: (R) =>
			(R.memoriesHarness ?? []).map((r) => returnAll(r, `1.${kfmt(r.videos)}-${r.latency}`)),
		lines: RETURN_ALL_LINES,
	}),
	section({
		group: 1,
		runs: (R, cfg) => (R.memoriesN8n?.parsed ? [vsPeers(R.memoriesN8n, cfg)] : null),
		lines: [
			{
				id: '1.vsHttp400',
				line: (_, cfg) =>
					`Throughput vs HTTP Request node, ${kfmt(cfg.small)} videos, 400 ms (same n8n execution)`,
				measured: ({ m, nodeT, peerT }) =>
					`${fmt(nodeT / peerT, 2)}x (${fmt(nodeT)} vs ${fmt(peerT)} videos/s; peer: ${m.peer400.requests.total} req, ${m.peer400.requests.limited} limited, no interval needed)`,
				target: '>= 1.40x',
				pass: ({ m, nodeT, peerT }, cfg) => m.peer400.items === cfg.small && nodeT / peerT >= 1.4,
				value: ({ nodeT, peerT }) => nodeT / peerT,
			},
			{
				id: '1.peerNoInterval50',
				line: 'HTTP Request, 50 ms, no interval (what the peer needs tuning for)',
				measured: ({ m: { peer50untuned: u, workflowError } }, cfg) =>
					`${u.requests.limited} of ${u.requests.total} requests rate-limited; ${fmt(u.distinct)} of ${fmt(cfg.small)} videos; ${u.thrown ? `failed: ${u.thrown.message}` : workflowError ? 'workflow failed' : 'reported success'}`,
				target: 'shows the peer failing/throttled',
				pass: () => null,
				value: ({ m }) => m.peer50untuned.requests.limited,
			},
			{
				id: '1.peerInterval50',
				line: (_, cfg) => `HTTP Request, 50 ms, interval ${cfg.expertIntervalMs} ms (expert)`,
				measured: ({ m: { peer50tuned: t }, tunedT }) =>
					`${t.requests.limited} of ${t.requests.total} rate-limited; ${fmt(t.distinct)} videos; ${fmt(tunedT)} videos/s`,
				target: 'expert baseline',
				pass: () => null,
				value: ({ m }) => m.peer50tuned.requests.limited,
			},
			{
				id: '1.noTuning50',
				line: 'Memories.ai node, 50 ms, no tuning: no failure where the peer needs an interval',
				measured: ({ m: { node50: n }, vsTuned }) =>
					`${n.requests.limited} rate-limited, ${n.errorItems + (n.thrown ? 1 : 0)} surfaced; ${fmt(n.distinct)} videos; ${fmt(vsTuned, 2)}x the tuned peer`,
				target: '0 surfaced, all videos',
				pass: ({ m: { node50: n } }, cfg) =>
					n.errorItems === 0 && !n.thrown && n.distinct === cfg.small,
				value: (c) => c.vsTuned,
			},
		],
	}),
	section({
		group: 1,
		runs: (R) => (R.memory ? [memory(R.memory, R.memoriesHarness ?? [])] : null),
		lines: [
			{
				id: '1.memory',
				line: ({ mem }) =>
					`Memory, ${kfmt(mem.videos)} videos (harness): peak live memory growth / output JSON`,
				measured: ({ mem, ratio, paced }) =>
					`${fmt(ratio, 2)}x (${fmt(mem.mem.peakHeapGrowth / 1e6, 1)} MB / ${fmt(mem.outputJsonBytes / 1e6, 1)} MB). Incl. garbage not yet collected, paced runs: ${paced || 'n/a'}`,
				target: '<= 3.00x',
				pass: ({ mem, ratio }) => ratio <= 3 && mem.items === mem.videos,
				value: (c) => c.ratio,
			},
		],
		notRun: {
			id: '1.memory',
			line: 'Memory, peak live memory growth / output JSON',
			target: '<= 3.00x',
			error: 'memory',
			otherwise: 'not run',
		},
	}),
	section({
		group: 2,
		runs: (R, cfg) => (R.foldersN8n?.parsed ? folders(R.foldersN8n, cfg) : null),
		lines: [
			{
				id: (c) => `2.${c.service}.requests`,
				line: (c, cfg) =>
					`${c.label} folders Return All ${kfmt(cfg.folders)} (real n8n): requests per run`,
				measured: (c) =>
					`${c.nodeReq.join(' / ')} (peer ${c.reps.map((x) => x.peerRequests).join(' / ')})`,
				target: (c) => `= ceil(N/100) = ${c.expected}`,
				pass: (c) => c.nodeReq.every((x) => x === c.expected) && c.complete,
				value: (c) => Math.max(...c.nodeReq.map((x) => x ?? NaN)),
			},
			{
				id: (c) => `2.${c.service}.wall`,
				line: (c, cfg) =>
					`${c.label} folders Return All ${kfmt(cfg.folders)}, ${cfg.folderLatencyMs} ms: wall time node / HTTP Request + Split Out`,
				measured: (c) =>
					`${fmt(c.ratio, 3)} (median of ${c.reps.map((x) => fmt(x.ratio, 3)).join(', ')})`,
				target: '<= 1.050',
				pass: (c) => c.ratio !== null && c.ratio <= 1.05 && c.complete,
				value: (c) => c.ratio,
			},
		],
		notRun: {
			id: '2',
			line: (_, cfg) => `HeyGen/Konpro folders Return All ${kfmt(cfg.folders)} (real n8n)`,
			target: 'all 2.x targets',
			error: 'foldersN8n',
			otherwise: 'no n8n',
		},
	}),
	section({
		group: 3,
		runs: (R) => (R.trigger ? [trigger(R.trigger, R.memoriesN8n?.diy)] : null),
		lines: [
			{
				id: '3.requests',
				line: (_, cfg) =>
					`Trigger steady-state poll, ${cfg.pending} pending (harness): requests per poll, quiet/busy/after`,
				measured: ({ bySize, diy }) =>
					`${bySize.map((s) => `${kfmt(s.size)}: ${s.perKind}`).join('; ')}${diy ? ` | DIY peer at ${kfmt(diy.videos)}: ${fmt(diy.requests.total)} (real n8n)` : ''}`,
				target: '<= 3, identical across sizes',
				pass: ({ bySize }) =>
					new Set(bySize.map((s) => s.perKind)).size === 1 &&
					bySize.every((s) => s.maxRequests <= 3 && s.eventsCorrect),
				value: ({ bySize }) => Math.max(...bySize.map((s) => s.maxRequests)),
			},
			{
				id: '3.staticData',
				line: 'Trigger steady-state poll: workflow static data bytes',
				measured: ({ bySize }) =>
					bySize.map((s) => `${kfmt(s.size)}: ${s.bytes.join('|')} B`).join('; '),
				// Not "identical": the state keeps total_count (more digits at 100k) and up to 100 watched
				// failures (a 1k library with ~7 % failed has fewer). What must not happen is growth with
				// the library, as when every failure was kept (3 KB -> 24 KB from 1k to 100k).
				target: '< 8,192 B at every size; largest <= 1.2x smallest',
				pass: ({ allBytes }) =>
					Math.max(...allBytes) < 8192 && Math.max(...allBytes) <= 1.2 * Math.min(...allBytes),
				value: ({ allBytes }) => Math.max(...allBytes),
			},
			{
				id: '3.cpu',
				line: ({ small, large }, cfg) =>
					`Trigger steady-state poll: CPU per poll ${kfmt(large.size)} / ${kfmt(small.size)} (median of ${cfg.triggerRounds})`,
				measured: ({ bySize, cpuRatio }) =>
					`${fmt(cpuRatio, 2)}x (${bySize.map((s) => `${kfmt(s.size)}: ${fmt(s.cpu, 1)} ms`).join(', ')})`,
				target: '<= 1.50x',
				pass: (c) => c.cpuRatio <= 1.5,
				value: (c) => c.cpuRatio,
			},
		],
		notRun: {
			id: '3',
			line: 'Trigger steady-state poll',
			target: 'all 3.x targets',
			error: 'trigger',
			otherwise: 'not run',
		},
	}),
	section({
		group: 3,
		// The DIY peer's requests per poll, for comparison; shown with the trigger's lines only.
		runs: (R) => (R.trigger && R.memoriesN8n?.diy ? [R.memoriesN8n.diy] : null),
		lines: [
			{
				id: '3.diy',
				line: (diy) =>
					`DIY peer (Schedule Trigger + HTTP Request + Remove Duplicates) at ${kfmt(diy.videos)}: requests per poll`,
				measured: (diy, cfg) =>
					`${fmt(diy.requests.total)} (lists the whole library every poll; >= ${fmt(diy.requests.total / cfg.qps)} s per poll at ${cfg.qps} req/s)`,
				target: (diy, cfg) =>
					`ceil(N/200) = ${fmt(Math.ceil(diy.videos / cfg.pageSize))}, for comparison`,
				pass: () => null,
				value: (diy) => diy.requests.total,
			},
		],
	}),
	section({
		group: 4,
		runs: (R) => R.overhead ?? null,
		lines: [
			{
				id: (o) => `4.overhead${o.legacy ? '.legacy' : ''}`,
				line: (o) =>
					`Node's own CPU per item, ${kfmt(o.videos)} videos${o.legacy ? ' (legacy string-typed format)' : ''} / plain JSON.parse`,
				measured: (o) =>
					`${fmt(o.ratio, 2)}x (${fmt(o.perItemOwnUs, 2)} vs ${fmt(o.perItemParseUs, 2)} us/item)`,
				// The legacy wire format is for information: the target is about today's format.
				target: (o) => (o.legacy ? 'info' : '<= 2.00x'),
				pass: (o) => (o.legacy ? null : o.ratio <= 2),
				value: (o) => o.ratio,
			},
		],
		notRun: {
			id: '4',
			line: 'Execution overhead',
			target: '<= 2.00x',
			error: 'overhead',
			otherwise: 'not run',
		},
	}),
	section({
		group: 5,
		runs: (R) => R.upload?.map(upload) ?? null,
		lines: [
			{
				id: (c) => `5.upload${c.mib}`,
				line: (c) =>
					`Video Upload, ${fmt(c.mib)} MiB binary file on disk: peak RSS growth / file size`,
				measured: ({ u }) =>
					`${fmt(u.ratio, 3)} (${fmt(u.peakRssGrowth / 2 ** 20, 1)} MiB growth; mock received ${u.mockBytes === null ? 'nothing' : `${fmt(u.mockBytes)} bytes`}${u.thrown ? `; ${u.thrown.message}` : ''})`,
				// The target is about 1 GiB; a smaller file is for information unless it did not arrive whole.
				target: (c) => (c.mib >= 1024 ? '< 0.10 (under 100 MB for 1 GB)' : 'info'),
				pass: ({ u, mib, whole }) => (mib >= 1024 ? whole && u.ratio < 0.1 : whole ? null : false),
				value: (c) => c.u.ratio,
			},
		],
		notRun: {
			id: '5',
			line: 'Video Upload, streamed binary file',
			target: '< 0.10',
			error: 'upload',
			otherwise: 'not run',
		},
	}),
	section({
		group: 6,
		runs: (R, cfg) => R.sharedAccount?.map((r) => shared(r, cfg)) ?? null,
		lines: [
			// Fixed pacing is the old behaviour, shown for comparison; the targets are adaptive pacing's.
			{
				id: (c) => `${c.id}.refused`,
				line: (c) => `${c.tag}: refused / all requests`,
				measured: ({ r, refused }) =>
					`${fmt(refused, 3)} (${r.requests.limited} of ${fmt(r.requests.total)}); ${r.failedExecutions} failed execution(s)`,
				target: (c) => (c.r.adaptivePacing ? '< 0.050, 0 failed' : 'info (old behaviour)'),
				pass: (c) => (c.r.adaptivePacing ? c.refused < 0.05 && c.complete : null),
				value: (c) => (Number.isNaN(c.refused) ? null : c.refused),
			},
			{
				id: (c) => `${c.id}.throughput`,
				line: (c) => `${c.tag}: throughput / ceiling`,
				measured: ({ r, ratio }) =>
					`${fmt(ratio, 3)} (${fmt(r.delivered)} videos delivered in ${fmt(r.ms / 1000, 1)} s; busiest second ${r.requests.maxIn1s} requests)`,
				target: (c, cfg) =>
					c.r.adaptivePacing ? `>= 0.800 (of ${fmt(ceiling(cfg))}/s)` : 'info (old behaviour)',
				pass: (c) => (c.r.adaptivePacing ? c.ratio >= 0.8 && c.complete : null),
				value: (c) => (Number.isNaN(c.ratio) ? null : c.ratio),
			},
		],
		notRun: {
			id: 'shared',
			line: 'Several processes, one account',
			target: 'refused < 0.05, throughput >= 0.8',
			error: 'sharedAccount',
			otherwise: 'not asked for',
		},
	}),
];

/** The table's lines for a run's results (`raw` and `config` of a results JSON rebuild its `lines`). */
export function buildLines(R: Results, cfg: LineConfig): BenchLine[] {
	return SECTIONS.flatMap((s) => s(R, cfg));
}
