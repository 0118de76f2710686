import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ServiceProfile } from '../../../../shared/transport';
import { DELETE_BATCH_SIZE, deleteVideoBatch, existingVideoNos } from '../../transport/videos';
import {
	getUniqueId,
	getVideoIds,
	uniqueIdProperty,
	videoIdsProperty,
} from '../common.descriptions';

/** IDs one input item may delete: 100 batches, a bound on the requests one item can make. */
export const MAX_DELETE_IDS = 100 * DELETE_BATCH_SIZE;

const properties: INodeProperties[] = [
	videoIdsProperty(
		'The videos to delete for good',
		'Deleting is permanent: the video, its transcripts and summaries are gone',
	),
	uniqueIdProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['delete'] } },
	properties,
);

/**
 * One item per video ID: `deleted` true, or false with the reason. Memories.ai answers success even
 * for IDs it does not have, so each batch of 100 is first looked up (list_videos) and only the
 * videos found are deleted: 2 requests per 100 IDs, 1 when none of them exists.
 */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const videoNos = getVideoIds.call(this, itemIndex, MAX_DELETE_IDS, {
		limit: 'one item can delete at most',
		instead: 'Split the IDs over several input items.',
	});
	const uniqueId = getUniqueId.call(this, itemIndex);
	const out: IDataObject[] = [];
	for (let start = 0; start < videoNos.length; start += DELETE_BATCH_SIZE) {
		const batch = videoNos.slice(start, start + DELETE_BATCH_SIZE);
		let found: Set<string>;
		try {
			found = await existingVideoNos.call(this, profile, batch, uniqueId, itemIndex);
			if (found.size > 0)
				await deleteVideoBatch.call(this, profile, [...found], uniqueId, itemIndex);
		} catch (error) {
			throw withDeletedSoFar(error, out);
		}
		for (const videoNo of batch) {
			out.push(
				found.has(videoNo)
					? { video_no: videoNo, deleted: true }
					: {
							video_no: videoNo,
							deleted: false,
							reason: `No video with this ID under the Unique ID "${uniqueId}"`,
						},
			);
		}
	}
	return out;
}

/** A failure in a later batch must not hide that earlier batches were deleted: the error says which. */
function withDeletedSoFar(error: unknown, out: IDataObject[]): unknown {
	const deleted = out.filter((entry) => entry.deleted).map((entry) => entry.video_no);
	if (deleted.length === 0 || !(error instanceof Error)) return error;
	const failed = error as Error & { description?: string | null };
	failed.description =
		`${failed.description ?? ''} Already deleted before this error (${deleted.length}): ${deleted.join(', ')}.`.trim();
	return failed;
}
