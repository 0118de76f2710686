import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { folderListSearch, folderOperationProperties, runFolderOperation } from '../../shared/folders';
import type { RequestPolicy } from '../../shared/policy';
import { withPolicy } from '../../shared/transport';
import { heyGenProfile } from '../profile';

/** Operations, pickers and requests are shared with Konpro (nodes/shared/folders). */
const versionDescription: INodeTypeDescription = {
	displayName: 'HeyGen',
	name: 'heyGen',
	icon: { light: 'file:heyGen.svg', dark: 'file:heyGen.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Create, list, rename, trash and restore HeyGen folders',
	defaults: { name: 'HeyGen' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials: [{ name: 'heyGenApi', required: true }],
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

export class HeyGenV1 implements INodeType {
	description: INodeTypeDescription;

	methods: INodeType['methods'];

	// n8n calls execute and the listSearch methods with its own context as `this`: the profile travels in closures.
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	constructor(baseDescription: INodeTypeBaseDescription, policy?: Partial<RequestPolicy>) {
		this.description = { ...baseDescription, ...versionDescription };
		const profile = withPolicy(heyGenProfile, policy);
		this.methods = { listSearch: folderListSearch(profile) };
		this.execute = async function (this: IExecuteFunctions) {
			return await runFolderOperation.call(this, profile);
		};
	}
}
