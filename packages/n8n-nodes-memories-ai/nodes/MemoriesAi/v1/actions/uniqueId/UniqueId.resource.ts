import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['uniqueId'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the Unique IDs (namespaces) the account has uploaded videos under',
				action: 'Get many unique identifiers',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
