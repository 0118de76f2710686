import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { unexpectedAnswer } from '../../../../shared/shapes';
import type { ServiceProfile } from '../../../../shared/transport';
import { answerContext, listVideosPage } from '../../transport';
import { getMetadata } from '../../transport/upload';
import { getUniqueId, getVideoNo, uniqueIdProperty, videoNoProperty } from '../common.descriptions';
import {
	DEFAULT_MAX_WAIT_MINUTES,
	isProcessed,
	maxWaitOf,
	maxWaitOption,
	pollUntil,
	waitForProcessingOption,
} from './waitForProcessing';

const properties: INodeProperties[] = [
	videoNoProperty,
	uniqueIdProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			maxWaitOption,
			waitForProcessingOption(
				"Whether to wait (up to Max Wait) until the video is Parsed or Failed before going on. For long videos prefer Upload's Callback URL with a Wait node: n8n does not hold the execution open.",
			),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const videoNo = getVideoNo.call(this, itemIndex);
	const uniqueId = getUniqueId.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const invalid = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description, itemIndex });
	const maxWaitMs =
		options.waitForProcessing === true ? maxWaitOf(options.maxWaitMinutes, invalid) : undefined;
	const { items } = await listVideosPage.call(
		this,
		profile,
		{ unique_id: uniqueId, video_no: videoNo },
		1,
		1,
		itemIndex,
	);
	const others = items.filter((video) => video.video_no !== videoNo);
	if (others.length > 0) {
		// The filter was ignored: whatever came back is not an answer about this video.
		throw unexpectedAnswer(
			answerContext(this, profile, itemIndex),
			'data.videos',
			`holds ${String(others[0].video_no)}, not the video asked for (${videoNo})`,
		);
	}
	if (items.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`No Memories.ai video with ID "${videoNo}" was found`,
			{
				description: `Check the video ID, and that it was uploaded under the Unique ID "${uniqueId}".`,
				itemIndex,
			},
		);
	}
	const [video] = items;
	if (maxWaitMs === undefined || isProcessed(video)) return [video];
	const done = await pollUntil(profile, maxWaitMs, async () => {
		const metadata = await getMetadata.call(this, profile, videoNo, uniqueId, itemIndex);
		return metadata !== null && isProcessed(metadata) ? metadata : undefined;
	});
	if (done === undefined) {
		throw invalid(
			`Video ${videoNo} had not finished processing after ${String(options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES)} minutes`,
			'Check it again later, or start the next steps from the Memories.ai Trigger when it turns Parsed or Failed.',
		);
	}
	return [{ ...video, ...done }];
}
