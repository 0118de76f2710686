import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ServiceProfile } from '../../../../shared/transport';
import { getSummary } from '../../transport/videos';
import { getUniqueId, getVideoNo, uniqueIdProperty, videoNoProperty } from '../common.descriptions';

/** The node's values and the API's `type`. */
const SUMMARY_TYPES: Readonly<Record<string, 'CHAPTER' | 'TOPIC'>> = {
	chapter: 'CHAPTER',
	topic: 'TOPIC',
};

const properties: INodeProperties[] = [
	videoNoProperty,
	{
		displayName: 'Summary Type',
		name: 'summaryType',
		type: 'options',
		options: [
			{
				name: 'Chapters',
				value: 'chapter',
				description: 'The video in order, scene by scene, each with its start time',
			},
			{ name: 'Topics', value: 'topic', description: 'The video grouped by subject' },
		],
		default: 'chapter',
	},
	uniqueIdProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['getSummary'] } },
	properties,
);

/** One item: the summary text and its chapters or topics (`start` in seconds). */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const videoNo = getVideoNo.call(this, itemIndex);
	const chosen = this.getNodeParameter('summaryType', itemIndex, 'chapter') as string;
	const type = SUMMARY_TYPES[chosen];
	if (type === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`Summary Type "${chosen}" is not chapter or topic`,
			{
				description: 'Choose Chapters (in order) or Topics (by subject).',
				itemIndex,
			},
		);
	}
	const uniqueId = getUniqueId.call(this, itemIndex);
	const summary = await getSummary.call(
		this,
		profile,
		{ video_no: videoNo, unique_id: uniqueId, type },
		itemIndex,
	);
	if (summary === null) {
		throw new NodeOperationError(
			this.getNode(),
			`Memories.ai has no summary for video "${videoNo}" yet`,
			{
				description: `A summary exists once the video's status is Parsed; the video may also not exist under the Unique ID "${uniqueId}". Video → Get shows its status.`,
				itemIndex,
			},
		);
	}
	return [{ video_no: videoNo, summary_type: chosen, ...summary }];
}
