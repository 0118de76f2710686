import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requireText } from '../../../shared/items';

export const VIDEO_STATUSES: INodePropertyOptions[] = [
	{ name: 'Parsed', value: 'PARSE', description: 'Processing finished; the video is ready' },
	{ name: 'Not Parsed Yet', value: 'UNPARSE', description: 'Uploaded, still processing' },
	{ name: 'Failed', value: 'FAILED', description: 'Processing failed' },
];

export const uniqueIdProperty: INodeProperties = {
	displayName: 'Unique ID',
	name: 'uniqueId',
	type: 'string',
	default: 'default',
	required: true,
	description: 'The scope the videos were uploaded under (unique_id). Leave "default" unless your uploads set another one.',
	hint: 'Videos uploaded with a different Unique ID are not listed',
};

export function getUniqueId(this: IExecuteFunctions, itemIndex: number): string {
	return requireText.call(this, 'uniqueId', 'Unique ID', itemIndex);
}

export const videoNoProperty: INodeProperties = {
	displayName: 'Video ID',
	name: 'videoNo',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'VI606404158946574336',
	description: 'The video_no of the video (Video → Get Many lists them)',
};

/** Video IDs look like VI606404158946574336; anything with spaces, quotes or punctuation is a typo. */
export const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A required Video ID parameter, checked before any request. */
export function getVideoNo(this: IExecuteFunctions, itemIndex: number): string {
	const videoNo = requireText.call(this, 'videoNo', 'Video ID', itemIndex);
	if (!VIDEO_ID.test(videoNo)) {
		throw new NodeOperationError(this.getNode(), `Video ID "${videoNo}" is not a video ID`, {
			description: 'Enter one video ID such as VI606404158946574336.',
			itemIndex,
		});
	}
	return videoNo;
}

/**
 * Video IDs from a parameter that takes a comma-separated text or an array (from an expression):
 * trimmed, without repeats, each checked before any request.
 */
export function parseVideoIds(this: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string[] {
	const list = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',');
	const ids = [...new Set(list.map((id) => id.trim()).filter(Boolean))];
	const bad = ids.find((id) => !VIDEO_ID.test(id));
	if (bad !== undefined || ids.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			bad === undefined ? `${label} is empty` : `${label} contains "${bad}", which is not a video ID`,
			{ description: 'Enter video IDs such as VI606404158946574336, separated by commas.', itemIndex },
		);
	}
	return ids;
}
