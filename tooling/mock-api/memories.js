'use strict';
/**
 * Memories.ai dataset and endpoint handlers.
 * Videos live in one array kept sorted newest create_time first (ties: video_no descending)
 * plus a Map by video_no, so 100,000 videos stay cheap to page, look up and update.
 */

const { createRng } = require('./prng');

const STATUS_ALIASES = {
	PARSE: 'PARSE',
	DONE: 'PARSE',
	UNPARSE: 'UNPARSE',
	FAILED: 'FAILED',
	FAIL: 'FAILED',
	PARSE_ERROR: 'FAILED',
};
const STRICT_STATUSES = new Set(['PARSE', 'UNPARSE', 'FAILED']);

const BUSINESS_MESSAGES = {
	'0000': 'success',
	'0001': 'System busy, please try again later',
	'0003': 'Invalid parameters',
	'0401': 'Invalid API key',
	'0402': 'Insufficient credits',
	'0403': 'Account disabled',
	'0429': 'Request exceeded the limit',
	'9009': 'No permission',
};

const FAILURE_CAUSES = [
	'Unsupported video codec',
	'Video file is corrupted',
	'Video download failed',
	'Video duration exceeds the limit',
	'No video stream found',
];
const NAME_WORDS = ['beach', 'interview', 'product-demo', 'drone', 'meeting', 'tutorial', 'street', 'concert', 'kitchen', 'traffic', 'wedding', 'lecture'];
const CAMERAS = ['Canon EOS 5D', 'iPhone 15 Pro', 'DJI Mini 4 Pro', 'GoPro HERO12', 'Sony A7 IV'];
const TAGS = ['holiday', 'family', 'drone', 'product', 'interview', 'outdoor', 'night'];
const PLACES = [
	{ name: 'beijing', lat: 39.9042, lon: 116.4074 },
	{ name: 'paris', lat: 48.8566, lon: 2.3522 },
	{ name: 'new-york', lat: 40.7128, lon: -74.006 },
	{ name: 'sydney', lat: -33.8688, lon: 151.2093 },
];
const GEO_RADIUS_KM = 20;

/** Canonical status (PARSE / UNPARSE / FAILED) of a stored status, case-insensitive, legacy aliases folded. */
const canonicalCache = new Map();
function canonicalStatus(status) {
	if (typeof status !== 'string') return null;
	let c = canonicalCache.get(status);
	if (c === undefined) {
		const upper = status.toUpperCase();
		c = STATUS_ALIASES[upper] || upper;
		if (canonicalCache.size < 1000) canonicalCache.set(status, c);
	}
	return c;
}

function businessError(code, msg) {
	return { code, msg: msg || BUSINESS_MESSAGES[code] || 'Error', data: null, success: false, failed: true };
}

function ok(data) {
	return { code: '0000', msg: 'success', data, success: true, failed: false };
}

/** Newest first; ties by video_no descending. Returns <0 if a sorts before b. */
function compareVideos(a, b) {
	if (a.create_time !== b.create_time) return b.create_time - a.create_time;
	if (a.video_no === b.video_no) return 0;
	return a.video_no < b.video_no ? 1 : -1;
}

function haversineKm(lat1, lon1, lat2, lon2) {
	const rad = Math.PI / 180;
	const dLat = (lat2 - lat1) * rad;
	const dLon = (lon2 - lon1) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const isAbsent = (v) => v === undefined || v === null;
const isBlank = (v) => isAbsent(v) || v === '';

class MemoriesStore {
	/**
	 * @param {{ seed: number, clock: { now(): number, tick(): number }, videos?: number }} opts
	 */
	constructor(opts) {
		this.clock = opts.clock;
		this.rng = createRng(opts.seed, 'memories');
		this._videos = [];
		this._byNo = new Map();
		this._nonDefaultScope = 0;
		/** stored status string -> number of videos (kept incrementally) */
		this._statusCounts = new Map();
		/** video_no -> real time (Date.now()) it became UNPARSE; insertion order = time order. */
		this.pending = new Map();
		this.folders = [];
		this._seedFolders();
		this._seedVideos(opts.videos || 0);
	}

	get videos() {
		return this._videos;
	}

	get(videoNo) {
		return this._byNo.get(videoNo);
	}

	_newVideoNo() {
		for (;;) {
			const no = 'VI6' + this.rng.digits(17);
			if (!this._byNo.has(no)) return no;
		}
	}

	_seedFolders() {
		const account = 'mock-user@memories.ai';
		const rng = createRng(this.rng.int(1, 2 ** 31), 'memories-folders');
		const bigId = () => '59' + rng.digits(16);
		this.folders.push({ account, foldersName: 'Default folder', parentId: null, level: 1, id: '-1' });
		this.folders.push({ account, foldersName: 'API', parentId: null, level: 1, id: '-2' });
		const projects = { account, foldersName: 'Projects', parentId: null, level: 1, id: '590235112738787328' };
		this.folders.push(projects);
		this.folders.push({ account, foldersName: 'Client interviews', parentId: projects.id, level: 2, id: bigId() });
		this.folders.push({ account, foldersName: 'Drone footage', parentId: projects.id, level: 2, id: bigId() });
		this.folders.push({ account, foldersName: 'Archive', parentId: null, level: 1, id: bigId() });
	}

	addFolder(input) {
		if (!input || typeof input.foldersName !== 'string' || !input.foldersName) throw new Error('addFolder: foldersName is required');
		const parent = isAbsent(input.parentId) ? null : this.folders.find((f) => f.id === String(input.parentId));
		if (!isAbsent(input.parentId) && !parent) throw new Error(`addFolder: unknown parentId ${input.parentId}`);
		const folder = {
			account: input.account || 'mock-user@memories.ai',
			foldersName: input.foldersName,
			parentId: parent ? parent.id : null,
			level: parent ? parent.level + 1 : 1,
			id: isAbsent(input.id) ? '59' + this.rng.digits(16) : String(input.id),
		};
		this.folders.push(folder);
		return folder;
	}

	_seedVideos(count) {
		const rng = this.rng;
		let t = this.clock.now();
		const videos = this._videos;
		for (let i = 0; i < count; i++) {
			t -= rng.int(1000, 90000);
			let status;
			if (i < 3) status = ['UNPARSE', 'PARSE', 'FAILED'][i];
			else {
				// Like a real account: recent uploads are often still processing, old ones rarely.
				const r = rng.next();
				const unparse = i < 40 ? 0.25 : 0.01;
				status = r < unparse ? 'UNPARSE' : r < unparse + 0.07 ? 'FAILED' : 'PARSE';
			}
			const video = {
				video_no: this._newVideoNo(),
				video_name: `${rng.pick(NAME_WORDS)}-${String(count - i).padStart(6, '0')}`,
				duration: rng.int(3, 900),
				size: rng.int(200000, 250000000),
				status,
				create_time: t,
				unique_id: 'default',
			};
			if (status === 'FAILED') video.cause = rng.pick(FAILURE_CAUSES);
			if (status === 'PARSE' && rng.chance(0.2)) video.video_url = `https://cdn.mock.memories.ai/videos/${video.video_no}.mp4`;
			if (i % 4 === 1 || rng.chance(0.05)) {
				const place = PLACES[(i >> 2) % PLACES.length];
				video.datetime_taken = t - rng.int(60000, 30 * 86400000);
				video.camera_model = CAMERAS[(i >> 1) % CAMERAS.length];
				// jitter of up to ~+-5 km around the city so the 20 km geo filter finds them
				video.latitude = Math.round((place.lat + (rng.next() - 0.5) * 0.09) * 1e6) / 1e6;
				video.longitude = Math.round((place.lon + (rng.next() - 0.5) * 0.09) * 1e6) / 1e6;
				video.tags = [TAGS[i % TAGS.length], place.name, 'api'];
				if (rng.chance(0.3)) video.tags.unshift(rng.pick(TAGS.filter((x) => x !== TAGS[i % TAGS.length])));
			}
			videos.push(video);
			this._byNo.set(video.video_no, video);
			this._countStatus(status, 1);
			if (status === 'UNPARSE') this.pending.set(video.video_no, Date.now());
		}
	}

	_countStatus(status, delta) {
		const n = (this._statusCounts.get(status) || 0) + delta;
		if (n > 0) this._statusCounts.set(status, n);
		else this._statusCounts.delete(status);
	}

	/** Index of the first element not sorting before `v` (binary search). */
	_lowerBound(v) {
		const a = this._videos;
		let lo = 0;
		let hi = a.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (compareVideos(a[mid], v) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	addVideo(input = {}) {
		if (input === null || typeof input !== 'object') throw new Error('addVideo: argument must be an object');
		const videoNo = isAbsent(input.video_no) ? this._newVideoNo() : input.video_no;
		if (typeof videoNo !== 'string' || !videoNo) throw new Error('addVideo: video_no must be a non-empty string');
		if (this._byNo.has(videoNo)) throw new Error(`addVideo: video_no ${videoNo} already exists`);
		const createTime = isAbsent(input.create_time) ? this.clock.tick() : Number(input.create_time);
		if (!Number.isFinite(createTime)) throw new Error('addVideo: create_time must be a number (ms)');
		const status = isAbsent(input.status) ? 'UNPARSE' : String(input.status);
		const video = {
			video_no: videoNo,
			video_name: isAbsent(input.video_name) ? `upload-${videoNo.slice(-6)}` : String(input.video_name),
			duration: isAbsent(input.duration) ? this.rng.int(3, 900) : Number(input.duration),
			size: isAbsent(input.size) ? this.rng.int(200000, 250000000) : Number(input.size),
			status,
			create_time: createTime,
			unique_id: isAbsent(input.unique_id) ? 'default' : String(input.unique_id),
		};
		if (!isAbsent(input.cause)) video.cause = String(input.cause);
		else if (canonicalStatus(status) === 'FAILED') video.cause = 'Video processing failed';
		for (const key of ['video_url', 'camera_model']) if (!isAbsent(input[key])) video[key] = String(input[key]);
		for (const key of ['datetime_taken', 'latitude', 'longitude']) if (!isAbsent(input[key])) video[key] = Number(input[key]);
		if (!isAbsent(input.tags)) video.tags = Array.isArray(input.tags) ? input.tags.map(String) : [String(input.tags)];
		this._videos.splice(this._lowerBound(video), 0, video);
		this._byNo.set(videoNo, video);
		this._countStatus(status, 1);
		if (video.unique_id !== 'default') this._nonDefaultScope++;
		if (canonicalStatus(status) === 'UNPARSE') this.pending.set(videoNo, Date.now());
		return video;
	}

	setStatus(videoNo, status, cause) {
		const video = this._byNo.get(videoNo);
		if (!video) throw new Error(`setStatus: unknown video_no ${videoNo}`);
		if (typeof status !== 'string' || !status) throw new Error('setStatus: status must be a non-empty string');
		this._countStatus(video.status, -1);
		this._countStatus(status, 1);
		video.status = status;
		const canonical = canonicalStatus(status);
		if (canonical === 'FAILED') video.cause = isAbsent(cause) ? video.cause || 'Video processing failed' : String(cause);
		else delete video.cause;
		this.pending.delete(videoNo);
		if (canonical === 'UNPARSE') this.pending.set(videoNo, Date.now());
		return video;
	}

	deleteVideo(videoNo) {
		const video = this._byNo.get(videoNo);
		if (!video) return false;
		const i = this._lowerBound(video);
		if (this._videos[i] !== video) throw new Error('mock-api: video index out of order (was create_time mutated directly?)');
		this._videos.splice(i, 1);
		this._byNo.delete(videoNo);
		this._countStatus(video.status, -1);
		this.pending.delete(videoNo);
		if (video.unique_id !== 'default') this._nonDefaultScope--;
		return true;
	}

	statusCounts() {
		return Object.fromEntries(this._statusCounts);
	}

	/** Wire representation of one video. */
	serialize(v, legacy) {
		const canonical = canonicalStatus(v.status);
		const out = {
			video_no: v.video_no,
			video_name: v.video_name,
			duration: legacy ? String(v.duration) : v.duration,
			size: legacy ? String(v.size) : v.size,
			status: v.status,
			create_time: legacy ? String(v.create_time) : v.create_time,
		};
		if (legacy) out.cause = canonical === 'FAILED' && v.cause ? v.cause : 'null';
		else if (canonical === 'FAILED') out.cause = v.cause || 'Video processing failed';
		if (v.video_url !== undefined) out.video_url = v.video_url;
		// Metadata shows once the summary row exists, i.e. after parsing finished.
		if (canonical === 'PARSE') {
			if (v.datetime_taken !== undefined) out.datetime_taken = v.datetime_taken;
			if (v.camera_model !== undefined) out.camera_model = v.camera_model;
			if (v.latitude !== undefined) out.latitude = v.latitude;
			if (v.longitude !== undefined) out.longitude = v.longitude;
			if (v.tags !== undefined) out.tags = v.tags.slice();
		}
		return out;
	}

	/** POST /serve/api/v1/list_videos. `body` is the parsed JSON (or a parse failure marker). */
	listVideos(body, legacy) {
		if (body === undefined) body = {};
		if (body === null || typeof body !== 'object' || Array.isArray(body)) return businessError('0003', 'Request body must be a JSON object');
		const page = isAbsent(body.page) ? 1 : body.page;
		if (!Number.isInteger(page) || page < 1) return businessError('0003', 'page must be > 0');
		const size = isAbsent(body.size) ? 20 : body.size;
		if (!Number.isInteger(size) || size < 1) return businessError('0003', 'size must be > 0');
		if (size > 200) return businessError('0003', 'size must be <= 200');
		const uniqueId = isAbsent(body.unique_id) ? 'default' : body.unique_id;
		if (typeof uniqueId !== 'string' || uniqueId === '') return businessError('0003', 'unique_id must be a non-empty string');

		for (const key of ['video_name', 'video_no', 'status', 'camera_model', 'tag']) {
			if (!isAbsent(body[key]) && typeof body[key] !== 'string') return businessError('0003', `${key} must be a string`);
		}
		let videoNos = null;
		if (!isAbsent(body.video_nos)) {
			if (!Array.isArray(body.video_nos) || body.video_nos.some((x) => typeof x !== 'string')) {
				return businessError('0003', 'video_nos must be an array of strings');
			}
			if (body.video_nos.length > 0) videoNos = body.video_nos;
		}
		let status = null;
		if (!isBlank(body.status)) {
			if (legacy) {
				status = canonicalStatus(body.status);
				if (!STRICT_STATUSES.has(status)) return businessError('0003', `Invalid status: ${body.status}`);
			} else {
				if (!STRICT_STATUSES.has(body.status)) return businessError('0003', `Invalid status: ${body.status}. Allowed: PARSE, UNPARSE, FAILED`);
				status = body.status;
			}
		}
		const hasLat = !isAbsent(body.latitude);
		const hasLon = !isAbsent(body.longitude);
		if (hasLat !== hasLon) return businessError('0003', 'The latitude and longitude parameters must be provided together.');
		if (hasLat) {
			if (typeof body.latitude !== 'number' || !Number.isFinite(body.latitude) || body.latitude < -90 || body.latitude > 90) {
				return businessError('0003', 'latitude must be a number between -90 and 90');
			}
			if (typeof body.longitude !== 'number' || !Number.isFinite(body.longitude) || body.longitude < -180 || body.longitude > 180) {
				return businessError('0003', 'longitude must be a number between -180 and 180');
			}
		}
		if (!isAbsent(body.datetime_taken) && (typeof body.datetime_taken !== 'number' || !Number.isFinite(body.datetime_taken))) {
			return businessError('0003', 'datetime_taken must be a number (milliseconds)');
		}

		const videoName = isBlank(body.video_name) ? null : body.video_name;
		const cameraModel = isBlank(body.camera_model) ? null : body.camera_model;
		const tag = isBlank(body.tag) ? null : body.tag;
		const taken = isAbsent(body.datetime_taken) ? null : body.datetime_taken;
		const geo = hasLat ? { lat: body.latitude, lon: body.longitude } : null;
		const metadataFilter = cameraModel !== null || tag !== null || taken !== null || geo !== null;

		let candidates = this._videos;
		if (!isBlank(body.video_no)) {
			const v = this._byNo.get(body.video_no);
			candidates = v ? [v] : [];
		}
		if (videoNos) {
			const set = new Set(videoNos);
			const picked = [];
			for (const no of set) {
				const v = this._byNo.get(no);
				if (v) picked.push(v);
			}
			candidates = candidates === this._videos ? picked.sort(compareVideos) : candidates.filter((v) => set.has(v.video_no));
		}

		// Stored spellings that count as the requested status ('PARSE', 'DONE', 'parse', ...).
		let statusSpellings = null;
		let onlySpelling = null;
		if (status !== null) {
			statusSpellings = new Set();
			for (const stored of this._statusCounts.keys()) if (canonicalStatus(stored) === status) statusSpellings.add(stored);
			if (statusSpellings.size === 1) onlySpelling = [...statusSpellings][0];
		}

		const needsScan = videoName !== null || status !== null || metadataFilter || uniqueId !== 'default' || this._nonDefaultScope > 0;
		const start = (page - 1) * size;
		let total;
		let pageItems;
		if (!needsScan) {
			total = candidates.length;
			pageItems = candidates.slice(start, start + size);
		} else {
			const match = (v) => {
				if (v.unique_id !== uniqueId) return false;
				if (videoName !== null && v.video_name !== videoName) return false;
				if (onlySpelling !== null) {
					if (v.status !== onlySpelling) return false;
				} else if (statusSpellings !== null && !statusSpellings.has(v.status)) return false;
				if (metadataFilter) {
					if (canonicalStatus(v.status) !== 'PARSE') return false;
					if (cameraModel !== null && v.camera_model !== cameraModel) return false;
					if (tag !== null && !(v.tags && v.tags.includes(tag))) return false;
					if (taken !== null && !(typeof v.datetime_taken === 'number' && v.datetime_taken >= taken)) return false;
					if (geo !== null) {
						if (typeof v.latitude !== 'number' || typeof v.longitude !== 'number') return false;
						if (haversineKm(geo.lat, geo.lon, v.latitude, v.longitude) > GEO_RADIUS_KM) return false;
					}
				}
				return true;
			};
			total = 0;
			pageItems = [];
			const end = start + size;
			for (let i = 0; i < candidates.length; i++) {
				const v = candidates[i];
				if (!match(v)) continue;
				if (total >= start && total < end) pageItems.push(v);
				total++;
			}
		}
		return ok({
			current_page: page,
			page_size: size,
			total_count: legacy ? String(total) : total,
			videos: pageItems.map((v) => this.serialize(v, legacy)),
		});
	}

	getFolders() {
		return ok(this.folders.map((f) => ({ ...f })));
	}
}

module.exports = { MemoriesStore, canonicalStatus, businessError, compareVideos, BUSINESS_MESSAGES, FAILURE_CAUSES };
