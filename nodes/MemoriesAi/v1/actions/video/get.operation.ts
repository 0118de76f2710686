import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { unexpectedAnswer } from '../../../../shared/shapes';
import { listVideosPage } from '../../transport';
import { VIDEO_ID } from './getAll.operation';
import { getUniqueId, uniqueIdProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'videoNo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'VI606404158946574336',
		description: 'The video_no of the video',
	},
	uniqueIdProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, profile: ServiceProfile, itemIndex: number): Promise<IDataObject[]> {
	const videoNo = requireText.call(this, 'videoNo', 'Video ID', itemIndex);
	if (!VIDEO_ID.test(videoNo)) {
		throw new NodeOperationError(this.getNode(), `Video ID "${videoNo.length > 40 ? `${videoNo.slice(0, 40)}…` : videoNo}" is not a video ID`, {
			description: 'Enter a video ID such as VI606404158946574336 (letters, digits, - and _ only).',
			itemIndex,
		});
	}
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
