import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { normalizeRecord, toNumber } from '../../../shared/normalize';
import { totalHint } from '../../../shared/pagination';
import { vendorRequest, type ServiceProfile } from '../../../shared/transport';
import type { VideoQuery } from '../transport';

/** A normalized video the trigger can reason about: it has an id and an upload time. */
export interface Video extends IDataObject {
	video_no: string;
	create_time: number;
	/** Canonical (PARSE / UNPARSE / FAILED, legacy spellings folded); '' when the API sent none. */
	status: string;
}

export interface VideoPage {
	videos: Video[];
	/** total_count, a hint only (lists end on page content); undefined when it is not a count. */
	total: number | undefined;
}

/**
 * One page of list_videos, read strictly. The action node's `listVideosPage` is lenient (a missing
 * `videos` array reads as an empty page); for the trigger an empty page means "nothing pending any
 * more" or "those videos were deleted", so a response that does not have the documented shape must
 * fail the poll instead of being taken as an answer.
 */
export async function fetchVideoPage(
	this: IPollFunctions,
	profile: ServiceProfile,
	query: VideoQuery,
	page: number,
	size: number,
): Promise<VideoPage> {
	const response = await vendorRequest.call(this, profile, {
		method: 'POST',
		path: '/serve/api/v1/list_videos',
		body: { ...query, page, size },
	});
	const data = (response as IDataObject | undefined)?.data as IDataObject | undefined;
	const total = toNumber(data?.total_count);
	if (!data || typeof data !== 'object' || !Array.isArray(data.videos) || total === undefined) {
		throw incomplete(this, 'the answer has no video list or no total_count');
	}
	const videos = (data.videos as unknown[]).map((raw) => {
		if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw incomplete(this, 'a video entry is not an object');
		const record = normalizeRecord(raw as IDataObject);
		if (typeof record.video_no !== 'string' || record.video_no === '') throw incomplete(this, 'a video has no video_no');
		if (typeof record.create_time !== 'number') {
			throw incomplete(this, `video ${record.video_no} has no valid create_time`);
		}
		record.status = typeof record.status === 'string' ? record.status : '';
		return record as Video;
	});
	return { videos, total: totalHint(total) };
}

function incomplete(context: IPollFunctions, detail: string): NodeApiError {
	const message = 'Memories.ai sent a video list the trigger cannot rely on';
	return new NodeApiError(
		context.getNode(),
		{ message, description: detail },
		{ message, description: `${detail}. Nothing was lost: the next poll reads the list again.` },
	);
}
