/**
 * HeyGen / Konpro folder dataset and endpoint handlers: the same behaviour, different wire shapes
 * (one subclass each). Folders live in one array sorted by creation time newest first (ties: newer
 * insertion first) plus a Map by id.
 */

import crypto from 'node:crypto';
import { isAbsent, isPlainObject, isRecord } from '../guards';
import { createRng, type Rng } from './prng';
import type {
	FolderServiceName,
	HeyGenError,
	HeyGenFolder,
	KonproError,
	KonproFolder,
} from './types';

/** A computed answer: HTTP status and JSON body (undefined = no body). */
export interface Reply {
	status: number;
	body: unknown;
}

export interface FolderStoreOptions {
	seed: number;
	clock: { now(): number };
	folders?: number;
}

/** Query string of GET /v1/folders; any parameter may be missing. */
export type FolderListQuery = Readonly<Partial<Record<string, string>>>;

/** Sort key and update time, kept beside the record because the wire shape may not show them. */
interface FolderMeta {
	ms: number;
	seq: number;
	updatedMs: number;
}

const FOLDER_NAMES = [
	'Marketing',
	'Product Demos',
	'Onboarding',
	'Q3 Campaign',
	'Social Clips',
	'Training',
	'Sales Outreach',
	'Brand Kit',
	'Customer Stories',
	'Webinars',
	'Localization',
	'Internal Updates',
	'Archive',
	'Drafts',
];
const PROJECT_TYPES = ['video', 'asset', 'brand_kit', 'video_translate', 'instant_avatar', 'mixed'];
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export const ERROR_CODES: Readonly<Record<number, string | undefined>> = {
	400: 'invalid_parameter',
	401: 'unauthorized',
	402: 'payment_required',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	408: 'request_timeout',
	409: 'conflict',
	413: 'payload_too_large',
	422: 'unprocessable_entity',
	429: 'rate_limit_exceeded',
	500: 'internal_error',
	501: 'not_implemented',
	502: 'bad_gateway',
	503: 'service_unavailable',
	504: 'gateway_timeout',
};

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const hasValidName = (body: unknown): body is Record<string, unknown> & { name: string } =>
	isRecord(body) && typeof body.name === 'string' && body.name.trim() !== '';

export abstract class FolderStore<F extends HeyGenFolder | KonproFolder> {
	/** Knob: list responses always carry a token, and Konpro says has_more: true (loop-guard tests). */
	repeatToken = false;
	protected readonly clock: { now(): number };
	protected readonly rng: Rng;
	/** HeyGen's creator_username; drawn for Konpro too so both keep the same draw sequence. */
	protected readonly creator: string;
	protected readonly byId = new Map<string, F>();
	private records: F[] = [];
	private readonly meta = new Map<string, FolderMeta>();
	private seq = 0;
	/** Issued pagination tokens -> offset; any other token is rejected like the real services do. */
	private readonly tokens = new Map<string, number>();

	protected constructor(
		readonly kind: FolderServiceName,
		opts: FolderStoreOptions,
	) {
		this.clock = opts.clock;
		this.rng = createRng(opts.seed, `folders-${kind}`);
		this.creator = this.rng.hex(32);
		// Subclasses must not rely on their own fields here: they are set only after this returns.
		this.seed(opts.folders || 0);
	}

	/** A fresh id in the service's format. */
	protected abstract newId(): string;
	/** The record in the service's wire shape. */
	protected abstract makeRecord(
		id: string,
		name: string,
		parentId: string | null,
		projectType: string,
		isTrash: boolean,
		ms: number,
	): F;
	protected abstract stampUpdated(folder: F, ms: number): void;
	/** Keeps a parent's count of non-trashed children, where the service shows one. */
	protected abstract childDelta(parentId: string | null, delta: number): void;
	abstract error(status: number, message: string, details?: unknown): Reply;
	abstract success(status: number, payload: unknown): Reply;
	protected abstract listReply(
		folders: F[],
		token: string | null,
		total: number,
		hasMore: boolean,
	): Reply;

	get folders(): F[] {
		return this.records;
	}

	get(id: string): F | undefined {
		return this.byId.get(id);
	}

	private metaOf(id: string): FolderMeta {
		const meta = this.meta.get(id);
		if (!meta) throw new Error(`mock-api: no metadata for folder ${id}`);
		return meta;
	}

	private compare(a: F, b: F): number {
		const ma = this.metaOf(a.id);
		const mb = this.metaOf(b.id);
		if (ma.ms !== mb.ms) return mb.ms - ma.ms;
		return mb.seq - ma.seq;
	}

	private newRecord(
		id: string,
		name: string,
		parentId: string | null,
		projectType: string,
		isTrash: boolean,
		ms: number,
	): F {
		this.meta.set(id, { ms, seq: ++this.seq, updatedMs: ms });
		return this.makeRecord(id, name, parentId, projectType, isTrash, ms);
	}

	private touch(folder: F): void {
		const meta = this.metaOf(folder.id);
		meta.updatedMs = Math.max(this.clock.now(), meta.ms);
		this.stampUpdated(folder, meta.updatedMs);
	}

	private seed(count: number): void {
		if (count <= 0) return;
		const rng = this.rng;
		const times = new Array<number>(count);
		let t = this.clock.now();
		for (let k = 0; k < count; k++) {
			t -= rng.int(60000, 6 * 3600000);
			times[k] = t; // times[0] newest
		}
		const created: F[] = [];
		for (let j = 0; j < count; j++) {
			const ms = times[count - 1 - j]; // oldest first, so parents exist before children
			let parentId: string | null = null;
			if (j === 1) parentId = created[0].id;
			else if (j > 2 && rng.chance(0.25)) {
				const candidate = created[rng.int(Math.max(0, j - 50), j - 1)];
				if (!candidate.is_trash) parentId = candidate.id;
			}
			const isTrash = j === 2 || (j > 2 && rng.chance(0.1));
			const name = `${FOLDER_NAMES[j % FOLDER_NAMES.length]} ${Math.floor(j / FOLDER_NAMES.length) + 1}`;
			// Argument order is draw order (id, then project type): it decides every seeded dataset.
			const record = this.newRecord(
				this.newId(),
				name,
				parentId,
				rng.pick(PROJECT_TYPES),
				isTrash,
				ms,
			);
			this.byId.set(record.id, record);
			if (!isTrash) this.childDelta(parentId, 1);
			created.push(record);
		}
		this.records = created.reverse();
	}

	/** Input is checked and coerced at run time: it also comes straight from the admin endpoint's JSON. */
	addFolder(input: unknown): F {
		if (!hasValidName(input)) throw new Error('addFolder: name is required');
		const parentId = isAbsent(input.parent_id) ? null : String(input.parent_id);
		if (parentId !== null && !this.byId.has(parentId))
			throw new Error(`addFolder: unknown parent_id ${parentId}`);
		const id = isAbsent(input.id) ? this.newId() : String(input.id);
		if (this.byId.has(id)) throw new Error(`addFolder: id ${id} already exists`);
		const ms = isAbsent(input.created_ms) ? this.clock.now() : Number(input.created_ms);
		const projectType = isAbsent(input.project_type) ? 'mixed' : String(input.project_type);
		const record = this.newRecord(
			id,
			input.name,
			parentId,
			projectType,
			input.is_trash === true,
			ms,
		);
		// binary insert (newest first)
		let lo = 0;
		let hi = this.records.length;
		this.byId.set(id, record);
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.compare(this.records[mid], record) < 0) lo = mid + 1;
			else hi = mid;
		}
		this.records.splice(lo, 0, record);
		if (!record.is_trash) this.childDelta(parentId, 1);
		return record;
	}

	setTrash(id: string, isTrash: boolean): F | null {
		const folder = this.byId.get(id);
		if (!folder) return null;
		if (folder.is_trash !== isTrash) {
			folder.is_trash = isTrash;
			this.childDelta(folder.parent_id, isTrash ? -1 : 1);
			this.touch(folder);
		}
		return folder;
	}

	rename(id: string, name: string): F | null {
		const folder = this.byId.get(id);
		if (!folder) return null;
		folder.name = name;
		this.touch(folder);
		return folder;
	}

	private issueToken(offset: number): string {
		const token = Buffer.from(
			JSON.stringify({ offset, nonce: crypto.randomBytes(6).toString('hex') }),
		).toString('base64url');
		this.tokens.set(token, offset);
		return token;
	}

	/** GET /v1/folders */
	list(query: FolderListQuery): Reply {
		let limit = DEFAULT_LIMIT;
		if (query.limit !== undefined && query.limit !== '') {
			if (!/^\d+$/.test(query.limit))
				return this.error(400, 'limit must be an integer between 0 and 100', {
					field: 'limit',
					value: query.limit,
				});
			limit = Number(query.limit);
			if (limit > MAX_LIMIT)
				return this.error(400, 'limit must be an integer between 0 and 100', {
					field: 'limit',
					value: query.limit,
				});
			if (limit === 0) limit = DEFAULT_LIMIT;
		}
		let isTrash = false;
		if (query.is_trash !== undefined && query.is_trash !== '') {
			const v = query.is_trash.toLowerCase();
			if (v !== 'true' && v !== 'false')
				return this.error(400, 'is_trash must be true or false', {
					field: 'is_trash',
					value: query.is_trash,
				});
			isTrash = v === 'true';
		}
		let offset = 0;
		const token = query.token;
		if (token !== undefined && token !== '') {
			const saved = this.tokens.get(token);
			if (saved === undefined)
				return this.error(400, 'Invalid pagination token', { field: 'token' });
			offset = saved;
		}
		const parentId =
			query.parent_id === undefined || query.parent_id === '' ? null : query.parent_id;
		const nameFilter =
			query.name_filter === undefined || query.name_filter === ''
				? null
				: query.name_filter.toLowerCase();

		const pageItems: F[] = [];
		let total = 0;
		const end = offset + limit;
		for (const f of this.records) {
			if (f.is_trash !== isTrash) continue;
			if (parentId !== null && f.parent_id !== parentId) continue;
			if (nameFilter !== null && !f.name.toLowerCase().includes(nameFilter)) continue;
			if (total >= offset && total < end) pageItems.push({ ...f });
			total++;
		}
		const next = offset + pageItems.length;
		let hasMore = next < total;
		let nextToken: string | null;
		if (this.repeatToken) {
			nextToken = token || this.issueToken(next);
			hasMore = true;
		} else if (this.kind === 'heyGen') {
			nextToken = hasMore ? this.issueToken(next) : null;
		} else {
			nextToken = this.issueToken(next); // Konpro always sends a token; has_more decides
		}
		return this.listReply(pageItems, nextToken, total, hasMore);
	}

	/** POST /v1/folders/create */
	create(body: unknown): Reply {
		if (!isPlainObject(body)) return this.error(400, 'Request body must be a JSON object');
		if (!hasValidName(body))
			return this.error(400, 'name is required and must be a non-empty string', { field: 'name' });
		const parentId = body.parent_id;
		if (!isAbsent(parentId) && typeof parentId !== 'string')
			return this.error(400, 'parent_id must be a string', { field: 'parent_id' });
		if (!isAbsent(body.project_type) && typeof body.project_type !== 'string')
			return this.error(400, 'project_type must be a string', { field: 'project_type' });
		if (!isAbsent(parentId) && parentId !== '' && !this.byId.has(parentId)) {
			return this.error(404, `Parent folder ${parentId} not found`, { field: 'parent_id' });
		}
		const folder = this.addFolder({
			name: body.name,
			parent_id: parentId === '' ? null : parentId,
			project_type: body.project_type,
		});
		return this.success(201, { ...folder });
	}

	/** POST /v1/folders/{id} */
	renameRequest(id: string, body: unknown): Reply {
		if (!this.byId.has(id)) return this.error(404, `Folder ${id} not found`);
		if (!isPlainObject(body)) return this.error(400, 'Request body must be a JSON object');
		if (!hasValidName(body))
			return this.error(400, 'name is required and must be a non-empty string', { field: 'name' });
		return this.success(200, { ...this.rename(id, body.name) });
	}

	/** POST /v1/folders/{id}/trash | /restore */
	trashRequest(id: string, isTrash: boolean): Reply {
		if (!this.setTrash(id, isTrash)) return this.error(404, `Folder ${id} not found`);
		return this.success(204, null);
	}
}

export class HeyGenFolderStore extends FolderStore<HeyGenFolder> {
	constructor(opts: FolderStoreOptions) {
		super('heyGen', opts);
	}

	protected newId(): string {
		for (;;) {
			const id = this.rng.hex(32);
			if (!this.byId.has(id)) return id;
		}
	}

	protected makeRecord(
		id: string,
		name: string,
		parentId: string | null,
		projectType: string,
		isTrash: boolean,
		ms: number,
	): HeyGenFolder {
		const sec = Math.floor(ms / 1000);
		return {
			id,
			name,
			parent_id: parentId,
			project_type: projectType,
			is_trash: isTrash,
			created_ts: sec,
			updated_ts: sec,
			direct_children_count: 0,
			creator_username: this.creator,
		};
	}

	protected stampUpdated(folder: HeyGenFolder, ms: number): void {
		folder.updated_ts = Math.floor(ms / 1000);
	}

	protected childDelta(parentId: string | null, delta: number): void {
		if (isAbsent(parentId)) return;
		const parent = this.byId.get(parentId);
		if (parent) parent.direct_children_count += delta;
	}

	error(status: number, message: string): Reply {
		const body: HeyGenError = {
			error: { code: ERROR_CODES[status] || 'error', message },
			data: null,
		};
		return { status, body };
	}

	/** HeyGen wraps every success, 201 and 204 included, as HTTP 200 {error: null, data}. */
	success(_status: number, payload: unknown): Reply {
		return { status: 200, body: { error: null, data: payload } };
	}

	protected listReply(folders: HeyGenFolder[], token: string | null, total: number): Reply {
		return this.success(200, { folders, token, total });
	}
}

export class KonproFolderStore extends FolderStore<KonproFolder> {
	private requestSeq = 0;

	constructor(opts: FolderStoreOptions) {
		super('konpro', opts);
	}

	protected newId(): string {
		for (;;) {
			const id = 'folder_' + this.rng.int(1, 9) + this.rng.digits(8);
			if (!this.byId.has(id)) return id;
		}
	}

	protected makeRecord(
		id: string,
		name: string,
		parentId: string | null,
		_projectType: string,
		isTrash: boolean,
		ms: number,
	): KonproFolder {
		const iso = isoSeconds(ms);
		return { id, name, parent_id: parentId, created_at: iso, updated_at: iso, is_trash: isTrash };
	}

	protected stampUpdated(folder: KonproFolder, ms: number): void {
		folder.updated_at = isoSeconds(ms);
	}

	protected childDelta(): void {
		// Konpro folders carry no child count.
	}

	error(status: number, message: string, details?: unknown): Reply {
		const body: KonproError = {
			error: {
				code: ERROR_CODES[status] || 'error',
				message,
				details: details === undefined ? null : details,
			},
			request_id: `req_${Date.now().toString(36)}${(++this.requestSeq).toString(36).padStart(4, '0')}`,
		};
		return { status, body };
	}

	success(status: number, payload: unknown): Reply {
		if (status === 204) return { status: 204, body: undefined };
		return { status, body: payload };
	}

	protected listReply(
		folders: KonproFolder[],
		token: string | null,
		_total: number,
		hasMore: boolean,
	): Reply {
		return this.success(200, { folders, token, has_more: hasMore });
	}
}

export type AnyFolderStore = HeyGenFolderStore | KonproFolderStore;
