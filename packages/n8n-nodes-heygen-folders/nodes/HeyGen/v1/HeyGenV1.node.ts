import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
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
import { heyGenProfile } from '../profile';

/** Operations, pickers and requests are shared with Konpro (nodes/shared/folders). */
// icon-validation looks for `icon` in a `description` class field only; this version's description
// is built in the constructor from the entry class's base description, which names the icon.
// eslint-disable-next-line @n8n/community-nodes/icon-validation
export class HeyGenV1 implements INodeType {
	description: INodeTypeDescription;

	methods: INodeType['methods'];

	// n8n calls execute and the listSearch methods with its own context as `this`: the profile travels in closures.
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** `policy`: request-policy overrides for tests and benchmarks, handed on by the entry class. */
	constructor(baseDescription: INodeTypeBaseDescription, policy?: Partial<RequestPolicy>) {
		this.description = {
			...baseDescription,
			version: 1,
			subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
			defaults: { name: 'HeyGen' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			usableAsTool: true,
			credentials: [{ name: 'heyGenFoldersApi', required: true }],
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
		const profile = withPolicy(heyGenProfile, policy);
		this.methods = { listSearch: folderListSearch(profile) };
		this.execute = async function (this: IExecuteFunctions) {
			return await runFolderOperation.call(this, profile);
		};
	}
}
