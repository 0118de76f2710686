import type { IExecuteFunctions, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locatorValue } from '../../../shared/folders/actions/common.descriptions';
import { requireText } from '../../../shared/items';

export const VIDEO_STATUSES: INodePropertyOptions[] = [
	{ name: 'Parsed', value: 'PARSE', description: 'Processing finished; the video is ready' },
	{ name: 'Not Parsed Yet', value: 'UNPARSE', description: 'Uploaded, still processing' },
	{ name: 'Failed', value: 'FAILED', description: 'Processing failed' },
];

/** listSearch method of the Unique ID pickers (methods/listSearch.ts). */
export const SEARCH_UNIQUE_IDS = 'searchUniqueIds';

export const DEFAULT_UNIQUE_ID = 'default';

/** Unique ID: "From List" (the account's unique_ids) or "By ID" (typed); older workflows saved a plain string, read the same. */
export const uniqueIdProperty: INodeProperties = {
	displayName: 'Unique ID',
	name: 'uniqueId',
	type: 'resourceLocator',
	default: { mode: 'list', value: DEFAULT_UNIQUE_ID },
	required: true,
	description:
		'The scope the videos were uploaded under (unique_id). Leave "default" unless your uploads set another one.',
	hint: 'Videos uploaded with a different Unique ID are not included',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a Unique ID...',
			typeOptions: { searchListMethod: SEARCH_UNIQUE_IDS, searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'default',
			hint: 'The unique_id your uploads used, exactly (case matters)',
		},
	],
};

/** The Unique ID a parameter holds (a picker's value, or a plain string); empty is a clear error before any request. */
export function readUniqueId(node: INode, value: unknown, itemIndex?: number): string {
	const uniqueId = locatorValue(value);
	if (uniqueId === '') {
		throw new NodeOperationError(node, 'Unique ID is empty', {
			description:
				'Choose a Unique ID from the list or enter one; "default" is where uploads go unless they set another.',
			itemIndex,
		});
	}
	return uniqueId;
}

export function getUniqueId(this: IExecuteFunctions, itemIndex: number): string {
	return readUniqueId(
		this.getNode(),
		this.getNodeParameter('uniqueId', itemIndex, DEFAULT_UNIQUE_ID),
		itemIndex,
	);
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
		throw new NodeOperationError(
			this.getNode(),
			`Video ID "${videoNo.length > 40 ? `${videoNo.slice(0, 40)}…` : videoNo}" is not a video ID`,
			{
				description:
					'Enter one video ID such as VI606404158946574336 (letters, digits, - and _ only).',
				itemIndex,
			},
		);
	}
	return videoNo;
}

/**
 * Video IDs from a parameter that takes a comma-separated text or an array (from an expression):
 * trimmed, without repeats, each checked before any request.
 */
export function parseVideoIds(
	this: IExecuteFunctions,
	raw: unknown,
	label: string,
	itemIndex: number,
): string[] {
	const list = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',');
	const ids = [...new Set(list.map((id) => id.trim()).filter(Boolean))];
	const bad = ids.find((id) => !VIDEO_ID.test(id));
	if (bad !== undefined || ids.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			bad === undefined
				? `${label} is empty`
				: `${label} contains "${bad}", which is not a video ID`,
			{
				description: 'Enter video IDs such as VI606404158946574336, separated by commas.',
				itemIndex,
			},
		);
	}
	return ids;
}

/** A required Video IDs parameter (videoNos): commas, or a list from an expression. */
export function videoIdsProperty(description: string, hint?: string): INodeProperties {
	return {
		displayName: 'Video IDs',
		name: 'videoNos',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'VI606404158946574336, VI606402870447996928',
		description: `${description}: one or more video IDs, separated by commas (or a list from an expression)`,
		...(hint === undefined ? {} : { hint }),
	};
}

/** The videoNos parameter's IDs, at most `max`; too many is a clear error saying what to do instead. */
export function getVideoIds(
	this: IExecuteFunctions,
	itemIndex: number,
	max: number,
	tooMany: { limit: string; instead: string },
): string[] {
	const ids = parseVideoIds.call(
		this,
		this.getNodeParameter('videoNos', itemIndex, ''),
		'Video IDs',
		itemIndex,
	);
	if (ids.length > max) {
		throw new NodeOperationError(
			this.getNode(),
			`Video IDs has ${ids.length} IDs; ${tooMany.limit} ${max}`,
			{ description: tooMany.instead, itemIndex },
		);
	}
	return ids;
}
