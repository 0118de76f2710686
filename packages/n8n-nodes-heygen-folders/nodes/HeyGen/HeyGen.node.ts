import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import type { RequestPolicy } from '../shared/policy';
import { heyGenIcon } from './icons';
import { HeyGenV1 } from './v1/HeyGenV1.node';

export class HeyGen extends VersionedNodeType {
	/** `policy`: request-policy overrides for tests and benchmarks (n8n constructs nodes without arguments). */
	constructor(policy?: Partial<RequestPolicy>) {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'HeyGen',
			name: 'heyGen',
			icon: heyGenIcon,
			group: ['transform'],
			description: 'Create, list, rename, trash and restore HeyGen folders',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new HeyGenV1(baseDescription, policy),
		};
		super(nodeVersions, baseDescription);
	}
}
