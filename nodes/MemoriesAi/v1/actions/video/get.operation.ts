import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { listVideosPage } from '../../transport';
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
	const uniqueId = getUniqueId.call(this, itemIndex);
	const { items } = await listVideosPage.call(this, profile, { unique_id: uniqueId, video_no: videoNo }, 1, 1, itemIndex);
	if (items.length === 0) {
		throw new NodeOperationError(this.getNode(), `No Memories.ai video with ID "${videoNo}" was found`, {
			description: `Check the video ID, and that it was uploaded under the Unique ID "${uniqueId}".`,
			itemIndex,
		});
	}
	return items;
}
