/**
 * Loopback mock of the Memories.ai, HeyGen and Konpro APIs (node:http, no dependencies).
 * README.md in this folder describes the endpoints, knobs and admin interface; types.ts the types.
 */

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import {
	HeyGenFolderStore,
	KonproFolderStore,
	type AnyFolderStore,
	type FolderStore,
	type Reply,
} from './folders';
import { isRecord } from '../guards';
import {
	BUSINESS_MESSAGES,
	FAILURE_CAUSES,
	MemoriesStore,
	businessError,
	canonicalStatus,
	type StoreClock,
} from './memories';
import { addField, multipartBoundary, readMultipart, type MultipartBody } from './multipart';
import { createRng } from './prng';
import type {
	FaultSpec,
	FaultType,
	FolderDataset,
	HeyGenFolder,
	KonproFolder,
	MockApi,
	MockApiOptions,
	MockCallbackRecord,
	MockClock,
	MockKeys,
	MockRequestRecord,
	MockRuntimeOptions,
	OnRequestInfo,
	PendingFault,
	ServiceName,
} from './types';

export type * from './types';

const DEFAULT_CLOCK_START = 1754000000000;
export const KEYS: MockKeys = Object.freeze({
	memoriesAi: 'mem-test-key-0123456789',
	heyGen: 'hg-test-key-0123456789',
	konpro: 'kp-test-key-0123456789',
});
const SERVICE_PREFIXES: ReadonlyArray<readonly [string, ServiceName]> = [
	['/memories', 'memoriesAi'],
	['/heygen', 'heyGen'],
	['/konpro', 'konpro'],
];
const SERVICES: ReadonlySet<string> = new Set<ServiceName>(['memoriesAi', 'heyGen', 'konpro']);
const FAULT_TYPES: ReadonlySet<string> = new Set<FaultType>([
	'http',
	'code',
	'malformed',
	'reset',
	'latency',
]);
const MALFORMED_BODIES: Readonly<Record<ServiceName, string>> = {
	memoriesAi: '{"code":"0000","msg":"success","data":{"current_page":1,"videos":[{"video_no":"VI6',
	heyGen: '{"error":null,"data":{"folders":[{"id":"26bg0d6624',
	konpro: '{"folders":[{"id":"folder_12',
};
const HTTP_TEXT = http.STATUS_CODES;
const MAX_BODY = 16 * 1024 * 1024;
const RUNTIME_OPTION_KEYS = [
	'latencyMs',
	'legacy',
	'qpsLimit',
	'qpsResponse',
	'autoProcessMs',
	'unsorted',
] as const;

const isServiceName = (v: unknown): v is ServiceName => typeof v === 'string' && SERVICES.has(v);
const isFaultType = (v: unknown): v is FaultType => typeof v === 'string' && FAULT_TYPES.has(v);

/** A computed answer; a Buffer body is sent as bytes (download), with its own headers. */
interface MemoriesReply extends Reply {
	headers?: Record<string, string>;
}

/** How a request body arrived: the route decides whether it takes that kind. */
type BodyKind = 'json' | 'form' | 'multipart' | 'none';

type LatencyFault = Extract<PendingFault, { type: 'latency' }>;
type AnswerFault = Exclude<PendingFault, { type: 'latency' }>;

/** The request log filter, loose enough for the admin endpoint's query strings. */
interface LooseRequestFilter {
	service?: string;
	method?: string;
	path?: string;
	status?: number | null;
	limited?: boolean;
}

/** The public clock plus `tick()`, which hands out a new video's create_time. */
interface InternalClock extends MockClock, StoreClock {}

function createClock(start: number): InternalClock {
	let now = start;
	// Checked at run time because the admin endpoint passes Number(<any JSON>).
	const check = (ms: unknown, what: string) => {
		if (typeof ms !== 'number' || !Number.isFinite(ms))
			throw new Error(`clock.${what}: expected a finite number of ms`);
	};
	return {
		now: () => now,
		set(ms) {
			check(ms, 'set');
			now = ms;
		},
		advance(ms) {
			check(ms, 'advance');
			now += ms;
		},
		tick() {
			const t = now;
			now += 1;
			return t;
		},
	};
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; raw: string };

/** value is undefined for an empty body; a body that is not JSON keeps its raw text for the log. */
function parseJson(text: string): ParsedBody {
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, raw: text };
	}
}

/** Checks a fault from code or from the admin endpoint's JSON and returns it as queued. */
function validateFault(spec: unknown): PendingFault {
	if (!isRecord(spec)) throw new Error('fault: expected an object');
	const { type } = spec;
	if (!isFaultType(type))
		throw new Error(`fault: type must be one of ${[...FAULT_TYPES].join(', ')}`);
	if (spec.service !== undefined && !isServiceName(spec.service))
		throw new Error(`fault: unknown service ${String(spec.service)}`);
	if (spec.path !== undefined && typeof spec.path !== 'string')
		throw new Error('fault: path must be a string');
	const times = spec.times === undefined ? 1 : spec.times;
	if (
		typeof times !== 'number' ||
		!(times === Infinity || (Number.isInteger(times) && times > 0))
	) {
		throw new Error('fault: times must be a positive integer or Infinity');
	}
	const common = {
		// Business-code faults are a Memories.ai concept; scope them there unless told otherwise.
		service: spec.service || (type === 'code' ? ('memoriesAi' as const) : undefined),
		path: spec.path,
		method: spec.method ? String(spec.method).toUpperCase() : undefined,
		times,
	};
	switch (type) {
		case 'http': {
			const { status, retryAfter } = spec;
			if (
				typeof status !== 'number' ||
				!(Number.isInteger(status) && status >= 400 && status <= 599)
			) {
				throw new Error('fault: http faults need a status between 400 and 599');
			}
			if (retryAfter !== undefined && !(typeof retryAfter === 'number' && retryAfter >= 0))
				throw new Error('fault: retryAfter must be a number of seconds >= 0');
			return { ...common, type, status, retryAfter, body: spec.body };
		}
		case 'code': {
			const { code, msg } = spec;
			if (!(typeof code === 'string' && code))
				throw new Error('fault: code faults need a code such as "0429"');
			if (msg !== undefined && typeof msg !== 'string')
				throw new Error('fault: msg must be a string');
			return { ...common, type, code, msg };
		}
		case 'latency': {
			const { ms } = spec;
			if (!(typeof ms === 'number' && ms >= 0))
				throw new Error('fault: latency faults need ms >= 0');
			return { ...common, type, ms };
		}
		case 'malformed':
			// A body that is not text is ignored, as before: the default truncated JSON is sent.
			if (spec.contentType !== undefined && typeof spec.contentType !== 'string')
				throw new Error('fault: contentType must be a string');
			return {
				...common,
				type,
				body: typeof spec.body === 'string' ? spec.body : undefined,
				contentType: spec.contentType,
			};
		case 'reset':
			return { ...common, type };
	}
}

/** Checks runtime options from the admin endpoint's JSON before any of them is applied. */
function validateOptions(body: Record<string, unknown>): Partial<MockRuntimeOptions> {
	const out: Partial<MockRuntimeOptions> = {};
	const num = (key: string, v: unknown): number => {
		if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
			throw new Error(`options: ${key} must be a number >= 0`);
		return v;
	};
	// null switches the rate limit or auto-processing off.
	const numOrNull = (key: string, v: unknown): number | null =>
		v === null ? null : num(`${key} (or null)`, v);
	for (const key of RUNTIME_OPTION_KEYS) {
		if (!(key in body)) continue;
		const v = body[key];
		switch (key) {
			case 'latencyMs':
				out.latencyMs = num(key, v);
				break;
			case 'legacy':
				if (typeof v !== 'boolean') throw new Error('options: legacy must be true or false');
				out.legacy = v;
				break;
			case 'qpsLimit':
				out.qpsLimit = numOrNull(key, v);
				break;
			case 'qpsResponse':
				if (v !== 'code' && v !== 'http')
					throw new Error('options: qpsResponse must be "code" or "http"');
				out.qpsResponse = v;
				break;
			case 'autoProcessMs':
				out.autoProcessMs = numOrNull(key, v);
				break;
			case 'unsorted':
				if (typeof v !== 'boolean') throw new Error('options: unsorted must be true or false');
				out.unsorted = v;
				break;
		}
	}
	return out;
}

function matchesFilter(entry: MockRequestRecord, filter?: LooseRequestFilter): boolean {
	if (!filter) return true;
	if (filter.service && entry.service !== filter.service) return false;
	if (filter.method && entry.method !== String(filter.method).toUpperCase()) return false;
	if (filter.path && !entry.fullPath.includes(filter.path)) return false;
	if (filter.status !== undefined && entry.status !== filter.status) return false;
	if (filter.limited !== undefined && !!entry.limited !== filter.limited) return false;
	return true;
}

function folderFacade<F extends HeyGenFolder | KonproFolder>(
	store: FolderStore<F>,
): FolderDataset<F> {
	return {
		get folders() {
			return store.folders;
		},
		addFolder: (input) => store.addFolder(input),
		get: (id) => store.get(id),
		get repeatToken() {
			return store.repeatToken;
		},
		set repeatToken(v) {
			store.repeatToken = !!v;
		},
	};
}

export async function createMockApi(opts: MockApiOptions = {}): Promise<MockApi> {
	const seed = opts.seed === undefined ? 1 : opts.seed;
	const clock = createClock(opts.clockStart === undefined ? DEFAULT_CLOCK_START : opts.clockStart);
	const publicClock: MockClock = { now: clock.now, set: clock.set, advance: clock.advance };
	const memories = new MemoriesStore({
		seed,
		clock,
		videos: opts.videos === undefined ? 25 : opts.videos,
	});
	const folderCount = opts.folders === undefined ? 12 : opts.folders;
	const heyGen = new HeyGenFolderStore({ seed, clock, folders: folderCount });
	const konpro = new KonproFolderStore({ seed, clock, folders: folderCount });
	const stores = { heyGen, konpro };

	const requests: MockRequestRecord[] = [];
	let faults: PendingFault[] = [];
	const hooks = new Set<(info: OnRequestInfo) => void | Promise<void>>();
	const rateWindows = new Map<string, number[]>(); // api key -> timestamps of admitted requests (last 1000 ms)
	const timers = new Set<NodeJS.Timeout>();
	let closed = false;

	// ---- auto-processing (status changes over time) ----
	const autoRng = createRng(seed, 'auto-process');
	let ticker: NodeJS.Timeout | null = null;
	let lastUploadAt: number | null = null;
	let autoUploads = 0;
	function tick(): void {
		const period = options.autoProcessMs;
		if (!period || period <= 0) return;
		const now = Date.now();
		for (const [videoNo, since] of memories.pending) {
			if (since + period > now) break; // insertion order == time order
			if (autoRng.chance(0.2)) memories.setStatus(videoNo, 'FAILED', autoRng.pick(FAILURE_CAUSES));
			else memories.setStatus(videoNo, 'PARSE');
		}
		if (lastUploadAt === null) lastUploadAt = now;
		else if (now - lastUploadAt >= period) {
			lastUploadAt = now;
			autoUploads++;
			memories.addVideo({
				status: 'UNPARSE',
				video_name: `auto-upload-${String(autoUploads).padStart(4, '0')}`,
			});
		}
	}
	function ensureTicker(): void {
		if (ticker || closed || !options.autoProcessMs) return;
		ticker = setInterval(tick, Math.max(20, Math.min(250, Math.floor(options.autoProcessMs / 5))));
		ticker.unref();
	}

	let autoProcessMs = opts.autoProcessMs || null;
	const options: MockRuntimeOptions = {
		latencyMs: opts.latencyMs || 0,
		legacy: !!opts.legacy,
		qpsLimit: opts.qpsLimit === undefined ? null : opts.qpsLimit,
		qpsResponse: opts.qpsResponse === 'http' ? 'http' : 'code',
		unsorted: !!opts.unsorted,
		// An accessor, so that switching auto-processing on (or changing its period) restarts the ticker.
		get autoProcessMs() {
			return autoProcessMs;
		},
		set autoProcessMs(v) {
			autoProcessMs = v && v > 0 ? Number(v) : null;
			if (autoProcessMs) {
				if (ticker) {
					clearInterval(ticker);
					ticker = null;
				}
				ensureTicker();
			}
		},
	};
	ensureTicker();

	// ---- helpers ----
	function sleep(ms: number): Promise<void> {
		if (!ms || ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			// Tracked so that close() does not leave a response waiting on a timer.
			const t = setTimeout(() => {
				timers.delete(t);
				resolve();
			}, ms);
			timers.add(t);
		});
	}

	function send(
		res: ServerResponse,
		entry: MockRequestRecord | null,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
	): void {
		if (entry) entry.status = status;
		if (res.destroyed || res.writableEnded) return;
		if (status === 204 || body === undefined) {
			res.writeHead(status, headers);
			res.end();
			return;
		}
		if (Buffer.isBuffer(body)) {
			res.writeHead(status, {
				'content-type': 'application/octet-stream',
				'content-length': body.length,
				...headers,
			});
			res.end(body);
			return;
		}
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	/** The first matching latency fault and the first matching answering fault, each consuming one use. */
	function takeFaults(entry: MockRequestRecord): {
		latency: LatencyFault | null;
		main: AnswerFault | null;
	} {
		let latency: LatencyFault | null = null;
		let main: AnswerFault | null = null;
		for (const f of faults) {
			if (latency && main) break;
			if (f.service && f.service !== entry.service) continue;
			if (f.method && f.method !== entry.method) continue;
			if (f.path && !entry.fullPath.includes(f.path)) continue;
			if (f.type === 'latency') {
				if (!latency) latency = f;
			} else if (!main) main = f;
		}
		for (const f of [latency, main]) if (f && f.times !== Infinity) f.times--;
		if ((latency && latency.times <= 0) || (main && main.times <= 0))
			faults = faults.filter((f) => f.times > 0);
		return { latency, main };
	}

	function defaultHttpFaultBody(service: ServiceName, status: number, path: string): unknown {
		const message = HTTP_TEXT[status] || 'Error';
		if (service === 'memoriesAi') {
			return { timestamp: new Date().toISOString(), status, error: message, path };
		}
		return stores[service].error(status, message).body;
	}

	function rateLimited(key: string): boolean {
		const limit = options.qpsLimit;
		if (limit === null || limit === undefined || !(limit > 0)) return false;
		const now = Date.now();
		let window = rateWindows.get(key);
		if (!window) rateWindows.set(key, (window = []));
		while (window.length && window[0] <= now - 1000) window.shift();
		if (window.length >= limit) return true;
		window.push(now);
		return false;
	}

	// ---- request bodies ----
	/** JSON (every endpoint), form fields (upload_url) or multipart streamed and discarded (upload, Memories.ai only). */
	async function readServiceBody(
		req: IncomingMessage,
		service: ServiceName,
	): Promise<{ parsed: ParsedBody; kind: BodyKind }> {
		const contentType = req.headers['content-type'];
		const boundary = service === 'memoriesAi' ? multipartBoundary(contentType) : null;
		if (boundary !== null) {
			try {
				return {
					parsed: { ok: true, value: await readMultipart(req, boundary) },
					kind: 'multipart',
				};
			} catch (error) {
				return {
					parsed: { ok: false, raw: error instanceof Error ? error.message : String(error) },
					kind: 'multipart',
				};
			}
		}
		const text = await readBody(req);
		if (/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
			const fields: Record<string, string | string[]> = {};
			for (const [name, value] of new URLSearchParams(text)) addField(fields, name, value);
			return { parsed: { ok: true, value: fields }, kind: 'form' };
		}
		return { parsed: parseJson(text), kind: text.trim() === '' ? 'none' : 'json' };
	}

	// ---- callbacks (Memories.ai calls the upload's callback URL when the video is done) ----
	const callbackLog: MockCallbackRecord[] = [];
	memories.onCallback = (target, payload) => {
		const record: MockCallbackRecord = { url: target, payload, status: null, at: Date.now() };
		callbackLog.push(record);
		let parsedUrl: URL;
		try {
			parsedUrl = new URL(target);
		} catch {
			record.error = 'not a URL';
			return;
		}
		// The mock only ever calls this machine: a test's Wait node, never the internet.
		if (
			!['127.0.0.1', 'localhost', '[::1]'].includes(parsedUrl.hostname) ||
			!/^https?:$/.test(parsedUrl.protocol)
		) {
			record.error = 'not a loopback http URL: not sent';
			return;
		}
		const data = JSON.stringify(payload);
		const request = http.request(
			parsedUrl,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
			},
			(response) => {
				record.status = response.statusCode ?? null;
				response.resume();
			},
		);
		request.on('error', (error) => {
			record.error = error.message;
		});
		request.end(data);
	};

	// ---- service routing ----
	type MemoriesRoute = {
		method: 'GET' | 'POST';
		answer(query: Record<string, string>, body: unknown, kind: BodyKind): MemoriesReply;
	};
	const json = (body: unknown): MemoriesReply => ({ status: 200, body });
	/** Every Memories.ai endpoint the mock serves, by path below the service base. */
	const memoriesRoutes: Readonly<Record<string, MemoriesRoute>> = {
		'/serve/api/v1/list_videos': {
			method: 'POST',
			answer: (_q, body) => json(memories.listVideos(body, options.legacy, options.unsorted)),
		},
		'/serve/api/video/get_folder': { method: 'GET', answer: () => json(memories.getFolders()) },
		'/serve/api/v1/get_audio_transcription': {
			method: 'GET',
			answer: (q) => json(memories.transcript(q, 'audio')),
		},
		'/serve/api/v1/get_video_transcription': {
			method: 'GET',
			answer: (q) => json(memories.transcript(q, 'visual')),
		},
		'/serve/api/v1/get_video_caption': {
			method: 'GET',
			answer: (q) => json(memories.transcript(q, 'visual')),
		},
		'/serve/api/v1/generate_summary': { method: 'GET', answer: (q) => json(memories.summary(q)) },
		'/serve/api/v1/list_unique_ids': {
			method: 'GET',
			answer: () => json(memories.listUniqueIds()),
		},
		'/serve/api/v1/delete_videos': {
			method: 'POST',
			answer: (q, body) => json(memories.deleteVideos(q, body)),
		},
		'/serve/api/v1/upload_url': {
			method: 'POST',
			answer: (_q, body, kind) =>
				json(
					memories.uploadUrl(
						kind === 'form' ? (body as Record<string, string | string[]>) : undefined,
					),
				),
		},
		'/serve/api/v1/upload': {
			method: 'POST',
			answer: (_q, body, kind) =>
				json(memories.uploadFile(kind === 'multipart' ? (body as MultipartBody) : undefined)),
		},
		'/serve/api/v1/scraper_url': {
			method: 'POST',
			answer: (_q, body) => json(memories.scraperUrl(body)),
		},
		'/serve/api/v1/get_video_ids_by_task_id': {
			method: 'GET',
			answer: (q) => json(memories.taskStatus(q)),
		},
		'/serve/api/v1/get_metadata': { method: 'GET', answer: (q) => json(memories.metadata(q)) },
		'/serve/api/v1/search': { method: 'POST', answer: (_q, body) => json(memories.search(body)) },
		'/serve/api/v1/chat_stream': {
			method: 'POST',
			answer(_q, body) {
				const events = memories.chatStream(body);
				if (!Array.isArray(events)) return json(events);
				return {
					status: 200,
					body: Buffer.from(events.map((line) => `${line}\n\n`).join('')),
					headers: { 'content-type': 'text/event-stream;charset=UTF-8' },
				};
			},
		},
		'/serve/api/v1/download': {
			method: 'POST',
			answer(_q, body) {
				const file = memories.download(body);
				if (!('bytes' in file)) return json(file);
				const headers = {
					'content-type': 'application/octet-stream',
					'content-disposition': `attachment; filename="${file.fileName}"`,
				};
				return { status: 200, body: file.bytes, headers };
			},
		},
	};

	function routeMemories(
		method: string,
		path: string,
		req: IncomingMessage,
		parsed: ParsedBody,
		query: Record<string, string>,
		kind: BodyKind,
	): MemoriesReply {
		const route = memoriesRoutes[path];
		if (!route) {
			return {
				status: 404,
				body: {
					timestamp: new Date().toISOString(),
					status: 404,
					error: 'Not Found',
					path: `/memories${path}`,
				},
			};
		}
		if (method !== route.method) {
			return {
				status: 405,
				body: {
					timestamp: new Date().toISOString(),
					status: 405,
					error: 'Method Not Allowed',
					path: `/memories${path}`,
				},
			};
		}
		if (req.headers.authorization !== KEYS.memoriesAi)
			return json(businessError('0401', 'Invalid API key'));
		if (route.method === 'POST' && !parsed.ok)
			return json(
				businessError('0003', kind === 'multipart' ? parsed.raw : 'Request body is not valid JSON'),
			);
		return route.answer(query, parsed.ok ? parsed.value : undefined, kind);
	}

	function routeFolders(
		store: AnyFolderStore,
		method: string,
		path: string,
		req: IncomingMessage,
		parsed: ParsedBody,
		query: Record<string, string>,
	): Reply {
		const m = /^\/v1\/folders(?:\/([^/]+)(?:\/(trash|restore))?)?\/?$/.exec(path);
		if (!m) return store.error(404, `No route for ${method} ${path}`);
		const rawId: string | undefined = m[1];
		const action: string | undefined = m[2];
		const expected = rawId === undefined ? 'GET' : 'POST';
		if (method !== expected) return store.error(405, `Method ${method} not allowed on ${path}`);
		if (req.headers['x-api-key'] !== KEYS[store.kind]) return store.error(401, 'Invalid API key');
		if (rawId === undefined) return store.list(query);
		if (!parsed.ok) return store.error(400, 'Request body is not valid JSON');
		let id: string;
		try {
			id = decodeURIComponent(rawId);
		} catch {
			return store.error(400, 'Malformed folder id');
		}
		if (id === 'create' && !action) return store.create(parsed.value);
		if (action) return store.trashRequest(id, action === 'trash');
		return store.renameRequest(id, parsed.value === undefined ? {} : parsed.value);
	}

	async function handleService(
		req: IncomingMessage,
		res: ServerResponse,
		service: ServiceName,
		relPath: string,
		url: URL,
	): Promise<void> {
		const { parsed, kind } = await readServiceBody(req, service);
		const query = Object.fromEntries(url.searchParams);
		const method = (req.method ?? 'GET').toUpperCase();
		const authHeader =
			service === 'memoriesAi' ? req.headers.authorization : req.headers['x-api-key'];
		const entry: MockRequestRecord = {
			service,
			method,
			path: relPath,
			fullPath: url.pathname,
			query,
			body: parsed.ok ? parsed.value : parsed.raw,
			status: null,
			at: Date.now(),
			auth:
				authHeader === undefined || authHeader === ''
					? 'missing'
					: authHeader === KEYS[service]
						? 'ok'
						: 'invalid',
		};
		const index = requests.push(entry) - 1;

		for (const fn of [...hooks]) {
			try {
				await fn({ service, method, path: relPath, query, body: entry.body, index });
			} catch (err) {
				// Surface hook bugs loudly without taking the server down.
				console.error('[mock-api] onRequest hook threw:', err);
			}
		}

		if (
			service === 'memoriesAi' &&
			rateLimited(authHeader === undefined ? '' : String(authHeader))
		) {
			entry.limited = true;
			await sleep(options.latencyMs);
			entry.code = '0429';
			const body = businessError('0429', BUSINESS_MESSAGES['0429']);
			if (options.qpsResponse === 'http')
				return send(res, entry, 429, body, { 'retry-after': '1' });
			return send(res, entry, 200, body);
		}

		const { latency, main } = takeFaults(entry);
		await sleep((options.latencyMs || 0) + (latency ? latency.ms : 0));
		if (main) {
			entry.fault = main.type;
			switch (main.type) {
				case 'reset':
					entry.status = 0;
					req.socket.destroy();
					return;
				case 'malformed':
					return send(
						res,
						entry,
						200,
						typeof main.body === 'string' ? main.body : MALFORMED_BODIES[service],
						main.contentType ? { 'content-type': main.contentType } : {},
					);
				case 'code':
					entry.code = main.code;
					return send(res, entry, 200, businessError(main.code, main.msg));
				case 'http': {
					const headers: Record<string, string> =
						main.retryAfter !== undefined ? { 'retry-after': String(main.retryAfter) } : {};
					const body =
						main.body !== undefined
							? main.body
							: defaultHttpFaultBody(service, main.status, entry.fullPath);
					return send(res, entry, main.status, body, headers);
				}
			}
		}

		const result: MemoriesReply =
			service === 'memoriesAi'
				? routeMemories(method, relPath, req, parsed, query, kind)
				: routeFolders(stores[service], method, relPath, req, parsed, query);
		if (service === 'memoriesAi' && isRecord(result.body) && typeof result.body.code === 'string')
			entry.code = result.body.code;
		return send(res, entry, result.status, result.body, result.headers);
	}

	// ---- admin ----
	function state() {
		const counts = memories.statusCounts();
		const canonical = { PARSE: 0, UNPARSE: 0, FAILED: 0 };
		for (const [s, n] of Object.entries(counts)) {
			const c = canonicalStatus(s);
			if (c === 'PARSE' || c === 'UNPARSE' || c === 'FAILED') canonical[c] += n;
		}
		const folderSummary = (store: AnyFolderStore) => ({
			folderCount: store.folders.length,
			trashedCount: store.folders.reduce((n, f) => n + (f.is_trash ? 1 : 0), 0),
			repeatToken: store.repeatToken,
		});
		return {
			url: api.url,
			baseUrls: api.baseUrls,
			keys: KEYS,
			options: { ...options },
			clock: { now: clock.now() },
			memories: {
				videoCount: memories.videos.length,
				statusCounts: counts,
				canonicalStatusCounts: canonical,
				pendingCount: memories.pending.size,
				folderCount: memories.folders.length,
				newest: memories.videos.slice(0, 10),
			},
			heyGen: folderSummary(heyGen),
			konpro: folderSummary(konpro),
			faults: faults.map((f) => ({ ...f })),
			requestCount: requests.length,
		};
	}

	async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const method = (req.method ?? 'GET').toUpperCase();
		const path = url.pathname.replace(/\/+$/, '');
		const text = await readBody(req);
		const parsed = parseJson(text);
		if (!parsed.ok) return send(res, null, 400, { error: 'Body is not valid JSON' });
		const body = parsed.value === undefined ? {} : parsed.value;
		// Field reads off a body that is not an object find nothing, as they would in plain JS.
		const fields: Record<string, unknown> = isRecord(body) ? body : {};
		const q: Partial<Record<string, string>> = Object.fromEntries(url.searchParams);
		let m: RegExpExecArray | null;
		try {
			if (method === 'GET' && path === '/__admin/state') return send(res, null, 200, state());
			if (method === 'GET' && path === '/__admin/requests') {
				const filter = {
					service: q.service || undefined,
					path: q.path || undefined,
					method: q.method || undefined,
				};
				const list = requests.filter((e) => matchesFilter(e, filter));
				return send(res, null, 200, { count: list.length, total: requests.length, requests: list });
			}
			if (method === 'POST' && path === '/__admin/reset-counters') {
				api.resetCounters();
				return send(res, null, 200, { ok: true });
			}
			if (method === 'POST' && path === '/__admin/fault') {
				// JSON has no Infinity: `times: null` stands for it.
				const list: unknown[] = Array.isArray(body) ? body : [body];
				for (const f of list)
					faults.push(
						validateFault(isRecord(f) && f.times === null ? { ...f, times: Infinity } : f),
					);
				return send(res, null, 200, { ok: true, pending: faults.length });
			}
			if (method === 'POST' && path === '/__admin/clear-faults') {
				api.clearFaults();
				return send(res, null, 200, { ok: true });
			}
			if (method === 'POST' && path === '/__admin/clock') {
				if (fields.set !== undefined) clock.set(Number(fields.set));
				if (fields.advance !== undefined) clock.advance(Number(fields.advance));
				return send(res, null, 200, { now: clock.now() });
			}
			if (method === 'POST' && path === '/__admin/options') {
				if (!isRecord(body)) throw new Error('options: expected an object');
				Object.assign(options, validateOptions(body));
				if ('repeatToken' in body) heyGen.repeatToken = konpro.repeatToken = !!body.repeatToken;
				return send(res, null, 200, { options: { ...options } });
			}
			if (path === '/__admin/memories/videos') {
				if (method === 'POST') return send(res, null, 201, memories.addVideo(body));
				if (method === 'GET') {
					const limit = q.limit ? Number(q.limit) : 100;
					const wanted = q.status ? canonicalStatus(q.status) : null;
					const list =
						wanted !== null
							? memories.videos.filter((v) => canonicalStatus(v.status) === wanted)
							: memories.videos;
					return send(res, null, 200, { count: list.length, videos: list.slice(0, limit) });
				}
			}
			if ((m = /^\/__admin\/memories\/videos\/([^/]+)(\/status)?$/.exec(path))) {
				const videoNo = decodeURIComponent(m[1]);
				const video = memories.get(videoNo);
				if (!video) return send(res, null, 404, { error: `Unknown video_no ${videoNo}` });
				if (m[2] && method === 'POST')
					return send(res, null, 200, memories.setStatus(videoNo, fields.status, fields.cause));
				if (!m[2] && method === 'DELETE')
					return send(res, null, 200, { deleted: memories.deleteVideo(videoNo) });
				if (!m[2] && method === 'GET') return send(res, null, 200, video);
			}
			if ((m = /^\/__admin\/(heygen|konpro)\/folders$/i.exec(path)) && method === 'POST') {
				const store = m[1].toLowerCase() === 'heygen' ? heyGen : konpro;
				return send(res, null, 201, store.addFolder(body));
			}
			if (method === 'POST' && path === '/__admin/memories/folders')
				return send(res, null, 201, memories.addFolder(body));
		} catch (err) {
			return send(res, null, 400, { error: err instanceof Error ? err.message : String(err) });
		}
		return send(res, null, 404, { error: `Unknown admin endpoint ${method} ${path}` });
	}

	// ---- server ----
	const server = http.createServer((req, res) => {
		let url: URL;
		try {
			url = new URL(req.url ?? '/', 'http://127.0.0.1');
		} catch {
			return send(res, null, 400, { error: 'bad_request', message: 'Malformed URL' });
		}
		const pathname = url.pathname;
		let work: Promise<void>;
		if (pathname === '/__admin' || pathname.startsWith('/__admin/'))
			work = handleAdmin(req, res, url);
		else {
			const hit = SERVICE_PREFIXES.find(
				([prefix]) => pathname === prefix || pathname.startsWith(prefix + '/'),
			);
			if (!hit) {
				req.resume();
				return send(res, null, 404, {
					error: 'not_found',
					message: `No mock service at ${pathname}. Use /memories, /heygen or /konpro.`,
				});
			}
			work = handleService(req, res, hit[1], pathname.slice(hit[0].length) || '/', url);
		}
		work.catch((err: unknown) => {
			if (!closed) console.error('[mock-api] request failed:', err);
			send(res, null, 500, {
				error: 'mock_internal_error',
				message: err instanceof Error ? err.message : String(err),
			});
		});
	});
	server.keepAliveTimeout = 5000;

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port === undefined ? 0 : opts.port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	if (address === null || typeof address === 'string')
		throw new Error('mock-api: the server has no TCP address');
	const port = address.port;
	const url = `http://127.0.0.1:${port}`;

	const api: MockApi = {
		url,
		port,
		baseUrls: Object.freeze({
			memoriesAi: `${url}/memories`,
			heyGen: `${url}/heygen`,
			konpro: `${url}/konpro`,
		}),
		keys: KEYS,
		options,
		clock: publicClock,
		memories: {
			get videos() {
				return memories.videos;
			},
			get folders() {
				return memories.folders;
			},
			addVideo: (input) => memories.addVideo(input),
			setStatus: (videoNo, status, cause) => memories.setStatus(videoNo, status, cause),
			deleteVideo: (videoNo) => memories.deleteVideo(videoNo),
			get: (videoNo) => memories.get(videoNo),
			addFolder: (input) => memories.addFolder(input),
			listVideos: (body) => memories.listVideos(body, options.legacy, options.unsorted),
		},
		heyGen: folderFacade(heyGen),
		konpro: folderFacade(konpro),
		fault(spec: FaultSpec) {
			faults.push(validateFault(spec));
		},
		clearFaults() {
			faults = [];
		},
		get pendingFaults() {
			return faults.map((f) => ({ ...f }));
		},
		get requests() {
			return requests;
		},
		get callbacks() {
			return callbackLog;
		},
		count(filter) {
			let n = 0;
			for (const e of requests) if (matchesFilter(e, filter)) n++;
			return n;
		},
		resetCounters() {
			requests.length = 0;
			callbackLog.length = 0;
		},
		onRequest(fn) {
			// Still checked at run time, for plain-JS callers.
			if (typeof fn !== 'function') throw new Error('onRequest: expected a function');
			// A fresh wrapper per subscription, so the same function can be subscribed twice.
			const wrapped = (info: OnRequestInfo) => fn(info);
			hooks.add(wrapped);
			return () => {
				hooks.delete(wrapped);
			};
		},
		async close() {
			if (closed) return;
			closed = true;
			if (ticker) clearInterval(ticker);
			for (const t of timers) clearTimeout(t);
			timers.clear();
			hooks.clear();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return api;
}
