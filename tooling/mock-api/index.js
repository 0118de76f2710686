'use strict';
/**
 * Loopback mock of the Memories.ai, HeyGen and Konpro APIs (node:http, no dependencies).
 * See README.md in this folder and index.d.ts for the API.
 */

const http = require('node:http');
const { MemoriesStore, canonicalStatus, businessError, BUSINESS_MESSAGES, FAILURE_CAUSES } = require('./memories');
const { FolderStore } = require('./folders');
const { createRng } = require('./prng');

const DEFAULT_CLOCK_START = 1754000000000;
const KEYS = Object.freeze({
	memoriesAi: 'mem-test-key-0123456789',
	heyGen: 'hg-test-key-0123456789',
	konpro: 'kp-test-key-0123456789',
});
const SERVICE_PREFIXES = [
	['/memories', 'memoriesAi'],
	['/heygen', 'heyGen'],
	['/konpro', 'konpro'],
];
const SERVICES = new Set(['memoriesAi', 'heyGen', 'konpro']);
const FAULT_TYPES = new Set(['http', 'code', 'malformed', 'reset', 'latency']);
const MALFORMED_BODIES = {
	memoriesAi: '{"code":"0000","msg":"success","data":{"current_page":1,"videos":[{"video_no":"VI6',
	heyGen: '{"error":null,"data":{"folders":[{"id":"26bg0d6624',
	konpro: '{"folders":[{"id":"folder_12',
};
const HTTP_TEXT = http.STATUS_CODES;
const MAX_BODY = 16 * 1024 * 1024;

function createClock(start) {
	let now = start;
	const check = (ms, what) => {
		if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error(`clock.${what}: expected a finite number of ms`);
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
		/** internal: current time for a new video, then +1 ms */
		tick() {
			const t = now;
			now += 1;
			return t;
		},
	};
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
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

/** Returns { ok: true, value } (value undefined for an empty body) or { ok: false, raw }. */
function parseJson(text) {
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false, raw: text };
	}
}

function validateFault(spec) {
	if (!spec || typeof spec !== 'object') throw new Error('fault: expected an object');
	if (!FAULT_TYPES.has(spec.type)) throw new Error(`fault: type must be one of ${[...FAULT_TYPES].join(', ')}`);
	if (spec.service !== undefined && !SERVICES.has(spec.service)) throw new Error(`fault: unknown service ${spec.service}`);
	if (spec.path !== undefined && typeof spec.path !== 'string') throw new Error('fault: path must be a string');
	const times = spec.times === undefined ? 1 : spec.times;
	if (!(times === Infinity || (Number.isInteger(times) && times > 0))) throw new Error('fault: times must be a positive integer or Infinity');
	if (spec.type === 'http' && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599)) {
		throw new Error('fault: http faults need a status between 400 and 599');
	}
	if (spec.type === 'code' && !(typeof spec.code === 'string' && spec.code)) throw new Error('fault: code faults need a code such as "0429"');
	if (spec.type === 'latency' && !(typeof spec.ms === 'number' && spec.ms >= 0)) throw new Error('fault: latency faults need ms >= 0');
	// Business-code faults are a Memories.ai concept; scope them there unless told otherwise.
	const service = spec.service || (spec.type === 'code' ? 'memoriesAi' : undefined);
	return { ...spec, service, times, method: spec.method ? String(spec.method).toUpperCase() : undefined };
}

function matchesFilter(entry, filter) {
	if (!filter) return true;
	if (filter.service && entry.service !== filter.service) return false;
	if (filter.method && entry.method !== String(filter.method).toUpperCase()) return false;
	if (filter.path && !entry.fullPath.includes(filter.path)) return false;
	if (filter.status !== undefined && entry.status !== filter.status) return false;
	if (filter.limited !== undefined && !!entry.limited !== filter.limited) return false;
	return true;
}

async function createMockApi(opts = {}) {
	const seed = opts.seed === undefined ? 1 : opts.seed;
	const clock = createClock(opts.clockStart === undefined ? DEFAULT_CLOCK_START : opts.clockStart);
	const publicClock = { now: clock.now, set: clock.set, advance: clock.advance };
	const memories = new MemoriesStore({ seed, clock, videos: opts.videos === undefined ? 25 : opts.videos });
	const folderCount = opts.folders === undefined ? 12 : opts.folders;
	const heyGen = new FolderStore('heyGen', { seed, clock, folders: folderCount });
	const konpro = new FolderStore('konpro', { seed, clock, folders: folderCount });
	const stores = { heyGen, konpro };

	const requests = [];
	let faults = [];
	const hooks = new Set();
	const rateWindows = new Map(); // api key -> timestamps of admitted requests (last 1000 ms)
	const timers = new Set();
	let closed = false;

	// ---- auto-processing (status changes over time) ----
	const autoRng = createRng(seed, 'auto-process');
	let ticker = null;
	let lastUploadAt = null;
	let autoUploads = 0;
	function tick() {
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
			memories.addVideo({ status: 'UNPARSE', video_name: `auto-upload-${String(autoUploads).padStart(4, '0')}` });
		}
	}
	function ensureTicker() {
		if (ticker || closed || !options.autoProcessMs) return;
		ticker = setInterval(tick, Math.max(20, Math.min(250, Math.floor(options.autoProcessMs / 5))));
		ticker.unref();
	}

	const options = {
		latencyMs: opts.latencyMs || 0,
		legacy: !!opts.legacy,
		qpsLimit: opts.qpsLimit === undefined ? null : opts.qpsLimit,
		qpsResponse: opts.qpsResponse === 'http' ? 'http' : 'code',
	};
	let autoProcessMs = opts.autoProcessMs || null;
	Object.defineProperty(options, 'autoProcessMs', {
		enumerable: true,
		get: () => autoProcessMs,
		set(v) {
			autoProcessMs = v && v > 0 ? Number(v) : null;
			if (autoProcessMs) {
				if (ticker) {
					clearInterval(ticker);
					ticker = null;
				}
				ensureTicker();
			}
		},
	});
	ensureTicker();

	// ---- helpers ----
	function sleep(ms) {
		if (!ms || ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				timers.delete(t);
				resolve();
			}, ms);
			timers.add(t);
		});
	}

	function send(res, entry, status, body, headers = {}) {
		if (entry) entry.status = status;
		if (res.destroyed || res.writableEnded) return;
		if (status === 204 || body === undefined) {
			res.writeHead(status, headers);
			res.end();
			return;
		}
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	function takeFaults(entry) {
		let latency = null;
		let main = null;
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
		if ((latency && latency.times <= 0) || (main && main.times <= 0)) faults = faults.filter((f) => f.times > 0);
		return { latency, main };
	}

	function defaultHttpFaultBody(service, status, path) {
		const message = HTTP_TEXT[status] || 'Error';
		if (service === 'memoriesAi') {
			return { timestamp: new Date().toISOString(), status, error: message, path };
		}
		return (service === 'heyGen' ? heyGen : konpro).error(status, message).body;
	}

	function rateLimited(key) {
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

	// ---- service routing ----
	function routeMemories(method, path, req, parsed) {
		const isList = path === '/serve/api/v1/list_videos';
		const isFolders = path === '/serve/api/video/get_folder';
		if (!isList && !isFolders) {
			return { status: 404, body: { timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path: `/memories${path}` } };
		}
		if ((isList && method !== 'POST') || (isFolders && method !== 'GET')) {
			return { status: 405, body: { timestamp: new Date().toISOString(), status: 405, error: 'Method Not Allowed', path: `/memories${path}` } };
		}
		if (req.headers.authorization !== KEYS.memoriesAi) return { status: 200, body: businessError('0401', 'Invalid API key') };
		if (isFolders) return { status: 200, body: memories.getFolders() };
		if (!parsed.ok) return { status: 200, body: businessError('0003', 'Request body is not valid JSON') };
		return { status: 200, body: memories.listVideos(parsed.value, options.legacy) };
	}

	function routeFolders(store, method, path, req, parsed, query) {
		const m = /^\/v1\/folders(?:\/([^/]+)(?:\/(trash|restore))?)?\/?$/.exec(path);
		if (!m) return store.error(404, `No route for ${method} ${path}`);
		const [, rawId, action] = m;
		const expected = rawId === undefined ? 'GET' : 'POST';
		if (method !== expected) return store.error(405, `Method ${method} not allowed on ${path}`);
		if (req.headers['x-api-key'] !== KEYS[store.kind]) return store.error(401, 'Invalid API key');
		if (rawId === undefined) return store.list(query);
		if (!parsed.ok) return store.error(400, 'Request body is not valid JSON');
		let id;
		try {
			id = decodeURIComponent(rawId);
		} catch {
			return store.error(400, 'Malformed folder id');
		}
		if (id === 'create' && !action) return store.create(parsed.value);
		if (action) return store.trashRequest(id, action === 'trash');
		return store.renameRequest(id, parsed.value === undefined ? {} : parsed.value);
	}

	async function handleService(req, res, service, relPath, url) {
		const text = await readBody(req);
		const parsed = parseJson(text);
		const query = Object.fromEntries(url.searchParams);
		const method = req.method.toUpperCase();
		const authHeader = service === 'memoriesAi' ? req.headers.authorization : req.headers['x-api-key'];
		const entry = {
			service,
			method,
			path: relPath,
			fullPath: url.pathname,
			query,
			body: parsed.ok ? parsed.value : parsed.raw,
			status: null,
			at: Date.now(),
			auth: authHeader === undefined || authHeader === '' ? 'missing' : authHeader === KEYS[service] ? 'ok' : 'invalid',
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

		if (service === 'memoriesAi' && rateLimited(authHeader === undefined ? '' : String(authHeader))) {
			entry.limited = true;
			await sleep(options.latencyMs);
			if (options.qpsResponse === 'http') {
				entry.code = '0429';
				return send(res, entry, 429, businessError('0429', BUSINESS_MESSAGES['0429']), { 'retry-after': '1' });
			}
			entry.code = '0429';
			return send(res, entry, 200, businessError('0429', BUSINESS_MESSAGES['0429']));
		}

		const { latency, main } = takeFaults(entry);
		await sleep((options.latencyMs || 0) + (latency ? latency.ms : 0));
		if (main) {
			entry.fault = main.type;
			switch (main.type) {
				case 'reset':
					entry.status = 0;
					req.socket.destroy();
					return undefined;
				case 'malformed':
					return send(res, entry, 200, typeof main.body === 'string' ? main.body : MALFORMED_BODIES[service]);
				case 'code':
					entry.code = main.code;
					return send(res, entry, 200, businessError(main.code, main.msg));
				case 'http': {
					const headers = main.retryAfter !== undefined ? { 'retry-after': String(main.retryAfter) } : {};
					const body = main.body !== undefined ? main.body : defaultHttpFaultBody(service, main.status, entry.fullPath);
					return send(res, entry, main.status, body, headers);
				}
				default:
					break;
			}
		}

		const result =
			service === 'memoriesAi'
				? routeMemories(method, relPath, req, parsed)
				: routeFolders(stores[service], method, relPath, req, parsed, query);
		if (service === 'memoriesAi' && result.body && typeof result.body.code === 'string') entry.code = result.body.code;
		return send(res, entry, result.status, result.body);
	}

	// ---- admin ----
	function state() {
		const counts = memories.statusCounts();
		const canonical = { PARSE: 0, UNPARSE: 0, FAILED: 0 };
		for (const [s, n] of Object.entries(counts)) {
			const c = canonicalStatus(s);
			if (c in canonical) canonical[c] += n;
		}
		const folderSummary = (store) => ({
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

	async function handleAdmin(req, res, url) {
		const method = req.method.toUpperCase();
		const path = url.pathname.replace(/\/+$/, '');
		const text = await readBody(req);
		const parsed = parseJson(text);
		if (!parsed.ok) return send(res, null, 400, { error: 'Body is not valid JSON' });
		const body = parsed.value === undefined ? {} : parsed.value;
		const q = Object.fromEntries(url.searchParams);
		let m;
		try {
			if (method === 'GET' && path === '/__admin/state') return send(res, null, 200, state());
			if (method === 'GET' && path === '/__admin/requests') {
				const filter = { service: q.service || undefined, path: q.path || undefined, method: q.method || undefined };
				const list = requests.filter((e) => matchesFilter(e, filter));
				return send(res, null, 200, { count: list.length, total: requests.length, requests: list });
			}
			if (method === 'POST' && path === '/__admin/reset-counters') {
				api.resetCounters();
				return send(res, null, 200, { ok: true });
			}
			if (method === 'POST' && path === '/__admin/fault') {
				const list = Array.isArray(body) ? body : [body];
				for (const f of list) api.fault(f.times === null ? { ...f, times: Infinity } : f);
				return send(res, null, 200, { ok: true, pending: faults.length });
			}
			if (method === 'POST' && path === '/__admin/clear-faults') {
				api.clearFaults();
				return send(res, null, 200, { ok: true });
			}
			if (method === 'POST' && path === '/__admin/clock') {
				if (body.set !== undefined) clock.set(Number(body.set));
				if (body.advance !== undefined) clock.advance(Number(body.advance));
				return send(res, null, 200, { now: clock.now() });
			}
			if (method === 'POST' && path === '/__admin/options') {
				for (const key of ['latencyMs', 'legacy', 'qpsLimit', 'qpsResponse', 'autoProcessMs']) {
					if (key in body) options[key] = body[key];
				}
				if ('repeatToken' in body) heyGen.repeatToken = konpro.repeatToken = !!body.repeatToken;
				return send(res, null, 200, { options: { ...options } });
			}
			if (path === '/__admin/memories/videos') {
				if (method === 'POST') return send(res, null, 201, memories.addVideo(body));
				if (method === 'GET') {
					const limit = q.limit ? Number(q.limit) : 100;
					const list = q.status ? memories.videos.filter((v) => canonicalStatus(v.status) === canonicalStatus(q.status)) : memories.videos;
					return send(res, null, 200, { count: list.length, videos: list.slice(0, limit) });
				}
			}
			if ((m = /^\/__admin\/memories\/videos\/([^/]+)(\/status)?$/.exec(path))) {
				const videoNo = decodeURIComponent(m[1]);
				const video = memories.get(videoNo);
				if (!video) return send(res, null, 404, { error: `Unknown video_no ${videoNo}` });
				if (m[2] && method === 'POST') return send(res, null, 200, memories.setStatus(videoNo, body.status, body.cause));
				if (!m[2] && method === 'DELETE') return send(res, null, 200, { deleted: memories.deleteVideo(videoNo) });
				if (!m[2] && method === 'GET') return send(res, null, 200, video);
			}
			if ((m = /^\/__admin\/(heygen|konpro)\/folders$/i.exec(path)) && method === 'POST') {
				const store = m[1].toLowerCase() === 'heygen' ? heyGen : konpro;
				return send(res, null, 201, store.addFolder(body));
			}
			if (method === 'POST' && path === '/__admin/memories/folders') return send(res, null, 201, memories.addFolder(body));
		} catch (err) {
			return send(res, null, 400, { error: err instanceof Error ? err.message : String(err) });
		}
		return send(res, null, 404, { error: `Unknown admin endpoint ${method} ${path}` });
	}

	// ---- server ----
	const server = http.createServer((req, res) => {
		let url;
		try {
			url = new URL(req.url, 'http://127.0.0.1');
		} catch {
			return send(res, null, 400, { error: 'bad_request', message: 'Malformed URL' });
		}
		const pathname = url.pathname;
		let work;
		if (pathname === '/__admin' || pathname.startsWith('/__admin/')) work = handleAdmin(req, res, url);
		else {
			const hit = SERVICE_PREFIXES.find(([prefix]) => pathname === prefix || pathname.startsWith(prefix + '/'));
			if (!hit) {
				req.resume();
				return send(res, null, 404, { error: 'not_found', message: `No mock service at ${pathname}. Use /memories, /heygen or /konpro.` });
			}
			work = handleService(req, res, hit[1], pathname.slice(hit[0].length) || '/', url);
		}
		work.catch((err) => {
			if (!closed) console.error('[mock-api] request failed:', err);
			send(res, null, 500, { error: 'mock_internal_error', message: err instanceof Error ? err.message : String(err) });
		});
		return undefined;
	});
	server.keepAliveTimeout = 5000;

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port === undefined ? 0 : opts.port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = server.address().port;
	const url = `http://127.0.0.1:${port}`;

	const api = {
		url,
		port,
		baseUrls: Object.freeze({ memoriesAi: `${url}/memories`, heyGen: `${url}/heygen`, konpro: `${url}/konpro` }),
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
		},
		heyGen: folderFacade(heyGen),
		konpro: folderFacade(konpro),
		fault(spec) {
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
		count(filter) {
			let n = 0;
			for (const e of requests) if (matchesFilter(e, filter)) n++;
			return n;
		},
		resetCounters() {
			requests.length = 0;
		},
		onRequest(fn) {
			if (typeof fn !== 'function') throw new Error('onRequest: expected a function');
			const wrapped = (info) => fn(info);
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
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return api;
}

function folderFacade(store) {
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

module.exports = { createMockApi, KEYS };
