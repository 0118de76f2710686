import type { INodeProperties } from 'n8n-workflow';

import * as deleteVideos from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getSummary from './getSummary.operation';
import * as getTranscript from './getTranscript.operation';
import * as search from './search.operation';
import * as upload from './upload.operation';

export { deleteVideos, download, get, getAll, getSummary, getTranscript, search, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Delete videos for good by their IDs; the output says which were deleted and which did not exist',
				action: 'Delete videos',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download the original video file by its ID into a binary field',
				action: 'Download a video',
			},
			{ name: 'Get', value: 'get', description: 'Get a video by its ID', action: 'Get a video' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List videos, optionally filtered',
				action: 'Get many videos',
			},
			{
				name: 'Get Summary',
				value: 'getSummary',
				description:
					'Get the summary of a processed video by its ID, as chapters (in order) or topics',
				action: 'Get a video summary',
			},
			{
				name: 'Get Transcript',
				value: 'getTranscript',
				description:
					'Get what is said (audio) or seen (visual) in a processed video by its ID, with times in seconds',
				action: 'Get a video transcript',
			},
			{
				name: 'Search',
				value: 'search',
				description:
					'Find the moments in the videos that match a plain-English query (by picture or by speech); one item per hit',
				action: 'Search videos',
			},
			{
				name: 'Upload',
				value: 'upload',
				description:
					'Add a video from a direct URL, an input file, or TikTok/YouTube/Instagram post links; returns its ID (video_no) and status',
				action: 'Upload a video',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...getTranscript.description,
	...getSummary.description,
	...download.description,
	...deleteVideos.description,
	...search.description,
	...upload.description,
];
