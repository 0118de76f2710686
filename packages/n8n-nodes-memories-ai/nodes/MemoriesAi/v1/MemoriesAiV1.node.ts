import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { REQUEST_OPTIONS, type RequestPolicy } from '../../shared/policy';
import { withPolicy } from '../../shared/transport';
import * as chat from './actions/chat/Chat.resource';
import * as folder from './actions/folder/Folder.resource';
import * as uniqueId from './actions/uniqueId/UniqueId.resource';
import { router } from './actions/router';
import * as video from './actions/video/Video.resource';
import { memoriesAiListSearch } from './methods/listSearch';
import { memoriesAiProfile } from './transport';

// icon-validation looks for `icon` in a `description` class field only; this version's description
// is built in the constructor from the entry class's base description, which names the icon.
// eslint-disable-next-line @n8n/community-nodes/icon-validation
export class MemoriesAiV1 implements INodeType {
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
			defaults: { name: 'Memories.ai' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			usableAsTool: true,
			credentials: [{ name: 'memoriesAiApi', required: true }],
			properties: [
				{
					displayName: 'Resource',
					name: 'resource',
					type: 'options',
					noDataExpression: true,
					options: [
						{ name: 'Chat', value: 'chat' },
						{ name: 'Folder', value: 'folder' },
						{ name: 'Unique ID', value: 'uniqueId' },
						{ name: 'Video', value: 'video' },
					],
					default: 'video',
				},
				...video.description,
				...folder.description,
				...uniqueId.description,
				...chat.description,
				REQUEST_OPTIONS,
			],
		};
		const profile = withPolicy(memoriesAiProfile, policy);
		this.methods = { listSearch: memoriesAiListSearch(profile) };
		this.execute = async function (this: IExecuteFunctions) {
			return await router.call(this, profile);
		};
	}
}
