import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getLimit, returnAllOrLimit } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { listVideos, type VideoQuery } from '../../transport';
import {
	getUniqueId,
	parseVideoIds,
	uniqueIdProperty,
	VIDEO_STATUSES,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	uniqueIdProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Camera Model',
				name: 'cameraModel',
				type: 'string',
				default: '',
				placeholder: 'Canon EOS 5D',
				description: 'Only videos recorded with this camera (exact match, as supplied at upload)',
			},
			{
				displayName: 'Location',
				name: 'location',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Location',
				description: 'Only videos recorded within about 20 km of this point',
				hint: 'Memories.ai matches a radius of about 20 km around the point; videos without GPS data never match',
				options: [
					{
						displayName: 'Coordinates',
						name: 'coordinates',
						values: [
							{
								displayName: 'Latitude',
								name: 'latitude',
								type: 'number',
								typeOptions: { numberPrecision: 6, minValue: -90, maxValue: 90 },
								default: 0,
							},
							{
								displayName: 'Longitude',
								name: 'longitude',
								type: 'number',
								typeOptions: { numberPrecision: 6, minValue: -180, maxValue: 180 },
								default: 0,
							},
						],
					},
				],
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: VIDEO_STATUSES,
				default: 'PARSE',
				description: 'Only videos in this processing status',
			},
			{
				displayName: 'Tag',
				name: 'tag',
				type: 'string',
				default: '',
				description: 'Only videos carrying this tag',
			},
			{
				displayName: 'Taken After',
				name: 'takenAfter',
				type: 'dateTime',
				default: '',
				description: 'Only videos captured at or after this time',
			},
			{
				displayName: 'Video IDs',
				name: 'videoNos',
				type: 'string',
				default: '',
				placeholder: 'VI606404158946574336, VI606402870447996928',
				description: 'Only these videos: one or more video IDs, separated by commas',
			},
			{
				displayName: 'Video Name',
				name: 'videoName',
				type: 'string',
				default: '',
				description: 'Only videos with exactly this name',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const query = buildVideoQuery.call(this, itemIndex);
	return await listVideos.call(this, profile, query, getLimit.call(this, itemIndex), itemIndex);
}

/** Turns the node's filters into list_videos fields, rejecting bad input before any request. */
export function buildVideoQuery(this: IExecuteFunctions, itemIndex: number): VideoQuery {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query: VideoQuery = { unique_id: getUniqueId.call(this, itemIndex) };
	const invalid = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description, itemIndex });

	if (filters.status) {
		const status = String(filters.status).toUpperCase();
		if (!VIDEO_STATUSES.some((option) => option.value === status)) {
			throw invalid(
				`Status "${filters.status}" is not a Memories.ai status`,
				'Use PARSE, UNPARSE or FAILED.',
			);
		}
		query.status = status;
	}
	for (const [parameter, field] of [
		['videoName', 'video_name'],
		['tag', 'tag'],
		['cameraModel', 'camera_model'],
	] as const) {
		const value = String(filters[parameter] ?? '').trim();
		if (value) query[field] = value;
	}
	if (filters.videoNos !== undefined && filters.videoNos !== '') {
		query.video_nos = parseVideoIds.call(this, filters.videoNos, 'Video IDs', itemIndex);
	}
	if (filters.takenAfter) {
		const ms = new Date(String(filters.takenAfter)).getTime();
		if (Number.isNaN(ms))
			throw invalid(`Taken After "${filters.takenAfter}" is not a date`, 'Pick a date and time.');
		query.datetime_taken = ms;
	}
	const coordinates = (filters.location as IDataObject | undefined)?.coordinates as
		| IDataObject
		| undefined;
	if (coordinates) {
		const latitude = toCoordinate(coordinates.latitude);
		const longitude = toCoordinate(coordinates.longitude);
		if (latitude === undefined || longitude === undefined) {
			throw invalid(
				'Location needs both a latitude and a longitude',
				'Enter both numbers, or remove the Location filter.',
			);
		}
		if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
			throw invalid(
				'Location is outside the map',
				'Latitude must be between -90 and 90, longitude between -180 and 180.',
			);
		}
		query.latitude = latitude;
		query.longitude = longitude;
	}
	return query;
}

function toCoordinate(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}
