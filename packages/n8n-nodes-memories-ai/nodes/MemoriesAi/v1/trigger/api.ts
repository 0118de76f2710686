import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { totalHint } from '../../../shared/pagination';
import { unexpectedAnswer } from '../../../shared/shapes';
import type { ServiceProfile } from '../../../shared/transport';
import { answerContext, listVideosPage, type VideoQuery } from '../transport';

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
 * One page of list_videos, its shape checked like every answer (`listVideosPage`: a wrong shape is
 * an error, never an empty page, which for the trigger would mean "nothing pending any more" or
 * "those videos were deleted"), and every video with a numeric `create_time`, which the trigger
 * orders uploads by. A failing page fails the poll; the next poll reads the list again.
 */
export async function fetchVideoPage(
	this: IPollFunctions,
	profile: ServiceProfile,
	query: VideoQuery,
	page: number,
	size: number,
	/** When the poll's budget ends: the request ends by then. */
	until?: number,
): Promise<VideoPage> {
	const { items, total } = await listVideosPage.call(
		this,
		profile,
		query,
		page,
		size,
		undefined,
		until,
	);
	const videos = items.map((record, index) => {
		if (typeof record.create_time !== 'number') {
			throw unexpectedAnswer(
				answerContext(this, profile),
				`data.videos[${index}].create_time`,
				'is not a time',
				record.create_time,
			);
		}
		record.status = typeof record.status === 'string' ? record.status : '';
		return record as Video;
	});
	return { videos, total: totalHint(total) };
}
