import type { INodeTypeDescription } from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes } from 'n8n-workflow';

import type { FolderService } from '../service';
import * as folder from './folder/Folder.resource';

/** The node description of a folder service: one layout, the service's name, icon and credential. */
export function versionDescription(service: FolderService): INodeTypeDescription {
	return {
		displayName: service.name,
		name: service.nodeName,
		icon: { light: `file:${service.nodeName}.svg`, dark: `file:${service.nodeName}.dark.svg` },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: `Create, list, rename, trash and restore ${service.name} folders`,
		defaults: { name: service.name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: service.credentialType, required: true }],
		// A copy per node, so nothing done to one node's properties reaches the other's.
		properties: deepCopy([
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Folder', value: 'folder' }],
				default: 'folder',
			},
			...folder.description,
		]),
	};
}
