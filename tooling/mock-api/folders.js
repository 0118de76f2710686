'use strict';
/**
 * HeyGen / Konpro folder dataset and endpoint handlers (same behaviour, different wire shapes).
 * Folders live in one array sorted by creation time newest first (ties: newer insertion first)
 * plus a Map by id.
 */

const crypto = require('node:crypto');
const { createRng } = require('./prng');

const FOLDER_NAMES = [
	'Marketing', 'Product Demos', 'Onboarding', 'Q3 Campaign', 'Social Clips', 'Training', 'Sales Outreach',
	'Brand Kit', 'Customer Stories', 'Webinars', 'Localization', 'Internal Updates', 'Archive', 'Drafts',
];
const PROJECT_TYPES = ['video', 'asset', 'brand_kit', 'video_translate', 'instant_avatar', 'mixed'];
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

const ERROR_CODES = {
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

const isAbsent = (v) => v === undefined || v === null;
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

class FolderStore {
	/**
	 * @param {'heyGen' | 'konpro'} kind
	 * @param {{ seed: number, clock: { now(): number }, folders?: number }} opts
	 */
	constructor(kind, opts) {
		this.kind = kind;
		this.clock = opts.clock;
		this.rng = createRng(opts.seed, `folders-${kind}`);
		this.creator = this.rng.hex(32);
		this.repeatToken = false;
		this._folders = [];
		this._byId = new Map();
		/** id -> { ms, seq, project_type, updatedMs } (sort key and fields the wire shape may not show) */
		this._meta = new Map();
		this._seq = 0;
		this._tokens = new Map();
		this._requestSeq = 0;
		this._seed(opts.folders || 0);
	}

	get folders() {
		return this._folders;
	}

	get(id) {
		return this._byId.get(id);
	}

	_newId() {
		for (;;) {
			const id = this.kind === 'heyGen' ? this.rng.hex(32) : 'folder_' + this.rng.int(1, 9) + this.rng.digits(8);
			if (!this._byId.has(id)) return id;
		}
	}

	_compare(a, b) {
		const ma = this._meta.get(a.id);
		const mb = this._meta.get(b.id);
		if (ma.ms !== mb.ms) return mb.ms - ma.ms;
		return mb.seq - ma.seq;
	}

	_makeRecord(id, name, parentId, projectType, isTrash, ms) {
		this._meta.set(id, { ms, seq: ++this._seq, project_type: projectType, updatedMs: ms });
		if (this.kind === 'heyGen') {
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
		const iso = isoSeconds(ms);
		return { id, name, parent_id: parentId, created_at: iso, updated_at: iso, is_trash: isTrash };
	}

	_childDelta(parentId, delta) {
		if (this.kind !== 'heyGen' || isAbsent(parentId)) return;
		const parent = this._byId.get(parentId);
		if (parent) parent.direct_children_count += delta;
	}

	_touch(folder) {
		const meta = this._meta.get(folder.id);
		meta.updatedMs = Math.max(this.clock.now(), meta.ms);
		if (this.kind === 'heyGen') folder.updated_ts = Math.floor(meta.updatedMs / 1000);
		else folder.updated_at = isoSeconds(meta.updatedMs);
	}

	_seed(count) {
		if (count <= 0) return;
		const rng = this.rng;
		const times = new Array(count);
		let t = this.clock.now();
		for (let k = 0; k < count; k++) {
			t -= rng.int(60000, 6 * 3600000);
			times[k] = t; // times[0] newest
		}
		const created = [];
		for (let j = 0; j < count; j++) {
			const ms = times[count - 1 - j]; // oldest first, so parents exist before children
			let parentId = null;
			if (j === 1) parentId = created[0].id;
			else if (j > 2 && rng.chance(0.25)) {
				const candidate = created[rng.int(Math.max(0, j - 50), j - 1)];
				if (!candidate.is_trash) parentId = candidate.id;
			}
			const isTrash = j === 2 || (j > 2 && rng.chance(0.1));
			const name = `${FOLDER_NAMES[j % FOLDER_NAMES.length]} ${Math.floor(j / FOLDER_NAMES.length) + 1}`;
			const record = this._makeRecord(this._newId(), name, parentId, rng.pick(PROJECT_TYPES), isTrash, ms);
			this._byId.set(record.id, record);
			if (!isTrash) this._childDelta(parentId, 1);
			created.push(record);
		}
		this._folders = created.reverse();
	}

	addFolder(input) {
		if (!input || typeof input.name !== 'string' || input.name.trim() === '') throw new Error('addFolder: name is required');
		const parentId = isAbsent(input.parent_id) ? null : String(input.parent_id);
		if (parentId !== null && !this._byId.has(parentId)) throw new Error(`addFolder: unknown parent_id ${parentId}`);
		const id = isAbsent(input.id) ? this._newId() : String(input.id);
		if (this._byId.has(id)) throw new Error(`addFolder: id ${id} already exists`);
		const ms = isAbsent(input.created_ms) ? this.clock.now() : Number(input.created_ms);
		const projectType = isAbsent(input.project_type) ? 'mixed' : String(input.project_type);
		const record = this._makeRecord(id, input.name, parentId, projectType, input.is_trash === true, ms);
		// binary insert (newest first)
		let lo = 0;
		let hi = this._folders.length;
		this._byId.set(id, record);
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this._compare(this._folders[mid], record) < 0) lo = mid + 1;
			else hi = mid;
		}
		this._folders.splice(lo, 0, record);
		if (!record.is_trash) this._childDelta(parentId, 1);
		return record;
	}

	setTrash(id, isTrash) {
		const folder = this._byId.get(id);
		if (!folder) return null;
		if (folder.is_trash !== isTrash) {
			folder.is_trash = isTrash;
			this._childDelta(folder.parent_id, isTrash ? -1 : 1);
			this._touch(folder);
		}
		return folder;
	}

	rename(id, name) {
		const folder = this._byId.get(id);
		if (!folder) return null;
		folder.name = name;
		this._touch(folder);
		return folder;
	}

	// ---- wire helpers ----

	error(status, message, details) {
		const code = ERROR_CODES[status] || 'error';
		if (this.kind === 'heyGen') return { status, body: { error: { code, message }, data: null } };
		return {
			status,
			body: {
				error: { code, message, details: details === undefined ? null : details },
				request_id: `req_${Date.now().toString(36)}${(++this._requestSeq).toString(36).padStart(4, '0')}`,
			},
		};
	}

	success(status, payload) {
		if (this.kind === 'heyGen') return { status: 200, body: { error: null, data: payload } };
		if (status === 204) return { status: 204, body: undefined };
		return { status, body: payload };
	}

	_issueToken(offset) {
		const token = Buffer.from(JSON.stringify({ offset, nonce: crypto.randomBytes(6).toString('hex') })).toString('base64url');
		this._tokens.set(token, offset);
		return token;
	}

	/** GET /v1/folders */
	list(query) {
		let limit = DEFAULT_LIMIT;
		if (query.limit !== undefined && query.limit !== '') {
			if (!/^\d+$/.test(query.limit)) return this.error(400, 'limit must be an integer between 0 and 100', { field: 'limit', value: query.limit });
			limit = Number(query.limit);
			if (limit > MAX_LIMIT) return this.error(400, 'limit must be an integer between 0 and 100', { field: 'limit', value: query.limit });
			if (limit === 0) limit = DEFAULT_LIMIT;
		}
		let isTrash = false;
		if (query.is_trash !== undefined && query.is_trash !== '') {
			const v = query.is_trash.toLowerCase();
			if (v !== 'true' && v !== 'false') return this.error(400, 'is_trash must be true or false', { field: 'is_trash', value: query.is_trash });
			isTrash = v === 'true';
		}
		let offset = 0;
		const token = query.token;
		if (token !== undefined && token !== '') {
			if (!this._tokens.has(token)) return this.error(400, 'Invalid pagination token', { field: 'token' });
			offset = this._tokens.get(token);
		}
		const parentId = query.parent_id === undefined || query.parent_id === '' ? null : query.parent_id;
		const nameFilter = query.name_filter === undefined || query.name_filter === '' ? null : query.name_filter.toLowerCase();

		const pageItems = [];
		let total = 0;
		const end = offset + limit;
		for (const f of this._folders) {
			if (f.is_trash !== isTrash) continue;
			if (parentId !== null && f.parent_id !== parentId) continue;
			if (nameFilter !== null && !f.name.toLowerCase().includes(nameFilter)) continue;
			if (total >= offset && total < end) pageItems.push({ ...f });
			total++;
		}
		const next = offset + pageItems.length;
		let hasMore = next < total;
		let nextToken;
		if (this.repeatToken) {
			nextToken = token || this._issueToken(next);
			hasMore = true;
		} else if (this.kind === 'heyGen') {
			nextToken = hasMore ? this._issueToken(next) : null;
		} else {
			nextToken = this._issueToken(next); // Konpro always sends a token; has_more decides
		}
		if (this.kind === 'heyGen') return this.success(200, { folders: pageItems, token: nextToken, total });
		return this.success(200, { folders: pageItems, token: nextToken, has_more: hasMore });
	}

	_validName(body) {
		return body && typeof body.name === 'string' && body.name.trim() !== '';
	}

	/** POST /v1/folders/create */
	create(body) {
		if (!body || typeof body !== 'object' || Array.isArray(body)) return this.error(400, 'Request body must be a JSON object');
		if (!this._validName(body)) return this.error(400, 'name is required and must be a non-empty string', { field: 'name' });
		if (!isAbsent(body.parent_id) && typeof body.parent_id !== 'string') return this.error(400, 'parent_id must be a string', { field: 'parent_id' });
		if (!isAbsent(body.project_type) && typeof body.project_type !== 'string') return this.error(400, 'project_type must be a string', { field: 'project_type' });
		if (!isAbsent(body.parent_id) && body.parent_id !== '' && !this._byId.has(body.parent_id)) {
			return this.error(404, `Parent folder ${body.parent_id} not found`, { field: 'parent_id' });
		}
		const folder = this.addFolder({
			name: body.name,
			parent_id: body.parent_id === '' ? null : body.parent_id,
			project_type: body.project_type,
		});
		return this.success(201, { ...folder });
	}

	/** POST /v1/folders/{id} */
	renameRequest(id, body) {
		if (!this._byId.has(id)) return this.error(404, `Folder ${id} not found`);
		if (!body || typeof body !== 'object' || Array.isArray(body)) return this.error(400, 'Request body must be a JSON object');
		if (!this._validName(body)) return this.error(400, 'name is required and must be a non-empty string', { field: 'name' });
		return this.success(200, { ...this.rename(id, body.name) });
	}

	/** POST /v1/folders/{id}/trash | /restore */
	trashRequest(id, isTrash) {
		if (!this.setTrash(id, isTrash)) return this.error(404, `Folder ${id} not found`);
		return this.success(204, null);
	}
}

module.exports = { FolderStore, ERROR_CODES };
