/**
 * Memories.ai Trigger steady-state cost, through the n8n-core harness (real PollContext, real request
 * helper, production pacing), against mock APIs holding 1,000 / 10,000 / 100,000 videos in their own
 * processes (so the mock's O(N) filtering never counts as the trigger's CPU). Each library is set to
 * exactly `pending` UNPARSE videos spread through it.
 *
 * Per size: baseline poll, `rounds` quiet polls (sizes interleaved round-robin, so machine noise hits
 * all sizes alike), one busy poll (3 pending videos finish, 5 uploads of which 2 already final), one
 * quiet poll after. Per poll: list requests seen by the mock, static-data bytes (the workflow's whole
 * static data as n8n persists it), CPU time of this process during the poll.
 *
 * argv[2]: JSON TriggerPollInput. Prints `BENCH_RESULT <TriggerPollResult>`.
 */
import type { IDataObject, INodeType, IVersionedNodeType } from 'n8n-workflow';

import * as harness from '../../harness';
import { mockAdmin } from '../../n8n/mock';
import { credentialClass, nodeClass, scenario, scenarioInput } from '../lib/scenario';

export interface TriggerPollInput {
	/** One mock API process per library size; apiKey = its Memories.ai key. */
	mocks: Array<{ size: number; url: string; apiKey: string }>;
	pending: number;
	rounds: number;
}

export type PollKind = 'baseline' | 'quiet' | 'busy' | 'after';

export interface PollRecord {
	kind: PollKind;
	requests: number;
	limited: number;
	staticBytes: number;
	cpuMs: number;
	wallMs: number;
	events: string[];
	expectedEvents?: number;
	eventsCorrect?: boolean;
}

export type TriggerPollResult = Array<{ size: number; polls: PollRecord[] }>;

interface AdminVideo {
	video_no: string;
	status: string;
}

/** The mock's admin API; generous time: with 100k videos some calls sort the whole library. */
const admin = (url: string, method: string, p: string, body?: unknown) =>
	mockAdmin(url, method, p, body, 120000);

const field = (value: unknown, name: string): unknown =>
	typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)[name]
		: undefined;

function videosOf(value: unknown): AdminVideo[] {
	const videos = field(value, 'videos');
	if (!Array.isArray(videos)) throw new Error('mock admin: no videos in the answer');
	return videos.map((v: unknown) => ({
		video_no: String(field(v, 'video_no')),
		status: String(field(v, 'status')),
	}));
}

const listUnparsed = async (url: string, size: number): Promise<AdminVideo[]> =>
	videosOf(await admin(url, 'GET', `/memories/videos?status=UNPARSE&limit=${size}`));

/** Exactly `pending` UNPARSE videos, spread evenly through the library. */
async function setPending(url: string, size: number, pending: number): Promise<void> {
	const unparsed = await listUnparsed(url, size);
	const setStatus = (no: string, status: string) =>
		admin(url, 'POST', `/memories/videos/${encodeURIComponent(no)}/status`, { status });
	if (unparsed.length > pending) {
		const step = unparsed.length / pending;
		const keep = new Set(
			Array.from({ length: pending }, (_, i) => unparsed[Math.floor(i * step)].video_no),
		);
		for (const v of unparsed) if (!keep.has(v.video_no)) await setStatus(v.video_no, 'PARSE');
	} else if (unparsed.length < pending) {
		const all = videosOf(await admin(url, 'GET', `/memories/videos?limit=${size}`)).filter(
			(v) => v.status === 'PARSE',
		);
		const need = pending - unparsed.length;
		const step = all.length / need;
		for (let i = 0; i < need; i++) await setStatus(all[Math.floor(i * step)].video_no, 'UNPARSE');
	}
	const check = field(
		await admin(url, 'GET', `/memories/videos?status=UNPARSE&limit=${size}`),
		'count',
	);
	if (check !== pending)
		throw new Error(`could not set ${pending} pending videos (have ${String(check)})`);
}

interface Session {
	size: number;
	url: string;
	apiKey: string;
	node: INodeType | IVersionedNodeType;
	staticData: IDataObject;
	polls: PollRecord[];
}

async function main(): Promise<TriggerPollResult> {
	const input = scenarioInput<TriggerPollInput>();
	const MemoriesAiApi = await credentialClass(
		'credentials/MemoriesAiApi.credentials.js',
		'MemoriesAiApi',
	);
	const MemoriesAiTrigger = await nodeClass(
		'nodes/MemoriesAi/MemoriesAiTrigger.node.js',
		'MemoriesAiTrigger',
	);
	harness.registerCredentialTypes([new MemoriesAiApi()]);

	const sessions: Session[] = [];
	for (const m of input.mocks) {
		await setPending(m.url, m.size, input.pending);
		sessions.push({ ...m, node: new MemoriesAiTrigger(), staticData: {}, polls: [] });
	}

	const pollOnce = async (s: Session, kind: PollKind): Promise<PollRecord> => {
		await admin(s.url, 'POST', '/reset-counters');
		const cpu0 = process.cpuUsage();
		const t0 = Date.now();
		const result = await harness.poll(s.node, {
			parameters: { triggerOn: ['PARSE', 'FAILED'] },
			credentials: { memoriesAiApi: { apiKey: s.apiKey, baseUrl: `${s.url}/memories` } },
			staticData: s.staticData,
			mode: 'trigger',
		});
		const cpu = process.cpuUsage(cpu0);
		const wallMs = Date.now() - t0;
		const requests = field(await admin(s.url, 'GET', '/requests?path=list_videos'), 'requests');
		if (!Array.isArray(requests)) throw new Error('mock admin: no requests in the answer');
		const events =
			result.output === null
				? []
				: result.output[0].map((i) => `${String(i.json.video_no)}:${String(i.json.status)}`);
		const record: PollRecord = {
			kind,
			requests: requests.length,
			limited: requests.filter((r: unknown) => field(r, 'limited') === true).length,
			staticBytes: Buffer.byteLength(JSON.stringify(result.staticData)),
			cpuMs: (cpu.user + cpu.system) / 1000,
			wallMs,
			events,
		};
		s.polls.push(record);
		return record;
	};

	// Warm-up of the request path in this process (not recorded): a manual "Fetch Test Event".
	await harness.poll(sessions[0].node, {
		parameters: { triggerOn: ['PARSE'] },
		credentials: {
			memoriesAiApi: { apiKey: sessions[0].apiKey, baseUrl: `${sessions[0].url}/memories` },
		},
		mode: 'manual',
	});

	for (const s of sessions) await pollOnce(s, 'baseline');
	for (let round = 0; round < input.rounds; round++) {
		for (const s of sessions) await pollOnce(s, 'quiet');
	}
	// Busy poll: 3 pending videos finish (deep in the library), 5 uploads (2 already final).
	for (const s of sessions) {
		const finishing = (await listUnparsed(s.url, s.size)).slice(-3);
		const expected: string[] = [];
		for (const [i, v] of finishing.entries()) {
			const status = i === 0 ? 'FAILED' : 'PARSE';
			await admin(s.url, 'POST', `/memories/videos/${v.video_no}/status`, { status });
			expected.push(`${v.video_no}:${status}`);
		}
		for (let i = 0; i < 5; i++) {
			const status = i < 2 ? 'PARSE' : 'UNPARSE';
			const v = await admin(s.url, 'POST', '/memories/videos', {
				status,
				video_name: `bench-upload-${i}`,
			});
			if (status === 'PARSE') expected.push(`${String(field(v, 'video_no'))}:PARSE`);
		}
		const busy = await pollOnce(s, 'busy');
		busy.expectedEvents = expected.length;
		busy.eventsCorrect =
			JSON.stringify([...busy.events].sort()) === JSON.stringify([...expected].sort());
		await pollOnce(s, 'after');
	}

	return sessions.map((s) => ({ size: s.size, polls: s.polls }));
}

if (require.main === module) scenario(main);
