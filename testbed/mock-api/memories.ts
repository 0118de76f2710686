/**
 * Memories.ai dataset and endpoint handlers.
 * Videos live in one array kept sorted newest create_time first (ties: video_no descending)
 * plus a Map by video_no, so 100,000 videos stay cheap to page, look up and update.
 */

import { isAbsent, isPlainObject, isRecord, isStringArray } from '../guards';
import type { MultipartBody } from './multipart';
import { createRng, type Rng } from './prng';
import type {
	KnownVideoStatus,
	LegacyListVideosResponse,
	LegacyWireVideo,
	ListVideosResponse,
	MemoriesBusinessError,
	MemoriesErrorCode,
	MemoriesFolder,
	MemoriesSuccess,
	MockVideo,
	WireVideo,
} from './types';

/** The clock a store reads: `tick()` hands out a new video's create_time and moves on 1 ms. */
export interface StoreClock {
	now(): number;
	tick(): number;
}

export interface MemoriesStoreOptions {
	seed: number;
	clock: StoreClock;
	videos?: number;
}

const STATUS_ALIASES: Readonly<Record<string, KnownVideoStatus>> = {
	PARSE: 'PARSE',
	DONE: 'PARSE',
	UNPARSE: 'UNPARSE',
	FAILED: 'FAILED',
	FAIL: 'FAILED',
	PARSE_ERROR: 'FAILED',
};

const isKnownStatus = (s: unknown): s is KnownVideoStatus =>
	s === 'PARSE' || s === 'UNPARSE' || s === 'FAILED';

export const BUSINESS_MESSAGES: Readonly<Record<'0000' | MemoriesErrorCode, string>> = {
	'0000': 'success',
	'0001': 'System busy, please try again later',
	'0003': 'Invalid parameters',
	'0401': 'Invalid API key',
	'0402': 'Insufficient credits',
	'0403': 'Account disabled',
	'0429': 'Request exceeded the limit',
	'9009': 'No permission',
};

export const FAILURE_CAUSES: readonly string[] = [
	'Unsupported video codec',
	'Video file is corrupted',
	'Video download failed',
	'Video duration exceeds the limit',
	'No video stream found',
];
const NAME_WORDS = [
	'beach',
	'interview',
	'product-demo',
	'drone',
	'meeting',
	'tutorial',
	'street',
	'concert',
	'kitchen',
	'traffic',
	'wedding',
	'lecture',
];
const CAMERAS = ['Canon EOS 5D', 'iPhone 15 Pro', 'DJI Mini 4 Pro', 'GoPro HERO12', 'Sony A7 IV'];
const TAGS = ['holiday', 'family', 'drone', 'product', 'interview', 'outdoor', 'night'];
const PLACES = [
	{ name: 'beijing', lat: 39.9042, lon: 116.4074 },
	{ name: 'paris', lat: 48.8566, lon: 2.3522 },
	{ name: 'new-york', lat: 40.7128, lon: -74.006 },
	{ name: 'sydney', lat: -33.8688, lon: 151.2093 },
];
const SPOKEN_WORDS = [
	'welcome',
	'today',
	'we',
	'look',
	'at',
	'the',
	'new',
	'product',
	'thanks',
	'for',
	'watching',
	'next',
	'question',
];
const SEEN_WORDS = [
	'a person',
	'walks',
	'into',
	'the room',
	'a car',
	'drives',
	'past',
	'a screen',
	'shows',
	'a chart',
	'the camera',
	'pans',
];
const GEO_RADIUS_KM = 20;

/** The platform of a post URL (scraper_url takes one platform per task), or null. */
function platformOf(url: string): string | null {
	const host =
		/^https?:\/\/([^/?#]+)/i
			.exec(url)?.[1]
			.toLowerCase()
			.replace(/^www\.|^m\./, '') ?? '';
	if (host === 'tiktok.com' || host.endsWith('.tiktok.com')) return 'tiktok';
	if (host === 'youtube.com' || host === 'youtu.be' || host.endsWith('.youtube.com'))
		return 'youtube';
	if (host === 'instagram.com' || host.endsWith('.instagram.com')) return 'instagram';
	return null;
}
/** The string-valued list_videos filters. */
const STRING_FILTERS = ['video_name', 'video_no', 'status', 'camera_model', 'tag'] as const;

/**
 * Canonical status (PARSE / UNPARSE / FAILED) of a stored status, case-insensitive, legacy aliases
 * folded; an unknown spelling comes back upper-cased, a non-string as null. Cached because the
 * list filter calls it per video.
 */
const canonicalCache = new Map<string, string>();
export function canonicalStatus(status: unknown): string | null {
	if (typeof status !== 'string') return null;
	let c = canonicalCache.get(status);
	if (c === undefined) {
		const upper = status.toUpperCase();
		c = STATUS_ALIASES[upper] || upper;
		if (canonicalCache.size < 1000) canonicalCache.set(status, c);
	}
	return c;
}

export function businessError(code: string, msg?: string): MemoriesBusinessError {
	const known: Readonly<Record<string, string | undefined>> = BUSINESS_MESSAGES;
	return { code, msg: msg || known[code] || 'Error', data: null, success: false, failed: true };
}

function ok<T>(data: T): MemoriesSuccess<T> {
	return { code: '0000', msg: 'success', data, success: true, failed: false };
}

/**
 * The list positions (0-based, newest first) that swap places in the unfiltered list when the mock
 * serves it out of order (`unsorted`): two adjacent videos of the first page.
 */
export const UNSORTED_SWAP: readonly [number, number] = [1, 2];

/** Newest first; ties by video_no descending. Returns <0 if a sorts before b. */
export function compareVideos(a: MockVideo, b: MockVideo): number {
	if (a.create_time !== b.create_time) return b.create_time - a.create_time;
	if (a.video_no === b.video_no) return 0;
	return a.video_no < b.video_no ? 1 : -1;
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
	const rad = Math.PI / 180;
	const dLat = (lat2 - lat1) * rad;
	const dLon = (lon2 - lon1) * rad;
	const h =
		Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The fields both wire formats add after the core ones. Metadata shows once the summary row exists, i.e. after parsing finished. */
function addWireTail(
	out: WireVideo | LegacyWireVideo,
	v: MockVideo,
	canonical: string | null,
): void {
	if (v.video_url !== undefined) out.video_url = v.video_url;
	if (canonical === 'PARSE') {
		if (v.datetime_taken !== undefined) out.datetime_taken = v.datetime_taken;
		if (v.camera_model !== undefined) out.camera_model = v.camera_model;
		if (v.latitude !== undefined) out.latitude = v.latitude;
		if (v.longitude !== undefined) out.longitude = v.longitude;
		if (v.tags !== undefined) out.tags = v.tags.slice();
	}
}

function toWire(v: MockVideo): WireVideo {
	const canonical = canonicalStatus(v.status);
	const out: WireVideo = {
		video_no: v.video_no,
		video_name: v.video_name,
		duration: v.duration,
		size: v.size,
		status: v.status,
		create_time: v.create_time,
	};
	if (canonical === 'FAILED') out.cause = v.cause || 'Video processing failed';
	addWireTail(out, v, canonical);
	return out;
}

function toLegacyWire(v: MockVideo): LegacyWireVideo {
	const canonical = canonicalStatus(v.status);
	const out: LegacyWireVideo = {
		video_no: v.video_no,
		video_name: v.video_name,
		duration: String(v.duration),
		size: String(v.size),
		status: v.status,
		create_time: String(v.create_time),
		cause: canonical === 'FAILED' && v.cause ? v.cause : 'null',
	};
	addWireTail(out, v, canonical);
	return out;
}

export class MemoriesStore {
	/** video_no -> real time (Date.now()) it became UNPARSE; insertion order = time order. */
	readonly pending = new Map<string, number>();
	readonly folders: MemoriesFolder[] = [];
	private readonly clock: StoreClock;
	private readonly seed: number;
	private readonly rng: Rng;
	private readonly list: MockVideo[] = [];
	private readonly byNo = new Map<string, MockVideo>();
	/** video_no -> the callback URL its upload gave; called when its status becomes final. */
	readonly callbacks = new Map<string, string>();
	/** Set by the server: delivers a callback (the store itself sends nothing). */
	onCallback: ((url: string, payload: { videoNo: string; status: string }) => void) | null = null;
	/** Scraper tasks: their URLs, the unique_id, and how often their status was asked. */
	private readonly tasks = new Map<
		string,
		{ urls: string[]; uniqueId: string; polls: number; videoNos: string[] }
	>();
	/** Videos outside the default unique_id; while there are none, unfiltered pages are plain slices. */
	private nonDefaultScope = 0;
	/** stored status string -> number of videos (kept incrementally) */
	private readonly counts = new Map<string, number>();

	constructor(opts: MemoriesStoreOptions) {
		this.clock = opts.clock;
		this.seed = opts.seed;
		this.rng = createRng(opts.seed, 'memories');
		this.seedFolders();
		this.seedVideos(opts.videos || 0);
	}

	get videos(): MockVideo[] {
		return this.list;
	}

	get(videoNo: string): MockVideo | undefined {
		return this.byNo.get(videoNo);
	}

	private newVideoNo(): string {
		for (;;) {
			const no = 'VI6' + this.rng.digits(17);
			if (!this.byNo.has(no)) return no;
		}
	}

	private seedFolders(): void {
		const account = 'mock-user@memories.ai';
		const rng = createRng(this.rng.int(1, 2 ** 31), 'memories-folders');
		const bigId = () => '59' + rng.digits(16);
		this.folders.push({
			account,
			foldersName: 'Default folder',
			parentId: null,
			level: 1,
			id: '-1',
		});
		this.folders.push({ account, foldersName: 'API', parentId: null, level: 1, id: '-2' });
		const projects: MemoriesFolder = {
			account,
			foldersName: 'Projects',
			parentId: null,
			level: 1,
			id: '590235112738787328',
		};
		this.folders.push(projects);
		this.folders.push({
			account,
			foldersName: 'Client interviews',
			parentId: projects.id,
			level: 2,
			id: bigId(),
		});
		this.folders.push({
			account,
			foldersName: 'Drone footage',
			parentId: projects.id,
			level: 2,
			id: bigId(),
		});
		this.folders.push({ account, foldersName: 'Archive', parentId: null, level: 1, id: bigId() });
	}

	/** Input is checked at run time: it also comes straight from the admin endpoint's JSON. */
	addFolder(input: unknown): MemoriesFolder {
		if (!isRecord(input) || typeof input.foldersName !== 'string' || !input.foldersName)
			throw new Error('addFolder: foldersName is required');
		const parentId = input.parentId;
		const parent = isAbsent(parentId) ? null : this.folders.find((f) => f.id === String(parentId));
		if (!isAbsent(parentId) && !parent)
			throw new Error(`addFolder: unknown parentId ${String(parentId)}`);
		const folder: MemoriesFolder = {
			account: input.account ? String(input.account) : 'mock-user@memories.ai',
			foldersName: input.foldersName,
			parentId: parent ? parent.id : null,
			level: parent ? parent.level + 1 : 1,
			id: isAbsent(input.id) ? '59' + this.rng.digits(16) : String(input.id),
		};
		this.folders.push(folder);
		return folder;
	}

	private seedVideos(count: number): void {
		const rng = this.rng;
		let t = this.clock.now();
		for (let i = 0; i < count; i++) {
			t -= rng.int(1000, 90000);
			let status: KnownVideoStatus;
			if (i < 3) status = (['UNPARSE', 'PARSE', 'FAILED'] as const)[i];
			else {
				// Like a real account: recent uploads are often still processing, old ones rarely.
				const r = rng.next();
				const unparse = i < 40 ? 0.25 : 0.01;
				status = r < unparse ? 'UNPARSE' : r < unparse + 0.07 ? 'FAILED' : 'PARSE';
			}
			// Field order is draw order: changing it changes every seeded dataset.
			const video: MockVideo = {
				video_no: this.newVideoNo(),
				video_name: `${rng.pick(NAME_WORDS)}-${String(count - i).padStart(6, '0')}`,
				duration: rng.int(3, 900),
				size: rng.int(200000, 250000000),
				status,
				create_time: t,
				unique_id: 'default',
			};
			if (status === 'FAILED') video.cause = rng.pick(FAILURE_CAUSES);
			if (status === 'PARSE' && rng.chance(0.2))
				video.video_url = `https://cdn.mock.memories.ai/videos/${video.video_no}.mp4`;
			if (i % 4 === 1 || rng.chance(0.05)) {
				const place = PLACES[(i >> 2) % PLACES.length];
				video.datetime_taken = t - rng.int(60000, 30 * 86400000);
				video.camera_model = CAMERAS[(i >> 1) % CAMERAS.length];
				// jitter of up to ~+-5 km around the city so the 20 km geo filter finds them
				video.latitude = Math.round((place.lat + (rng.next() - 0.5) * 0.09) * 1e6) / 1e6;
				video.longitude = Math.round((place.lon + (rng.next() - 0.5) * 0.09) * 1e6) / 1e6;
				const tags = [TAGS[i % TAGS.length], place.name, 'api'];
				if (rng.chance(0.3))
					tags.unshift(rng.pick(TAGS.filter((x) => x !== TAGS[i % TAGS.length])));
				video.tags = tags;
			}
			this.list.push(video);
			this.byNo.set(video.video_no, video);
			this.countStatus(status, 1);
			if (status === 'UNPARSE') this.pending.set(video.video_no, Date.now());
		}
	}

	private countStatus(status: string, delta: number): void {
		const n = (this.counts.get(status) || 0) + delta;
		if (n > 0) this.counts.set(status, n);
		else this.counts.delete(status);
	}

	/** Index of the first element not sorting before `v` (binary search). */
	private lowerBound(v: MockVideo): number {
		const a = this.list;
		let lo = 0;
		let hi = a.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (compareVideos(a[mid], v) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Input is checked and coerced at run time: it also comes straight from the admin endpoint's JSON. */
	addVideo(input: unknown = {}): MockVideo {
		if (!isRecord(input)) throw new Error('addVideo: argument must be an object');
		const videoNo = isAbsent(input.video_no) ? this.newVideoNo() : input.video_no;
		if (typeof videoNo !== 'string' || !videoNo)
			throw new Error('addVideo: video_no must be a non-empty string');
		if (this.byNo.has(videoNo)) throw new Error(`addVideo: video_no ${videoNo} already exists`);
		const createTime = isAbsent(input.create_time) ? this.clock.tick() : Number(input.create_time);
		if (!Number.isFinite(createTime))
			throw new Error('addVideo: create_time must be a number (ms)');
		const status = isAbsent(input.status) ? 'UNPARSE' : String(input.status);
		const video: MockVideo = {
			video_no: videoNo,
			video_name: isAbsent(input.video_name)
				? `upload-${videoNo.slice(-6)}`
				: String(input.video_name),
			duration: isAbsent(input.duration) ? this.rng.int(3, 900) : Number(input.duration),
			size: isAbsent(input.size) ? this.rng.int(200000, 250000000) : Number(input.size),
			status,
			create_time: createTime,
			unique_id: isAbsent(input.unique_id) ? 'default' : String(input.unique_id),
		};
		if (!isAbsent(input.cause)) video.cause = String(input.cause);
		else if (canonicalStatus(status) === 'FAILED') video.cause = 'Video processing failed';
		for (const key of ['video_url', 'camera_model'] as const) {
			const value = input[key];
			if (!isAbsent(value)) video[key] = String(value);
		}
		for (const key of ['datetime_taken', 'latitude', 'longitude'] as const) {
			const value = input[key];
			if (!isAbsent(value)) video[key] = Number(value);
		}
		const tags = input.tags;
		if (!isAbsent(tags))
			video.tags = Array.isArray(tags) ? tags.map((tag: unknown) => String(tag)) : [String(tags)];
		this.list.splice(this.lowerBound(video), 0, video);
		this.byNo.set(videoNo, video);
		this.countStatus(status, 1);
		if (video.unique_id !== 'default') this.nonDefaultScope++;
		if (canonicalStatus(status) === 'UNPARSE') this.pending.set(videoNo, Date.now());
		return video;
	}

	setStatus(videoNo: string, status: unknown, cause?: unknown): MockVideo {
		const video = this.byNo.get(videoNo);
		if (!video) throw new Error(`setStatus: unknown video_no ${videoNo}`);
		if (typeof status !== 'string' || !status)
			throw new Error('setStatus: status must be a non-empty string');
		this.countStatus(video.status, -1);
		this.countStatus(status, 1);
		video.status = status;
		const canonical = canonicalStatus(status);
		if (canonical === 'FAILED')
			video.cause = isAbsent(cause) ? video.cause || 'Video processing failed' : String(cause);
		else delete video.cause;
		this.pending.delete(videoNo);
		if (canonical === 'UNPARSE') this.pending.set(videoNo, Date.now());
		const callback = this.callbacks.get(videoNo);
		if (callback !== undefined && canonical !== 'UNPARSE')
			this.onCallback?.(callback, { videoNo, status: canonical ?? status });
		return video;
	}

	deleteVideo(videoNo: string): boolean {
		const video = this.byNo.get(videoNo);
		if (!video) return false;
		const i = this.lowerBound(video);
		if (this.list[i] !== video)
			throw new Error('mock-api: video index out of order (was create_time mutated directly?)');
		this.list.splice(i, 1);
		this.byNo.delete(videoNo);
		this.countStatus(video.status, -1);
		this.pending.delete(videoNo);
		if (video.unique_id !== 'default') this.nonDefaultScope--;
		return true;
	}

	statusCounts(): Record<string, number> {
		return Object.fromEntries(this.counts);
	}

	/**
	 * POST /serve/api/v1/list_videos. `body` is the parsed JSON (undefined for an empty body).
	 * `unsorted`: the unfiltered list is served with the videos at UNSORTED_SWAP swapped.
	 */
	listVideos(
		body: unknown,
		legacy = false,
		unsorted = false,
	): ListVideosResponse | LegacyListVideosResponse {
		if (body === undefined) body = {};
		if (!isPlainObject(body)) return businessError('0003', 'Request body must be a JSON object');
		const page = isAbsent(body.page) ? 1 : body.page;
		if (typeof page !== 'number' || !Number.isInteger(page) || page < 1)
			return businessError('0003', 'page must be > 0');
		const size = isAbsent(body.size) ? 20 : body.size;
		if (typeof size !== 'number' || !Number.isInteger(size) || size < 1)
			return businessError('0003', 'size must be > 0');
		if (size > 200) return businessError('0003', 'size must be <= 200');
		const uniqueId = isAbsent(body.unique_id) ? 'default' : body.unique_id;
		if (typeof uniqueId !== 'string' || uniqueId === '')
			return businessError('0003', 'unique_id must be a non-empty string');

		// '' counts as not given, as in the vendor's StringUtils.isNotBlank checks.
		const given: Partial<Record<(typeof STRING_FILTERS)[number], string>> = {};
		for (const key of STRING_FILTERS) {
			const value = body[key];
			if (isAbsent(value)) continue;
			if (typeof value !== 'string') return businessError('0003', `${key} must be a string`);
			if (value !== '') given[key] = value;
		}
		let videoNos: string[] | null = null;
		if (!isAbsent(body.video_nos)) {
			if (!isStringArray(body.video_nos))
				return businessError('0003', 'video_nos must be an array of strings');
			if (body.video_nos.length > 0) videoNos = body.video_nos;
		}
		let status: KnownVideoStatus | null = null;
		if (given.status !== undefined) {
			if (legacy) {
				const canonical = canonicalStatus(given.status);
				if (!isKnownStatus(canonical))
					return businessError('0003', `Invalid status: ${given.status}`);
				status = canonical;
			} else {
				if (!isKnownStatus(given.status))
					return businessError(
						'0003',
						`Invalid status: ${given.status}. Allowed: PARSE, UNPARSE, FAILED`,
					);
				status = given.status;
			}
		}
		const { latitude, longitude, datetime_taken: takenInput } = body;
		const hasLat = !isAbsent(latitude);
		const hasLon = !isAbsent(longitude);
		if (hasLat !== hasLon)
			return businessError(
				'0003',
				'The latitude and longitude parameters must be provided together.',
			);
		let geo: { lat: number; lon: number } | null = null;
		if (hasLat) {
			if (
				typeof latitude !== 'number' ||
				!Number.isFinite(latitude) ||
				latitude < -90 ||
				latitude > 90
			) {
				return businessError('0003', 'latitude must be a number between -90 and 90');
			}
			if (
				typeof longitude !== 'number' ||
				!Number.isFinite(longitude) ||
				longitude < -180 ||
				longitude > 180
			) {
				return businessError('0003', 'longitude must be a number between -180 and 180');
			}
			geo = { lat: latitude, lon: longitude };
		}
		let taken: number | null = null;
		if (!isAbsent(takenInput)) {
			if (typeof takenInput !== 'number' || !Number.isFinite(takenInput))
				return businessError('0003', 'datetime_taken must be a number (milliseconds)');
			taken = takenInput;
		}

		const videoName = given.video_name ?? null;
		const cameraModel = given.camera_model ?? null;
		const tag = given.tag ?? null;
		const metadataFilter = cameraModel !== null || tag !== null || taken !== null || geo !== null;

		let candidates = this.list;
		if (given.video_no !== undefined) {
			const v = this.byNo.get(given.video_no);
			candidates = v ? [v] : [];
		}
		if (videoNos) {
			const set = new Set(videoNos);
			const picked: MockVideo[] = [];
			for (const no of set) {
				const v = this.byNo.get(no);
				if (v) picked.push(v);
			}
			candidates =
				candidates === this.list
					? picked.sort(compareVideos)
					: candidates.filter((v) => set.has(v.video_no));
		}

		// Stored spellings that count as the requested status ('PARSE', 'DONE', 'parse', ...).
		let statusSpellings: Set<string> | null = null;
		let onlySpelling: string | null = null;
		if (status !== null) {
			statusSpellings = new Set();
			for (const stored of this.counts.keys())
				if (canonicalStatus(stored) === status) statusSpellings.add(stored);
			if (statusSpellings.size === 1) onlySpelling = [...statusSpellings][0];
		}

		const needsScan =
			videoName !== null ||
			status !== null ||
			metadataFilter ||
			uniqueId !== 'default' ||
			this.nonDefaultScope > 0;
		const start = (page - 1) * size;
		let total: number;
		let pageItems: MockVideo[];
		if (!needsScan) {
			total = candidates.length;
			pageItems = candidates.slice(start, start + size);
			if (unsorted && candidates === this.list) {
				// Out of order as served: position p shows the video stored at the other swapped position.
				const [a, b] = UNSORTED_SWAP;
				for (const [shown, stored] of [
					[a, b],
					[b, a],
				])
					if (shown >= start && shown < start + pageItems.length && stored < candidates.length)
						pageItems[shown - start] = candidates[stored];
			}
		} else {
			const match = (v: MockVideo): boolean => {
				if (v.unique_id !== uniqueId) return false;
				if (videoName !== null && v.video_name !== videoName) return false;
				if (onlySpelling !== null) {
					if (v.status !== onlySpelling) return false;
				} else if (statusSpellings !== null && !statusSpellings.has(v.status)) return false;
				if (metadataFilter) {
					if (canonicalStatus(v.status) !== 'PARSE') return false;
					if (cameraModel !== null && v.camera_model !== cameraModel) return false;
					if (tag !== null && !(v.tags && v.tags.includes(tag))) return false;
					if (
						taken !== null &&
						!(typeof v.datetime_taken === 'number' && v.datetime_taken >= taken)
					)
						return false;
					if (geo !== null) {
						if (typeof v.latitude !== 'number' || typeof v.longitude !== 'number') return false;
						if (haversineKm(geo.lat, geo.lon, v.latitude, v.longitude) > GEO_RADIUS_KM)
							return false;
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
		const paging = { current_page: page, page_size: size };
		return legacy
			? ok({ ...paging, total_count: String(total), videos: pageItems.map(toLegacyWire) })
			: ok({ ...paging, total_count: total, videos: pageItems.map(toWire) });
	}

	/** GET /serve/api/video/get_folder */
	getFolders(): MemoriesSuccess<MemoriesFolder[]> {
		return ok(this.folders.map((f) => ({ ...f })));
	}

	// ---- lifecycle endpoints (README: "Lifecycle endpoints") ----

	/** The video a read addresses: it must exist under the unique_id the request names (default "default"). */
	private scoped(videoNo: unknown, uniqueId: unknown): MockVideo | undefined {
		if (typeof videoNo !== 'string') return undefined;
		const video = this.byNo.get(videoNo);
		const scope = isAbsent(uniqueId) || uniqueId === '' ? 'default' : uniqueId;
		return video && video.unique_id === scope ? video : undefined;
	}

	/** A per-video RNG, so a video's transcript, summary and bytes are the same on every call. */
	private videoRng(video: MockVideo, stream: string): Rng {
		return createRng(this.seed, `${stream}:${video.video_no}`);
	}

	/** Seconds the seeded segments of a video cover: its duration, in 3-8 s steps. */
	private segments(
		video: MockVideo,
		stream: string,
		words: readonly string[],
	): Array<{ index: number; content: string; startTime: string; endTime: string }> {
		const rng = this.videoRng(video, stream);
		const out = [];
		for (let start = 0, index = 0; start < video.duration && index < 40; index++) {
			const end = Math.min(video.duration, start + rng.int(3, 8));
			const content = ` ${rng.pick(words)} ${rng.pick(words)} ${rng.pick(words)}.`;
			out.push({ index, content, startTime: String(start), endTime: String(end) });
			start = end;
		}
		return out;
	}

	/** Whether the seeded video has an audio track (about 1 in 6 has none, like screen recordings). */
	hasAudio(video: MockVideo): boolean {
		return !this.videoRng(video, 'audio-track').chance(1 / 6);
	}

	/**
	 * GET get_audio_transcription / get_video_transcription / get_video_caption. data is null when the
	 * video is unknown in that unique_id, not parsed yet, or (audio) has no audio track, as the vendor does.
	 */
	transcript(
		query: Record<string, string>,
		kind: 'audio' | 'visual',
	): MemoriesSuccess<unknown> | MemoriesBusinessError {
		if (!query.video_no) return businessError('0003', 'video_no is required');
		const video = this.scoped(query.video_no, query.unique_id);
		if (
			!video ||
			canonicalStatus(video.status) !== 'PARSE' ||
			(kind === 'audio' && !this.hasAudio(video))
		)
			return ok(null);
		const words = kind === 'audio' ? SPOKEN_WORDS : SEEN_WORDS;
		return ok({
			videoNo: video.video_no,
			transcriptions: this.segments(video, kind, words),
			createTime: String(video.create_time + 60000),
		});
	}

	/** GET generate_summary?video_no&type=CHAPTER|TOPIC. */
	summary(query: Record<string, string>): MemoriesSuccess<unknown> | MemoriesBusinessError {
		if (!query.video_no) return businessError('0003', 'video_no is required');
		if (query.type !== 'CHAPTER' && query.type !== 'TOPIC')
			return businessError('0003', 'type must be CHAPTER or TOPIC');
		const video = this.scoped(query.video_no, query.unique_id);
		if (!video || canonicalStatus(video.status) !== 'PARSE') return ok(null);
		const rng = this.videoRng(video, `summary-${query.type}`);
		const items = this.segments(video, 'visual', SEEN_WORDS)
			.filter((_, i) => i % 3 === 0)
			.map((segment, i) => ({
				title: `${query.type === 'CHAPTER' ? 'Chapter' : 'Topic'} ${i + 1}: ${rng.pick(SEEN_WORDS)}`,
				description: segment.content.trim(),
				start: segment.startTime,
			}));
		return ok({
			summary: `${video.video_name}: ${items.length} ${query.type === 'CHAPTER' ? 'chapters' : 'topics'}.`,
			items,
		});
	}

	/** POST delete_videos?unique_id: a bare JSON array of at most 100 video_no; unknown IDs still succeed (idempotent, VS). */
	deleteVideos(
		query: Record<string, string>,
		body: unknown,
	): MemoriesSuccess<null> | MemoriesBusinessError {
		if (!isStringArray(body))
			return businessError('0003', 'Request body must be a JSON array of video_no strings');
		if (body.length === 0) return businessError('0003', 'At least one video_no is required');
		if (body.length > 100)
			return businessError('0003', 'At most 100 videos can be deleted per request');
		for (const videoNo of body)
			if (this.scoped(videoNo, query.unique_id)) this.deleteVideo(videoNo);
		return ok(null);
	}

	/** POST download {video_no, unique_id}: the file's bytes, or a JSON 0001 "video not found". */
	download(body: unknown): { bytes: Buffer; fileName: string } | MemoriesBusinessError {
		if (!isPlainObject(body) || typeof body.video_no !== 'string' || body.video_no === '')
			return businessError('0003', 'video_no is required');
		const video = this.scoped(body.video_no, body.unique_id);
		if (!video) return businessError('0001', 'video not found');
		return { bytes: this.videoBytes(video), fileName: `${video.video_no}.mp4` };
	}

	/** The seeded "file" of a video: an MP4-like header and the video_no, 4-64 KiB (the real size field is far larger). */
	videoBytes(video: MockVideo): Buffer {
		const length = this.videoRng(video, 'bytes').int(4096, 65536);
		const pattern = Buffer.from(`\u0000\u0000\u0000\u0018ftypmp42 ${video.video_no} `, 'latin1');
		const bytes = Buffer.alloc(length);
		for (let at = 0; at < length; at += pattern.length) pattern.copy(bytes, at);
		return bytes;
	}

	/** GET list_unique_ids: every unique_id a video is stored under, in first-upload order, no pagination. */
	listUniqueIds(): MemoriesSuccess<{ unique_ids: string[] }> {
		const ids = new Set<string>();
		for (let i = this.list.length - 1; i >= 0; i--) ids.add(this.list[i].unique_id);
		return ok({ unique_ids: [...ids] });
	}

	/** Parsed videos of a unique_id, optionally only these IDs (search and chat read only those). */
	private parsedIn(uniqueId: unknown, videoNos?: readonly string[]): MockVideo[] {
		const scope = isAbsent(uniqueId) || uniqueId === '' ? 'default' : uniqueId;
		const pool = videoNos
			? videoNos.map((no) => this.byNo.get(no)).filter((v): v is MockVideo => v !== undefined)
			: this.list;
		return pool.filter((v) => v.unique_id === scope && canonicalStatus(v.status) === 'PARSE');
	}

	/**
	 * POST search: the seeded transcript segments (visual for BY_CLIP/BY_VIDEO, audio for BY_AUDIO)
	 * scored by the share of query words they contain, best first, `top_k` of them (default 10).
	 */
	search(body: unknown): MemoriesSuccess<unknown[]> | MemoriesBusinessError {
		if (!isPlainObject(body)) return businessError('0003', 'Request body must be a JSON object');
		const query = body.search_param;
		if (typeof query !== 'string' || query.trim() === '')
			return businessError('0003', 'search_param must not be blank');
		const type = isAbsent(body.search_type) ? 'BY_CLIP' : body.search_type;
		if (type !== 'BY_CLIP' && type !== 'BY_VIDEO' && type !== 'BY_AUDIO') {
			return businessError(
				'0003',
				`JSON parse error: Cannot deserialize value of type SearchType from String "${String(type)}": not one of the values accepted [BY_CLIP, BY_VIDEO, BY_AUDIO, BY_IMAGE, BY_CAPTION]`,
			);
		}
		const topK = isAbsent(body.top_k) ? 10 : body.top_k;
		if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1 || topK > 1000)
			return businessError('0003', 'top_k must be between 1 and 1000');
		const levels: Record<string, number> = { low: 0.15, medium: 0.225, high: 0.4 };
		if (!isAbsent(body.filtering_level) && !(String(body.filtering_level) in levels))
			return businessError('0003', 'filtering_level must be low, medium or high');
		const minScore = isAbsent(body.filtering_level) ? 0 : levels[String(body.filtering_level)];
		if (!isAbsent(body.video_nos) && !isStringArray(body.video_nos))
			return businessError('0003', 'video_nos must be an array of strings');
		const videoNos =
			isStringArray(body.video_nos) && body.video_nos.length > 0 ? body.video_nos : undefined;
		if (videoNos && videoNos.length > 100)
			return businessError('0003', 'video_nos can hold at most 100 IDs');
		const hasLat = !isAbsent(body.latitude);
		if (hasLat !== !isAbsent(body.longitude))
			return businessError(
				'0003',
				'The latitude and longitude parameters must be provided together.',
			);
		let taken: number | null = null;
		if (!isAbsent(body.datetime_taken)) {
			const match =
				typeof body.datetime_taken === 'string'
					? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(body.datetime_taken)
					: null;
			if (!match) return businessError('0003', 'datetime_taken must be "yyyy-MM-dd HH:mm:ss"');
			taken = Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]);
		}
		const words = query.toLowerCase().split(/\W+/).filter(Boolean);
		const hits = [];
		for (const video of this.parsedIn(body.unique_id, videoNos)) {
			if (typeof body.tag === 'string' && !(video.tags ?? []).includes(body.tag)) continue;
			if (typeof body.camera_tag === 'string' && video.camera_model !== body.camera_tag) continue;
			if (
				taken !== null &&
				!(typeof video.datetime_taken === 'number' && video.datetime_taken >= taken)
			)
				continue;
			if (hasLat) {
				if (typeof video.latitude !== 'number' || typeof video.longitude !== 'number') continue;
				if (
					haversineKm(
						Number(body.latitude),
						Number(body.longitude),
						video.latitude,
						video.longitude,
					) > GEO_RADIUS_KM
				)
					continue;
			}
			const audio = type === 'BY_AUDIO';
			if (audio && !this.hasAudio(video)) continue;
			for (const segment of this.segments(
				video,
				audio ? 'audio' : 'visual',
				audio ? SPOKEN_WORDS : SEEN_WORDS,
			)) {
				const text = segment.content.toLowerCase();
				const matched = words.filter((word) => text.includes(word)).length;
				if (matched === 0) continue;
				const score = 0.1 + (0.8 * matched) / words.length;
				if (score < minScore) continue;
				hits.push({
					videoNo: video.video_no,
					videoName: video.video_name,
					startTime: segment.startTime,
					endTime: segment.endTime,
					score,
					audio_ts: audio ? segment.content : '',
				});
			}
		}
		hits.sort(
			(a, b) =>
				b.score - a.score ||
				(a.videoNo < b.videoNo
					? -1
					: a.videoNo > b.videoNo
						? 1
						: Number(a.startTime) - Number(b.startTime)),
		);
		return ok(hits.slice(0, topK));
	}

	/** session_id -> questions asked in it, so a continued conversation is visible in the answers. */
	private readonly sessions = new Map<string, number>();

	/**
	 * POST chat_stream: Server-Sent Events as V12 documents them (thinking, ref, content fragments,
	 * then data:"Done"); errors arrive inside the 200 stream as a final data line other than "Done".
	 */
	chatStream(body: unknown): string[] | MemoriesBusinessError {
		if (!isPlainObject(body)) return businessError('0003', 'Request body must be a JSON object');
		if (!isStringArray(body.video_nos) || body.video_nos.length === 0)
			return businessError('0003', 'video_nos must be a non-empty array of strings');
		if (typeof body.prompt !== 'string' || body.prompt.trim() === '')
			return businessError('0003', 'prompt must not be blank');
		const videos = this.parsedIn(body.unique_id, body.video_nos);
		if (videos.length === 0) return ['data:"No videos found for the provided video numbers."'];
		if (videos.length < new Set(body.video_nos).size) return ['data:"Video is not parsed:"'];
		const given =
			typeof body.session_id === 'string' && body.session_id !== '' ? body.session_id : undefined;
		// Its own stream, so chatting does not shift the video IDs the main stream hands out.
		const sessionId =
			given !== undefined && this.sessions.has(given)
				? given
				: '6' + createRng(this.seed, `session-${this.sessions.size}`).digits(17);
		const turn = (this.sessions.get(sessionId) ?? 0) + 1;
		this.sessions.set(sessionId, turn);
		const event = (payload: Record<string, unknown>) =>
			`data:${JSON.stringify({ ...payload, sessionId })}`;
		const refs = videos.map((video) => {
			const [first] = this.segments(video, 'visual', SEEN_WORDS);
			const refItems = [
				{ videoNo: video.video_no, startTime: Number(first.startTime), type: 'keyframe' },
				{
					videoNo: video.video_no,
					startTime: Number(first.startTime),
					endTime: Number(first.endTime),
					type: 'visual_ts',
					text: first.content.trim(),
				},
			];
			return {
				video: {
					duration: String(video.duration),
					video_no: video.video_no,
					video_name: video.video_name,
				},
				refItems,
			};
		});
		const answer = `Turn ${turn}. About "${body.prompt.trim()}": ${videos.map((v) => v.video_name).join(', ')} show${videos.length === 1 ? 's' : ''} ${refs[0].refItems[1].text}`;
		const fragments = answer.match(/.{1,24}/g) ?? [answer];
		return [
			event({
				type: 'thinking',
				title: 'Based on selected videos, fetch detailed information',
				content: `Looking at ${videos.length} video(s).`,
			}),
			event({ type: 'ref', ref: refs }),
			...fragments.map((content) => event({ type: 'content', role: 'assistant', content })),
			'data:"Done"',
		];
	}

	// ---- uploads ----

	/** The fields every upload shares (form fields of upload_url and upload), checked as the vendor documents them. */
	private createUpload(
		fields: Record<string, string | string[]>,
		name: string,
	): MemoriesSuccess<unknown> | MemoriesBusinessError {
		const one = (key: string): string | undefined => {
			const value = fields[key];
			return Array.isArray(value) ? value[0] : value;
		};
		const uniqueId = one('unique_id');
		if (uniqueId !== undefined && uniqueId.trim() === '')
			return businessError('0003', 'unique_id must not be blank');
		const input: Record<string, unknown> = {
			status: 'UNPARSE',
			unique_id: uniqueId ?? 'default',
			video_name: name,
		};
		const taken = one('datetime_taken');
		if (taken !== undefined) {
			const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(taken);
			if (!match) return businessError('0003', 'datetime_taken must be "yyyy-MM-dd HH:mm:ss"');
			input.datetime_taken = Date.UTC(
				+match[1],
				+match[2] - 1,
				+match[3],
				+match[4],
				+match[5],
				+match[6],
			);
		}
		const [lat, lon] = [one('latitude'), one('longitude')];
		if ((lat === undefined) !== (lon === undefined))
			return businessError(
				'0003',
				'The latitude and longitude parameters must be provided together.',
			);
		if (lat !== undefined && lon !== undefined) {
			if (!Number.isFinite(Number(lat)) || !Number.isFinite(Number(lon)))
				return businessError('0003', 'latitude and longitude must be numbers');
			input.latitude = Number(lat);
			input.longitude = Number(lon);
		}
		if (one('camera_model') !== undefined) input.camera_model = one('camera_model');
		const tags =
			fields.tags === undefined ? [] : Array.isArray(fields.tags) ? fields.tags : [fields.tags];
		input.tags = [...tags, 'api'];
		const video = this.addVideo(input);
		const callback = one('callback') ?? one('callback_url');
		if (callback) this.callbacks.set(video.video_no, callback);
		return ok({
			videoNo: video.video_no,
			videoName: video.video_name,
			videoStatus: 'UNPARSE',
			uploadTime: String(video.create_time),
		});
	}

	/** POST upload_url (form fields): the server would fetch `url`; the mock only checks it. */
	uploadUrl(
		fields: Record<string, string | string[]> | undefined,
	): MemoriesSuccess<unknown> | MemoriesBusinessError {
		if (fields === undefined)
			return businessError(
				'0003',
				"Content type 'application/json' not supported: send form fields",
			);
		const url = Array.isArray(fields.url) ? fields.url[0] : fields.url;
		if (!url || !/^https?:\/\/[^\s/]+/i.test(url))
			return businessError('0003', 'url must be a non-empty http(s) URL');
		const name =
			decodeURIComponent(url.split(/[?#]/)[0].split('/').pop() || 'video').replace(
				/\.[^.]*$/,
				'',
			) || 'video';
		return this.createUpload(fields, name);
	}

	/** POST upload (multipart, already counted and discarded by multipart.ts): part `file`, a video type and extension. */
	uploadFile(body: MultipartBody | undefined): MemoriesSuccess<unknown> | MemoriesBusinessError {
		if (body === undefined)
			return businessError('0003', 'Content type not supported: send multipart/form-data');
		const file = body.files.find((f) => f.field === 'file');
		if (!file) return businessError('0003', 'file is required');
		if (file.bytes === 0) return businessError('0003', 'file must not be empty');
		if (!/\.(mp4|avi|mkv|mov)$/i.test(file.filename))
			return businessError('0003', 'Unsupported file type: use .mp4, .avi, .mkv or .mov');
		if (!file.contentType || !/^video\//i.test(file.contentType))
			return businessError('0003', 'The file part must have a video/* Content-Type');
		if (file.bytes > 3 * 1024 ** 3) return businessError('0003', 'The file is larger than 3 GB');
		return this.createUpload(body.fields, file.filename.replace(/\.[^.]*$/, ''));
	}

	/** POST scraper_url (JSON): at most 50 post URLs of one platform; answers a task ID. */
	scraperUrl(body: unknown): MemoriesSuccess<unknown> | MemoriesBusinessError {
		if (!isPlainObject(body)) return businessError('0003', 'Request body must be a JSON object');
		const urls = [
			...(isStringArray(body.video_urls) ? body.video_urls : []),
			...(isStringArray(body.tiktok_post_urls) ? body.tiktok_post_urls : []),
		];
		if (urls.length === 0) return businessError('0003', 'video_urls must not be empty');
		if (urls.length > 50) return businessError('0003', 'At most 50 URLs per task');
		const platforms = new Set(urls.map(platformOf));
		if (platforms.has(null))
			return businessError('0003', 'Only TikTok, YouTube and Instagram post URLs are supported');
		if (platforms.size > 1) return businessError('0003', 'All URLs must be from the same platform');
		const uniqueId = isAbsent(body.unique_id) ? 'default' : String(body.unique_id);
		const rng = createRng(this.seed, `task-${this.tasks.size}`);
		const taskId = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
		this.tasks.set(taskId, { urls, uniqueId, polls: 0, videoNos: [] });
		const callback = body.callback_url ?? body.callback;
		if (typeof callback === 'string' && callback !== '') this.taskCallbacks.set(taskId, callback);
		return ok({ taskId });
	}

	/** task ID -> callback URL of a scraper task (kept for the request log; the mock does not call it). */
	readonly taskCallbacks = new Map<string, string>();

	/**
	 * GET get_video_ids_by_task_id: an empty list while the platform download "runs" (the first
	 * status request), then the task's videos, UNPARSE, in the newer `videos[]` shape.
	 */
	taskStatus(query: Record<string, string>): MemoriesSuccess<unknown> | MemoriesBusinessError {
		const task = query.task_id ? this.tasks.get(query.task_id) : undefined;
		if (!task) return businessError('0003', 'task not found');
		task.polls++;
		if (task.polls >= 2 && task.videoNos.length === 0) {
			task.videoNos = task.urls.map(
				(url, i) =>
					this.addVideo({
						status: 'UNPARSE',
						unique_id: task.uniqueId,
						video_name: `post-${i + 1}`,
						video_url: url,
					}).video_no,
			);
		}
		const videos = task.videoNos
			.map((no) => this.byNo.get(no))
			.filter((v): v is MockVideo => v !== undefined)
			.map((v) => ({
				video_no: v.video_no,
				video_name: v.video_name,
				duration: String(v.duration),
				status: v.status,
				video_url: v.video_url,
			}));
		return ok({ taskId: query.task_id, videos });
	}

	/** GET get_metadata: the video (metadata once parsed), or data null when unknown in that unique_id. */
	metadata(query: Record<string, string>): MemoriesSuccess<unknown> | MemoriesBusinessError {
		if (!query.video_no) return businessError('0003', 'video_no is required');
		const video = this.scoped(query.video_no, query.unique_id);
		return ok(video ? toWire(video) : null);
	}
}
