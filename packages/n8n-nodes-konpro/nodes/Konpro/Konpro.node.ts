import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import type { RequestPolicy } from '../shared/policy';
import { konproIcon } from './icons';
import { KonproV1 } from './v1/KonproV1.node';

export class Konpro extends VersionedNodeType {
	/** `policy`: request-policy overrides for tests and benchmarks (n8n constructs nodes without arguments). */
	constructor(policy?: Partial<RequestPolicy>) {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Konpro',
			name: 'konpro',
			icon: konproIcon,
			group: ['transform'],
			description: 'Create, list, rename, trash and restore Konpro folders',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new KonproV1(baseDescription, policy),
		};
		super(nodeVersions, baseDescription);
	}
}
