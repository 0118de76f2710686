import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { searchVideos, type SearchRequest } from '../../transport/search';
import { uniqueIdProperty } from '../common.descriptions';
import * as getAll from './getAll.operation';

/** The node's values and the API's search_type (BY_CAPTION is left out: its answer's shape is not documented). */
const SEARCH_TYPES: Readonly<Record<string, SearchRequest['search_type']>> = {
	clip: 'BY_CLIP',
	audio: 'BY_AUDIO',
};
/** search's own limits: top_k 1-1000, video_nos at most 100. */
const MAX_TOP_K = 1000;
const MAX_SEARCH_VIDEO_IDS = 100;
/** The list filters search also has (same names and checks as Video → Get Many's). */
const SHARED_FILTERS = ['cameraModel', 'location', 'tag', 'takenAfter', 'videoNos'];

const listFilters = getAll.description.find((property) => property.name === 'filters')
	?.options as INodeProperties[];

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'a red car parking at night',
		description:
			'What to look for, in plain English (Memories.ai searches by meaning, not exact words)',
	},
	{
		displayName: 'Search Type',
		name: 'searchType',
		type: 'options',
		options: [
			{
				name: 'Video Clips',
				value: 'clip',
				description: 'Moments whose picture matches the query',
			},
			{ name: 'Speech', value: 'audio', description: 'Moments whose spoken words match the query' },
		],
		default: 'clip',
	},
	{
		displayName: 'Top K',
		name: 'topK',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TOP_K },
		default: 10,
		description: 'Max number of hits to return, best first',
	},
	uniqueIdProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			...listFilters.filter((option) => SHARED_FILTERS.includes(option.name)),
			{
				displayName: 'Score Threshold',
				name: 'scoreThreshold',
				type: 'options',
				options: [
					{ name: 'Low (Score ≥ 0.15)', value: 'low' },
					{ name: 'Medium (Score ≥ 0.225)', value: 'medium' },
					{ name: 'High (Score ≥ 0.4)', value: 'high' },
				],
				default: 'low',
				description: 'Only hits at least this relevant',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['search'] } },
	properties,
);

/** One item per hit: `videoNo`, `videoName`, `startTime`/`endTime` (seconds), `score`, ... as Memories.ai names them. */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const invalid = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description, itemIndex });
	const query = requireText.call(this, 'query', 'Query', itemIndex);
	const chosen = this.getNodeParameter('searchType', itemIndex, 'clip') as string;
	const searchType = SEARCH_TYPES[chosen];
	if (searchType === undefined)
		throw invalid(`Search Type "${chosen}" is not clip or audio`, 'Choose Video Clips or Speech.');
	const topK = Number(this.getNodeParameter('topK', itemIndex, 10));
	if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K) {
		throw invalid(
			`Top K must be a whole number from 1 to ${MAX_TOP_K}, not ${topK}`,
			'Set Top K to how many hits you want.',
		);
	}
	// The shared filters are read and checked exactly as Video → Get Many reads them.
	const filters = getAll.buildVideoQuery.call(this, itemIndex);
	if (
		filters.video_nos !== undefined &&
		(filters.video_nos as string[]).length > MAX_SEARCH_VIDEO_IDS
	) {
		throw invalid(
			`Video IDs has ${(filters.video_nos as string[]).length} IDs; search takes at most ${MAX_SEARCH_VIDEO_IDS}`,
			'Search fewer videos at once, or leave Video IDs empty to search them all.',
		);
	}
	const body: SearchRequest = {
		search_param: query,
		search_type: searchType,
		unique_id: filters.unique_id,
		top_k: topK,
	};
	if (filters.tag !== undefined) body.tag = filters.tag;
	if (filters.camera_model !== undefined) body.camera_tag = filters.camera_model;
	if (filters.video_nos !== undefined) body.video_nos = filters.video_nos;
	if (filters.datetime_taken !== undefined)
		body.datetime_taken = apiDateTime(filters.datetime_taken as number);
	if (filters.latitude !== undefined)
		Object.assign(body, { latitude: filters.latitude, longitude: filters.longitude });
	const threshold = (this.getNodeParameter('filters', itemIndex, {}) as IDataObject).scoreThreshold;
	if (threshold !== undefined && threshold !== '') {
		if (!['low', 'medium', 'high'].includes(String(threshold)))
			throw invalid(
				`Score Threshold "${String(threshold)}" is not low, medium or high`,
				'Pick one of the three levels.',
			);
		body.filtering_level = String(threshold);
	}
	return await searchVideos.call(this, profile, body, itemIndex);
}

/** search takes capture times as "yyyy-MM-dd HH:mm:ss" (the docs' format; read here as UTC). */
function apiDateTime(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
