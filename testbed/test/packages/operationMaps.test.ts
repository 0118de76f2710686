/**
 * What the editor offers is what the router runs: for every node, the Resource and Operation options
 * of its description are exactly the keys of its typed operation map (tsc checks the map against the
 * node's operation names; this checks the description against the map).
 */
import type { INodePropertyOptions, IVersionedNodeType } from 'n8n-workflow';

import { HeyGen } from '../../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import { Konpro } from '../../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import { MemoriesAi } from '../../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node';
import { operations as memoriesAiOperations } from '../../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/v1/actions/router';
import { operations as folderOperations } from '../../../shared/src/folders/actions/router';

function offered(node: IVersionedNodeType): Record<string, string[]> {
	const { properties } = node.getNodeType(1).description;
	const values = (options: unknown) =>
		(options as INodePropertyOptions[]).map((option) => String(option.value)).sort();
	const resources = values(properties.find((property) => property.name === 'resource')?.options);
	return Object.fromEntries(
		resources.map((resource) => {
			const selector = properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes(resource),
			);
			return [resource, values(selector?.options)];
		}),
	);
}

const mapped = (map: Record<string, Record<string, unknown>>) =>
	Object.fromEntries(
		Object.entries(map).map(([resource, byOperation]) => [
			resource,
			Object.keys(byOperation).sort(),
		]),
	);

it.each([
	['Memories.ai', new MemoriesAi(), memoriesAiOperations],
	['HeyGen', new HeyGen(), folderOperations],
	['Konpro', new Konpro(), folderOperations],
] as const)(
	'%s: every resource and operation in the editor has an implementation, and nothing else does',
	(_, node, map) => {
		expect(offered(node)).toEqual(mapped(map));
	},
);
