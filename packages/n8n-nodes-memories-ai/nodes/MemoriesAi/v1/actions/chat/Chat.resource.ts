import type { INodeProperties } from 'n8n-workflow';

import * as ask from './ask.operation';

export { ask };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Ask',
				value: 'ask',
				description:
					'Ask a question about one or more processed videos by their IDs; returns the answer, the moments it is based on and a session ID to continue',
				action: 'Ask about videos',
			},
		],
		default: 'ask',
	},
	...ask.description,
];
