import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { expectList, expectObject, expectText, optionalNumber } from '../../../shared/shapes';
import { vendorRequest, type RequestContext, type ServiceProfile } from '../../../shared/transport';
import { endpointBudget } from './budgets';
import { answerContext, answerData, listVideosPage } from './index';

/** The API's limit of video IDs per delete_videos request (and the batch the existence check reads). */
export const DELETE_BATCH_SIZE = 100;

/** One segment of a transcript, times in seconds. */
export interface TranscriptSegment extends IDataObject {
	index: number;
	content: string;
	startTime?: number;
	endTime?: number;
}

/** The newest visual-transcript path (VS docs) first; the older one (V12, community clients) if it is gone. */
const VISUAL_TRANSCRIPT_PATHS = [
	'/serve/api/v1/get_video_caption',
	'/serve/api/v1/get_video_transcription',
];
const AUDIO_TRANSCRIPT_PATH = '/serve/api/v1/get_audio_transcription';

/**
 * A video's audio or visual transcript; null when Memories.ai has none (data: null: not parsed yet,
 * no audio track, or no such video under that unique_id: the API does not say which).
 */
export async function getTranscript(
	this: RequestContext,
	profile: ServiceProfile,
	query: { video_no: string; unique_id: string },
	type: 'audio' | 'visual',
	itemIndex?: number,
): Promise<TranscriptSegment[] | null> {
	const paths = type === 'audio' ? [AUDIO_TRANSCRIPT_PATH] : VISUAL_TRANSCRIPT_PATHS;
	let response: unknown;
	for (const [attempt, path] of paths.entries()) {
		try {
			response = await vendorRequest.call(
				this,
				profile,
				{ method: 'GET', path, qs: query, budget: endpointBudget('transcription') },
				itemIndex,
			);
			break;
		} catch (error) {
			// Only "no such endpoint" moves on to the older path; anything else is the answer.
			const gone = error instanceof NodeApiError && error.httpCode === '404';
			// vendorRequest throws NodeApiError only, which its constructor hands back unchanged.
			if (!gone || attempt === paths.length - 1)
				throw new NodeApiError(this.getNode(), error as JsonObject);
		}
	}
	const answer = answerContext(this, profile, itemIndex);
	const data = answerData(answer, response);
	if (data === null || data === undefined) return null;
	const segments = expectList(
		answer,
		expectObject(answer, data, 'data').transcriptions,
		'data.transcriptions',
	);
	return segments.map((value, i) => {
		const field = `data.transcriptions[${i}]`;
		const segment = expectObject(answer, value, field);
		return {
			index: optionalNumber(answer, segment.index, `${field}.index`) ?? i,
			content: expectText(answer, segment.content ?? '', `${field}.content`).trim(),
			startTime: optionalNumber(answer, segment.startTime, `${field}.startTime`),
			endTime: optionalNumber(answer, segment.endTime, `${field}.endTime`),
		};
	});
}

export interface VideoSummary extends IDataObject {
	summary: string;
	items: Array<{ title: string; description: string; start?: number }>;
}

/** generate_summary (CHAPTER or TOPIC); null when Memories.ai has none yet (data: null). */
export async function getSummary(
	this: RequestContext,
	profile: ServiceProfile,
	query: { video_no: string; unique_id: string; type: 'CHAPTER' | 'TOPIC' },
	itemIndex?: number,
): Promise<VideoSummary | null> {
	const response = await vendorRequest.call(
		this,
		profile,
		{
			method: 'GET',
			path: '/serve/api/v1/generate_summary',
			qs: query,
			budget: endpointBudget('summary'),
		},
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex);
	const data = answerData(answer, response);
	if (data === null || data === undefined) return null;
	const record = expectObject(answer, data, 'data');
	const items = expectList(answer, record.items ?? [], 'data.items').map((value, i) => {
		const field = `data.items[${i}]`;
		const item = expectObject(answer, value, field);
		return {
			title: expectText(answer, item.title ?? '', `${field}.title`),
			description: expectText(answer, item.description ?? '', `${field}.description`),
			start: optionalNumber(answer, item.start, `${field}.start`),
		};
	});
	return { summary: expectText(answer, record.summary ?? '', 'data.summary'), items };
}

/**
 * Which of these video IDs exist under the unique_id (at most 100: one list_videos page, read and
 * checked by listVideosPage like every list_videos answer). delete_videos answers success for
 * unknown IDs too, so this is the only way to say which were deleted.
 */
export async function existingVideoNos(
	this: RequestContext,
	profile: ServiceProfile,
	videoNos: string[],
	uniqueId: string,
	itemIndex?: number,
): Promise<Set<string>> {
	const query = { unique_id: uniqueId, video_nos: videoNos };
	const { items } = await listVideosPage.call(this, profile, query, 1, videoNos.length, itemIndex);
	const asked = new Set(videoNos);
	// Only IDs that were asked for count: a server that answers more cannot make us claim others.
	return new Set(
		items.map((video) => video.video_no as string).filter((videoNo) => asked.has(videoNo)),
	);
}

/** delete_videos: a bare JSON array of at most 100 IDs, unique_id in the query (VS docs). */
export async function deleteVideoBatch(
	this: RequestContext,
	profile: ServiceProfile,
	videoNos: string[],
	uniqueId: string,
	itemIndex?: number,
): Promise<void> {
	if (videoNos.length === 0 || videoNos.length > DELETE_BATCH_SIZE) {
		throw new RangeError(
			`deleteVideoBatch takes 1 to ${DELETE_BATCH_SIZE} IDs, not ${videoNos.length}`,
		);
	}
	// n8n's request helper sends any non-empty object as JSON, arrays included; the shared type says IDataObject.
	const body = videoNos as unknown as IDataObject;
	await vendorRequest.call(
		this,
		profile,
		{ method: 'POST', path: '/serve/api/v1/delete_videos', qs: { unique_id: uniqueId }, body },
		itemIndex,
	);
}
