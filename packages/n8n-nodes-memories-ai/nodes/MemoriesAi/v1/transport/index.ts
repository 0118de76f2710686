import type { IDataObject } from 'n8n-workflow';

import { readVendorError } from '../../../shared/errors';
import { normalizeRecord, toNumber } from '../../../shared/normalize';
import { collectNumberedPages, type NumberedPage } from '../../../shared/pagination';
import { DEFAULT_REQUEST_POLICY } from '../../../shared/policy';
import {
	expectId,
	expectObject,
	expectRecords,
	unexpectedAnswer,
	type AnswerContext,
} from '../../../shared/shapes';
import {
	httpFailure,
	vendorRequest,
	type RequestContext,
	type ServiceProfile,
} from '../../../shared/transport';

/** list_videos serves at most 200 videos per page; bigger pages are rejected with 0003. */
export const LIST_VIDEOS_PAGE_SIZE = 200;

/**
 * Pages fetched at once after the first: one rate window's worth, so at 400 ms latency the paced
 * account still sends 5 a second (3 reached 0.88 of the ceiling in bench/, 5 reached 0.92).
 */
export const LIST_VIDEOS_CONCURRENCY = 5;

export const memoriesAiProfile: ServiceProfile = {
	name: 'Memories.ai',
	credentialType: 'memoriesAiApi',
	defaultBaseUrl: 'https://api.memories.ai',
	// Memories.ai reports most failures as HTTP 200 with a code other than "0000" or success:false.
	failureOf(statusCode, body) {
		const failure = httpFailure(statusCode, body);
		if (failure) return failure;
		if (body === null || typeof body !== 'object')
			return { httpCode: statusCode, message: 'The response had no content' };
		const { code, success } = body as IDataObject;
		if ((code !== undefined && String(code) !== '0000') || success === false)
			return readVendorError(body);
		return undefined;
	},
	retryableCodes: ['0001', '0429'],
	refusalCodes: ['0429'],
	codeFailureCauses: {
		'0003': 'configuration-invalid',
		'0401': 'credential-invalid',
		'0402': 'quota-exhausted',
		'0403': 'credential-invalid',
		'9009': 'credential-invalid',
	},
	codeMessages: {
		'0001': 'Memories.ai had a temporary problem and kept having it after several retries',
		'0003': 'Memories.ai did not accept the request parameters',
		'0401': 'Memories.ai rejected the API key',
		'0402': 'The Memories.ai account is out of credits',
		'0403': 'The Memories.ai account or API key is disabled',
		'0429':
			'Memories.ai is limiting how fast requests can be made, and kept doing so after several retries',
		'9009': 'The Memories.ai API key has no permission to do this',
	},
	requestsPerSecond: 5,
	policy: DEFAULT_REQUEST_POLICY,
};

/** The list_videos filters, in the API's own field names. */
export interface VideoQuery extends IDataObject {
	unique_id: string;
}

/**
 * What the answer checks (shared/shapes.ts) name in their errors; `wrote` for a request that may have
 * taken effect although its answer cannot be read (an upload).
 */
export function answerContext(
	context: RequestContext,
	profile: ServiceProfile,
	itemIndex?: number,
	wrote = false,
): AnswerContext {
	return { node: context.getNode(), service: profile.name, itemIndex, wrote };
}

/** The `data` of a Memories.ai answer (`{ code, msg, data, success }`), the answer checked to be an object. */
export function answerData(answer: AnswerContext, response: unknown): unknown {
	return expectObject(answer, response, 'the answer').data;
}

/**
 * One page of list_videos, normalized, its shape checked: `data` an object, `data.videos` a list of
 * objects each with a `video_no`, `total_count` a number (legacy: a numeric text) or absent. Every
 * list_videos answer (Get Many, Get, Delete's lookup, the trigger) is read here and nowhere else.
 */
export async function listVideosPage(
	this: RequestContext,
	profile: ServiceProfile,
	query: VideoQuery,
	page: number,
	size: number,
	itemIndex?: number,
	/** When the caller's time is up (a trigger's poll budget): VendorRequest.until. */
	until?: number,
): Promise<NumberedPage<IDataObject>> {
	const response = await vendorRequest.call(
		this,
		profile,
		{ method: 'POST', path: '/serve/api/v1/list_videos', body: { ...query, page, size }, until },
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex);
	const data = expectObject(answer, answerData(answer, response), 'data');
	const items = expectRecords(answer, data.videos, 'data.videos').map((video, index) => {
		expectId(answer, video.video_no, `data.videos[${index}].video_no`);
		return normalizeRecord(video);
	});
	const rawTotal = data.total_count;
	const total = toNumber(rawTotal);
	if (rawTotal !== undefined && rawTotal !== null && total === undefined) {
		throw unexpectedAnswer(answer, 'data.total_count', 'is not a number', rawTotal);
	}
	return { items, total };
}

/** Videos matching a query, newest first; `limit` undefined means all of them (pagination.ts: how the server is distrusted). */
export async function listVideos(
	this: RequestContext,
	profile: ServiceProfile,
	query: VideoQuery,
	limit: number | undefined,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await collectNumberedPages(
		this.getNode(),
		async (page, size) => await listVideosPage.call(this, profile, query, page, size, itemIndex),
		{
			limit,
			pageSize: LIST_VIDEOS_PAGE_SIZE,
			concurrency: LIST_VIDEOS_CONCURRENCY,
			keyOf: (video) => video.video_no as string,
			noun: 'videos',
			itemIndex,
		},
	);
}

/** All folders of the account (get_folder, API v1.1: one unpaginated list of folder objects). */
export async function listFolders(
	this: RequestContext,
	profile: ServiceProfile,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const response = await vendorRequest.call(
		this,
		profile,
		{ method: 'GET', path: '/serve/api/video/get_folder' },
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex);
	return expectRecords(answer, answerData(answer, response), 'data').map(normalizeRecord);
}
