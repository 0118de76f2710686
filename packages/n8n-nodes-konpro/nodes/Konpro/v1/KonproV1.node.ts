import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	folderListSearch,
	folderOperationProperties,
	runFolderOperation,
} from '../../shared/folders';
import type { RequestPolicy } from '../../shared/policy';
import { withPolicy } from '../../shared/transport';
import { konproIcon } from '../icons';
import { konproProfile } from '../profile';

/** Operations, pickers and requests are shared with HeyGen (nodes/shared/folders). */
export class KonproV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Konpro',
		name: 'konpro',
		icon: konproIcon,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, list, rename, trash and restore Konpro folders',
		defaults: { name: 'Konpro' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'konproApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Folder', value: 'folder' }],
				default: 'folder',
			},
			...folderOperationProperties(),
		],
	};

	methods: INodeType['methods'];

	// n8n calls execute and the listSearch methods with its own context as `this`: the profile travels in closures.
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	constructor(policy?: Partial<RequestPolicy>) {
		const profile = withPolicy(konproProfile, policy);
		this.methods = { listSearch: folderListSearch(profile) };
		this.execute = async function (this: IExecuteFunctions) {
			return await runFolderOperation.call(this, profile);
		};
	}
}
