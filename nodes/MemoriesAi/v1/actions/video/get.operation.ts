import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { unexpectedAnswer } from '../../../../shared/shapes';
import type { ServiceProfile } from '../../../../shared/transport';
import { listVideosPage } from '../../transport';
import { getUniqueId, getVideoNo, uniqueIdProperty, videoNoProperty } from '../common.descriptions';

const properties: INodeProperties[] = [videoNoProperty, uniqueIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, profile: ServiceProfile, itemIndex: number): Promise<IDataObject[]> {
	const videoNo = getVideoNo.call(this, itemIndex);
	const uniqueId = getUniqueId.call(this, itemIndex);
	const { items } = await listVideosPage.call(this, profile, { unique_id: uniqueId, video_no: videoNo }, 1, 1, itemIndex);
	const others = items.filter((video) => video.video_no !== videoNo);
	if (others.length > 0) {
		// The filter was ignored: whatever came back is not an answer about this video.
		throw unexpectedAnswer(
			{ node: this.getNode(), service: profile.name, itemIndex },
			'data.videos',
			`holds ${String(others[0].video_no)}, not the video asked for (${videoNo})`,
		);
	}
	if (items.length === 0) {
		throw new NodeOperationError(this.getNode(), `No Memories.ai video with ID "${videoNo}" was found`, {
			description: `Check the video ID, and that it was uploaded under the Unique ID "${uniqueId}".`,
			itemIndex,
		});
	}
	return items.slice(0, 1);
}
