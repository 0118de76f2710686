/**
 * The Tool variant n8n generates from `usableAsTool` offers the node's operations to AI agents by
 * their names, actions and descriptions: each must say what it does and what it needs.
 */
import type { INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { MemoriesAi } from '../../../../../nodes/MemoriesAi/MemoriesAi.node';

const description = new MemoriesAi().nodeVersions[1].description as INodeTypeDescription;
const operations = description.properties
	.filter((property) => property.name === 'operation')
	.flatMap((property) =>
		(property.options as INodePropertyOptions[]).map((option) => ({
			resource: property.displayOptions?.show?.resource?.[0],
			...option,
		})),
	);

it('is usable as a tool', () => {
	expect(description.usableAsTool).toBe(true);
});

it('lists every operation of SPEC §7, the lifecycle ones included', () => {
	expect(operations.map((o) => `${String(o.resource)}.${String(o.value)}`).sort()).toEqual(
		[
			'chat.ask',
			'folder.getAll',
			'uniqueId.getAll',
			'video.delete',
			'video.download',
			'video.get',
			'video.getAll',
			'video.getSummary',
			'video.getTranscript',
			'video.search',
			'video.upload',
		].sort(),
	);
});

const LIFECYCLE = [
	'chat.ask',
	'uniqueId.getAll',
	'video.delete',
	'video.download',
	'video.getSummary',
	'video.getTranscript',
	'video.search',
	'video.upload',
];
const named = operations.map((o) => [`${String(o.resource)}.${String(o.value)}`, o] as const);

it.each(named.filter(([name]) => LIFECYCLE.includes(name)))(
	'%s has an action and a description an agent can act on',
	(_name, operation) => {
		expect(operation.action).toMatch(/^[A-Z][a-z]/);
		expect(String(operation.description).length).toBeGreaterThanOrEqual(40);
		expect(operation.description).toMatch(/ID|query|question|file|link/i);
	},
);
