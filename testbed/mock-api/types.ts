/**
 * Public types of the loopback mock API: its options, datasets, wire shapes, faults and request
 * log. index.ts re-exports all of them. README.md describes the behaviour behind each one.
 */

export type ServiceName = 'memoriesAi' | 'heyGen' | 'konpro';
/** The two services that share the folder API. */
export type FolderServiceName = Exclude<ServiceName, 'memoriesAi'>;

/** The statuses the current API documents. */
export type KnownVideoStatus = 'UNPARSE' | 'PARSE' | 'FAILED';
/** Stored status: a documented one, or any legacy spelling a test adds ('DONE', 'FAIL', 'PARSE_ERROR', 'parse', ...). */
export type VideoStatus = KnownVideoStatus | (string & {});

/** Memories.ai business codes the mock knows a default message for. */
export type MemoriesErrorCode = '0001' | '0003' | '0401' | '0402' | '0403' | '0429' | '9009';

/**
 * HTTP status of `fault({ type: 'http' })`: any integer 400..599 (checked at run time). The listed
 * ones are those the services document; `number & {}` keeps them as suggestions.
 */
export type FaultHttpStatus =
	| 400
	| 401
	| 402
	| 403
	| 404
	| 405
	| 408
	| 409
	| 413
	| 422
	| 429
	| 500
	| 501
	| 502
	| 503
	| 504
	| (number & {});

export type QpsResponse = 'code' | 'http';

export interface MockApiOptions {
	/** 0 (default) = any free port. The server listens on 127.0.0.1 only. */
	port?: number;
	/** Seed of the deterministic dataset (default 1). */
	seed?: number;
	/** Seeded Memories.ai videos (default 25). */
	videos?: number;
	/** Seeded folders per service for HeyGen and Konpro (default 12). */
	folders?: number;
	/** Memories.ai legacy (v1.2) wire format: numbers as strings, cause "null" (default false). */
	legacy?: boolean;
	/** Delay added to every service response, ms (default 0). */
	latencyMs?: number;
	/** Memories.ai requests allowed per API key per sliding 1,000 ms window; null = unlimited (default). */
	qpsLimit?: number | null;
	/** How a rate-limited Memories.ai request is answered (default 'code'). */
	qpsResponse?: QpsResponse;
	/** Auto-processing period in ms (null = off): see MockRuntimeOptions.autoProcessMs. */
	autoProcessMs?: number | null;
	/** Serve the unfiltered video list out of order (default false): see MockRuntimeOptions.unsorted. */
	unsorted?: boolean;
	/** Start of the mock clock, ms since epoch (default 1754000000000). */
	clockStart?: number;
}

/** `mock.options`: mutable while the server runs; every request reads the current values. */
export interface MockRuntimeOptions {
	latencyMs: number;
	legacy: boolean;
	qpsLimit: number | null;
	qpsResponse: QpsResponse;
	/**
	 * null = off. When set, every UNPARSE video turns PARSE (about 20%: FAILED with a cause)
	 * this many ms (real time) after it was created or reset to UNPARSE, and a new UNPARSE
	 * video is uploaded every this many ms.
	 */
	autoProcessMs: number | null;
	/**
	 * true: the unfiltered Memories.ai list_videos (no filter but the default unique_id) is served
	 * out of order, against the documented newest-first order: the 2nd and 3rd newest videos
	 * (UNSORTED_SWAP in memories.ts) swap places, so page 1 (of any size above 2) shows a video
	 * followed by a newer one. Filtered lists and every other endpoint are unchanged.
	 */
	unsorted: boolean;
}

export interface MockClock {
	now(): number;
	set(ms: number): void;
	advance(ms: number): void;
}

export interface MockKeys {
	readonly memoriesAi: 'mem-test-key-0123456789';
	readonly heyGen: 'hg-test-key-0123456789';
	readonly konpro: 'kp-test-key-0123456789';
}

export interface MockBaseUrls {
	/** `${url}/memories` */
	readonly memoriesAi: string;
	/** `${url}/heygen` */
	readonly heyGen: string;
	/** `${url}/konpro` */
	readonly konpro: string;
}

// ---------------------------------------------------------------- Memories.ai

/**
 * A stored video (the dataset record, not the wire shape). Treat as read-only:
 * change status through `setStatus` and never edit `create_time` (the list is kept sorted by it).
 */
export interface MockVideo {
	video_no: string;
	video_name: string;
	duration: number;
	size: number;
	status: VideoStatus;
	/** ms since epoch */
	create_time: number;
	unique_id: string;
	/** Set while the status is FAILED (or when given explicitly). */
	cause?: string;
	video_url?: string;
	/** Capture-time metadata: shown in list output and matched by metadata filters only once the video is PARSE. */
	datetime_taken?: number;
	camera_model?: string;
	latitude?: number;
	longitude?: number;
	tags?: string[];
}

export interface AddVideoInput {
	/** Default: a fresh 'VI' + 18 digits. Must be unique. */
	video_no?: string;
	video_name?: string;
	/** Default 'UNPARSE'. */
	status?: VideoStatus;
	/** Default: mock.clock.now(), after which the clock advances 1 ms. */
	create_time?: number;
	/** Default 'default'. */
	unique_id?: string;
	cause?: string;
	video_url?: string;
	tags?: string[];
	camera_model?: string;
	datetime_taken?: number;
	latitude?: number;
	longitude?: number;
	duration?: number;
	size?: number;
}

/** get_folder item (v1.1). */
export interface MemoriesFolder {
	account: string;
	foldersName: string;
	parentId: string | null;
	level: number;
	id: string;
}

export interface AddMemoriesFolderInput {
	foldersName: string;
	parentId?: string | null;
	account?: string;
	id?: string;
}

export interface MemoriesDataset {
	/** Sorted newest create_time first (ties: video_no descending). Read-only view. */
	readonly videos: ReadonlyArray<MockVideo>;
	readonly folders: ReadonlyArray<MemoriesFolder>;
	/** Throws on a duplicate video_no. */
	addVideo(input?: AddVideoInput): MockVideo;
	/** Throws on an unknown video_no. FAILED without a cause gets 'Video processing failed'; other statuses drop the cause. */
	setStatus(video_no: string, status: VideoStatus, cause?: string | null): MockVideo;
	/** false when the video did not exist. */
	deleteVideo(video_no: string): boolean;
	get(video_no: string): MockVideo | undefined;
	addFolder(input: AddMemoriesFolderInput): MemoriesFolder;
	/** What list_videos would answer to `body` now (in the legacy format while `options.legacy`); for tests that edit an answer before sending it. */
	listVideos(body: unknown): unknown;
}

/** Video as list_videos returns it (current format). */
export interface WireVideo {
	video_no: string;
	video_name: string;
	duration: number;
	size: number;
	status: VideoStatus;
	create_time: number;
	/** Only when the status is FAILED. */
	cause?: string;
	video_url?: string;
	datetime_taken?: number;
	camera_model?: string;
	latitude?: number;
	longitude?: number;
	tags?: string[];
}

/** Video as list_videos returns it with `options.legacy = true`. */
export interface LegacyWireVideo
	extends Omit<WireVideo, 'duration' | 'size' | 'create_time' | 'cause'> {
	duration: string;
	size: string;
	create_time: string;
	/** The failure reason, or the string "null". */
	cause: string;
}

export interface MemoriesSuccess<T> {
	code: '0000';
	msg: 'success';
	data: T;
	success: true;
	failed: false;
}

export interface MemoriesBusinessError {
	code: MemoriesErrorCode | (string & {});
	msg: string;
	data: null;
	success: false;
	failed: true;
}

export interface ListVideosData<V = WireVideo, C = number> {
	current_page: number;
	page_size: number;
	total_count: C;
	videos: V[];
}

export type ListVideosResponse = MemoriesSuccess<ListVideosData> | MemoriesBusinessError;
export type LegacyListVideosResponse =
	| MemoriesSuccess<ListVideosData<LegacyWireVideo, string>>
	| MemoriesBusinessError;
export type GetFolderResponse = MemoriesSuccess<MemoriesFolder[]> | MemoriesBusinessError;

/** Request body of POST /serve/api/v1/list_videos. */
export interface ListVideosRequest {
	page?: number;
	size?: number;
	unique_id?: string;
	video_name?: string;
	video_no?: string;
	video_nos?: string[];
	status?: string;
	camera_model?: string;
	tag?: string;
	datetime_taken?: number;
	latitude?: number;
	longitude?: number;
}

// ---------------------------------------------------------------- HeyGen / Konpro

export interface HeyGenFolder {
	/** 32 hex chars */
	id: string;
	name: string;
	parent_id: string | null;
	project_type: string;
	is_trash: boolean;
	/** unix seconds */
	created_ts: number;
	/** unix seconds */
	updated_ts: number;
	/** non-trashed direct subfolders */
	direct_children_count: number;
	creator_username: string;
}

export interface KonproFolder {
	/** 'folder_' + digits */
	id: string;
	name: string;
	parent_id: string | null;
	/** ISO 8601, e.g. '2025-07-31T20:00:16Z' */
	created_at: string;
	updated_at: string;
	is_trash: boolean;
}

export interface AddFolderInput {
	name: string;
	parent_id?: string | null;
	project_type?: string;
	is_trash?: boolean;
	/** Default: a fresh id in the service's format. */
	id?: string;
	/** Creation time in ms; default mock.clock.now(). */
	created_ms?: number;
}

export interface FolderDataset<F> {
	/** Sorted newest first. Read-only view. */
	readonly folders: ReadonlyArray<F>;
	/** Throws on an empty name or unknown parent_id. */
	addFolder(input: AddFolderInput): F;
	get(id: string): F | undefined;
	/** Knob: list responses always carry a token (the request's own token when it sent one) and Konpro says has_more: true. */
	repeatToken: boolean;
}

export interface HeyGenListResponse {
	error: null;
	data: { folders: HeyGenFolder[]; token: string | null; total: number };
}
export interface HeyGenError {
	error: { code: string; message: string };
	data: null;
}
export interface KonproListResponse {
	folders: KonproFolder[];
	/** Never null, also on the last page: stop on has_more === false. */
	token: string;
	has_more: boolean;
}
export interface KonproError {
	error: { code: string; message: string; details: unknown };
	request_id: string;
}

// ---------------------------------------------------------------- faults

export interface FaultBase {
	/** Default: any service ('code' faults default to 'memoriesAi'). */
	service?: ServiceName;
	/** Substring of the request path, e.g. 'list_videos' or '/v1/folders'. */
	path?: string;
	/** e.g. 'POST' */
	method?: string;
	/** Matching requests that consume this fault (default 1; Infinity = until clearFaults). */
	times?: number;
}
export interface HttpFault extends FaultBase {
	type: 'http';
	status: FaultHttpStatus;
	/** Seconds, sent as the Retry-After header. */
	retryAfter?: number;
	/** Response body (JSON). Default: the service's own error shape. */
	body?: unknown;
}
export interface CodeFault extends FaultBase {
	type: 'code';
	code: MemoriesErrorCode | (string & {});
	msg?: string;
}
export interface MalformedFault extends FaultBase {
	type: 'malformed';
	/** Raw text to send instead of the default truncated JSON. */
	body?: string;
	/** Content-Type to send it with (default application/json), e.g. text/event-stream for a broken chat stream. */
	contentType?: string;
}
export interface ResetFault extends FaultBase {
	type: 'reset';
}
/** Adds delay; the request is then answered normally (or by another matching fault). */
export interface LatencyFault extends FaultBase {
	type: 'latency';
	ms: number;
}
export type FaultSpec = HttpFault | CodeFault | MalformedFault | ResetFault | LatencyFault;
export type FaultType = FaultSpec['type'];
export type PendingFault = FaultSpec & { times: number };

// ---------------------------------------------------------------- observation

export interface MockRequestRecord {
	service: ServiceName;
	method: string;
	/** Path below the service base, e.g. '/serve/api/v1/list_videos' or '/v1/folders'. */
	path: string;
	/** Path including the service prefix, e.g. '/memories/serve/api/v1/list_videos'. */
	fullPath: string;
	query: Record<string, string>;
	/** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
	body: unknown;
	/** HTTP status sent; 0 for a 'reset' fault; null while the request is in flight. */
	status: number | null;
	/** Date.now() when the request arrived. */
	at: number;
	/** Whether the credential header was absent, the right key, or something else (the value itself is never stored). */
	auth: 'ok' | 'invalid' | 'missing';
	/** Memories.ai business code of the response, when there was one. */
	code?: string;
	/** Answered by the qps limiter. */
	limited?: true;
	/** Answered by a queued fault of this type. */
	fault?: Exclude<FaultType, 'latency'>;
}

/** A callback the mock made (or refused to make) to an upload's callback URL. */
export interface MockCallbackRecord {
	url: string;
	payload: { videoNo: string; status: string };
	/** HTTP status of the receiver's answer; null while in flight or when not sent. */
	status: number | null;
	/** Why it was not delivered (not a loopback URL, connection refused, ...). */
	error?: string;
	at: number;
}

export interface RequestFilter {
	service?: ServiceName;
	/** Substring of fullPath. */
	path?: string;
	method?: string;
	status?: number | null;
	limited?: boolean;
}

export interface OnRequestInfo {
	service: ServiceName;
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	/** Index of this request in mock.requests. */
	index: number;
}

export interface MockApi {
	/** 'http://127.0.0.1:PORT' */
	readonly url: string;
	readonly port: number;
	readonly baseUrls: MockBaseUrls;
	readonly keys: MockKeys;
	readonly options: MockRuntimeOptions;
	readonly clock: MockClock;
	readonly memories: MemoriesDataset;
	readonly heyGen: FolderDataset<HeyGenFolder>;
	readonly konpro: FolderDataset<KonproFolder>;
	/** Queue a fault; the first matching request(s) consume it. Throws on an invalid spec. */
	fault(spec: FaultSpec): void;
	clearFaults(): void;
	/** Copy of the queued, not yet consumed faults. */
	readonly pendingFaults: PendingFault[];
	/** Every service request since start / the last resetCounters() (admin calls are not recorded). */
	readonly requests: ReadonlyArray<MockRequestRecord>;
	/** Every callback to an upload's callback URL since start / the last resetCounters(). */
	readonly callbacks: ReadonlyArray<MockCallbackRecord>;
	count(filter?: RequestFilter): number;
	/** Empties `requests` (the same array object). */
	resetCounters(): void;
	/**
	 * Called for every service request once its body is read, before rate limiting, faults,
	 * auth and the response are computed (awaited if it returns a promise). It may change the
	 * dataset or queue faults for this very request. Returns an unsubscribe function.
	 */
	onRequest(fn: (info: OnRequestInfo) => void | Promise<void>): () => void;
	close(): Promise<void>;
}
