import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ServiceProfile } from '../../../../shared/transport';
import { getTranscript } from '../../transport/videos';
import { getUniqueId, getVideoNo, uniqueIdProperty, videoNoProperty } from '../common.descriptions';

const TRANSCRIPT_TYPES = ['audio', 'visual'] as const;

const properties: INodeProperties[] = [
	videoNoProperty,
	{
		displayName: 'Transcript Type',
		name: 'transcriptType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio', description: 'What is said in the video (speech to text)' },
			{
				name: 'Visual',
				value: 'visual',
				description: 'What is seen in the video, described scene by scene',
			},
		],
		default: 'audio',
	},
	uniqueIdProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['getTranscript'] } },
	properties,
);

/** One item: the transcript's segments (times in seconds) and their text joined, for prompts and documents. */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const videoNo = getVideoNo.call(this, itemIndex);
	const type = this.getNodeParameter('transcriptType', itemIndex, 'audio') as string;
	if (!(TRANSCRIPT_TYPES as readonly string[]).includes(type)) {
		throw new NodeOperationError(
			this.getNode(),
			`Transcript Type "${type}" is not audio or visual`,
			{
				description: 'Choose Audio (what is said) or Visual (what is seen).',
				itemIndex,
			},
		);
	}
	const uniqueId = getUniqueId.call(this, itemIndex);
	const segments = await getTranscript.call(
		this,
		profile,
		{ video_no: videoNo, unique_id: uniqueId },
		type as 'audio' | 'visual',
		itemIndex,
	);
	if (segments === null) {
		throw new NodeOperationError(
			this.getNode(),
			`Memories.ai has no ${type} transcript for video "${videoNo}"`,
			{
				description:
					`The video may still be processing (a transcript exists once its status is Parsed)` +
					`${type === 'audio' ? ', have no audio track' : ''}, or not exist under the Unique ID "${uniqueId}". Video → Get shows its status.`,
				itemIndex,
			},
		);
	}
	return [
		{
			video_no: videoNo,
			transcript_type: type,
			text: segments.map((s) => s.content).join(' '),
			transcriptions: segments,
		},
	];
}
