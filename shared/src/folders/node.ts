import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes } from 'n8n-workflow';

import { REQUEST_OPTIONS, type RequestPolicy } from '../policy';
import { withPolicy } from '../transport';
import * as folder from './actions/folder/Folder.resource';
import { router as runFolderOperation } from './actions/router';
import { folderListSearch } from './methods/listSearch';
import type { FolderServiceProfile } from './profile';

/**
 * The Operation selector, every operation's fields and the Request Options, a fresh copy per node
 * (n8n may add options to them).
 */
function folderOperationProperties(): INodeProperties[] {
	return deepCopy([...folder.description, REQUEST_OPTIONS]);
}

/**
 * Version 1 of a folder service's node (HeyGen, Konpro): the entry class's base description (name,
 * icon, description) spread as Airtable v2 does, one Folder resource with the shared operations and
 * pickers, every request through the service's profile. Only the entry class differs per service.
 */
export class FolderNodeV1 implements INodeType {
	description: INodeTypeDescription;

	methods: INodeType['methods'];

	// n8n calls execute and the listSearch methods with its own context as `this`: the profile travels in closures.
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** `policy`: request-policy overrides for tests and benchmarks, handed on by the entry class. */
	constructor(
		baseDescription: INodeTypeBaseDescription,
		service: FolderServiceProfile,
		policy?: Partial<RequestPolicy>,
	) {
		this.description = {
			...baseDescription,
			version: 1,
			subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
			defaults: { name: baseDescription.displayName },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			usableAsTool: true,
			credentials: [{ name: service.credentialType, required: true }],
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
		const profile = withPolicy(service, policy);
		this.methods = { listSearch: folderListSearch(profile) };
		this.execute = async function (this: IExecuteFunctions) {
			return await runFolderOperation.call(this, profile);
		};
	}
}
