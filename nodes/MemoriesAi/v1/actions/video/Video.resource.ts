import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a video by its ID', action: 'Get a video' },
			{ name: 'Get Many', value: 'getAll', description: 'List videos, optionally filtered', action: 'Get many videos' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
];
