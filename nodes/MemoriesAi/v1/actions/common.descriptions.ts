import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

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
