/**
 * Builds list_videos answers by hand, for tests that need the API to misbehave in ways the mock does
 * not offer as a knob (unsorted pages, an ignored filter, a cut-short answer). The answer is queued as
 * a 'malformed' fault with a custom body from `mock.onRequest`, i.e. sent for that very request.
 */
import type { IDataObject } from 'n8n-workflow';

import type { MockApi, MockVideo } from '../../../../../../../testbed/mock-api';

export function wireVideo(video: MockVideo): IDataObject {
	const out: IDataObject = {
		video_no: video.video_no,
		video_name: video.video_name,
		duration: video.duration,
		size: video.size,
		status: video.status,
		create_time: video.create_time,
	};
	if (String(video.status).toUpperCase() === 'FAILED')
		out.cause = video.cause ?? 'Video processing failed';
	return out;
}

export function listAnswer(videos: MockVideo[], total: number, page = 1, size = 200): string {
	return JSON.stringify({
		code: '0000',
		msg: 'success',
		data: {
			current_page: page,
			page_size: size,
			total_count: total,
			videos: videos.map(wireVideo),
		},
		success: true,
		failed: false,
	});
}

/** Answer the current request with `body` (HTTP 200). */
export function answerWith(mock: MockApi, body: string): void {
	mock.fault({ service: 'memoriesAi', type: 'malformed', body, times: 1 });
}

export interface ListBody {
	page?: number;
	size?: number;
	status?: string;
	video_no?: string;
	video_nos?: string[];
}

/** The unfiltered newest-first list request (the trigger's scan for new videos). */
export const isNewestScan = (body: ListBody) => !body.status && !body.video_no && !body.video_nos;
