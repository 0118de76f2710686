import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import type { RequestPolicy } from '../shared/policy';
import { MemoriesAiTriggerV1 } from './v1/MemoriesAiTriggerV1.node';

export class MemoriesAiTrigger extends VersionedNodeType {
	/** `policy`: request-policy overrides for tests and benchmarks (n8n constructs nodes without arguments). */
	constructor(policy?: Partial<RequestPolicy>) {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Memories.ai Trigger',
			name: 'memoriesAiTrigger',
			// n8n resolves `file:` icons relative to this entry file, for every version.
			icon: { light: 'file:memoriesAiTrigger.svg', dark: 'file:memoriesAiTrigger.dark.svg' },
			group: ['trigger'],
			description: 'Starts the workflow when a Memories.ai video finishes processing or fails',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new MemoriesAiTriggerV1(baseDescription, policy),
		};
		super(nodeVersions, baseDescription);
	}
}
