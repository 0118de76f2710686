import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getAll from './getAll.operation';
import * as rename from './rename.operation';
import * as restore from './restore.operation';
import * as trash from './trash.operation';

export { create, getAll, rename, restore, trash };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['folder'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a folder',
				action: 'Create a folder',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List folders, optionally filtered',
				action: 'Get many folders',
			},
			{
				name: 'Rename',
				value: 'rename',
				description: 'Give a folder a new name',
				action: 'Rename a folder',
			},
			{
				name: 'Restore',
				value: 'restore',
				description: 'Take a folder back out of the trash',
				action: 'Restore a folder',
			},
			{
				name: 'Trash',
				value: 'trash',
				description: 'Move a folder to the trash',
				action: 'Trash a folder',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...create.description,
	...rename.description,
	...trash.description,
	...restore.description,
];
