import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import type { RequestPolicy } from '../shared/policy';
import { MemoriesAiV1 } from './v1/MemoriesAiV1.node';

export class MemoriesAi extends VersionedNodeType {
	/** `policy`: request-policy overrides for tests and benchmarks (n8n constructs nodes without arguments). */
	constructor(policy?: Partial<RequestPolicy>) {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Memories.ai',
			name: 'memoriesAi',
			// n8n resolves `file:` icons relative to this entry file, for every version.
			icon: { light: 'file:memoriesAi.svg', dark: 'file:memoriesAi.dark.svg' },
			group: ['transform'],
			description:
				'Search, ask about, understand, download and delete Memories.ai videos; list videos, folders and Unique IDs',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new MemoriesAiV1(baseDescription, policy),
		};
		super(nodeVersions, baseDescription);
	}
}
