import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import type { RequestPolicy } from '../shared/policy';
import { FolderNodeV1 } from '../shared/folders';
import { heyGenProfile } from './profile';

export class HeyGen extends VersionedNodeType {
	/** `policy`: request-policy overrides for tests and benchmarks (n8n constructs nodes without arguments). */
	constructor(policy?: Partial<RequestPolicy>) {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'HeyGen',
			name: 'heyGen',
			// n8n resolves `file:` icons relative to this entry file, for every version.
			icon: { light: 'file:heyGen.svg', dark: 'file:heyGen.dark.svg' },
			group: ['transform'],
			description: 'Create, list, rename, trash and restore HeyGen folders',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new FolderNodeV1(baseDescription, heyGenProfile, policy),
		};
		super(nodeVersions, baseDescription);
	}
}
