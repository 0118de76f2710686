/**
 * Every form a node shows (one per Resource and Operation) labels each field once: two fields with
 * one display name in one form (Video → Upload had the operation's "Options" and the request-level
 * "Options") cannot be told apart by the user, nor by an agent reading the Tool's parameters.
 */
import type {
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
	IVersionedNodeType,
} from 'n8n-workflow';

import { HeyGen } from '../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import { Konpro } from '../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import { MemoriesAi } from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node';
import { MemoriesAiTrigger } from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAiTrigger.node';

type Form = Record<string, string>;

const valuesOf = (property: INodeProperties | undefined) =>
	((property?.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));

/** Whether `property` is shown in `form` as far as the form's fields decide (its `show` on them). */
function shownIn(property: INodeProperties, form: Form): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(form).every(
		([field, value]) => show[field] === undefined || show[field]!.map(String).includes(value),
	);
}

/** Whether two fields can be shown at once: wherever both depend on one field, on some common value. */
function shownTogether(a: INodeProperties, b: INodeProperties): boolean {
	const showA = a.displayOptions?.show ?? {};
	const showB = b.displayOptions?.show ?? {};
	return Object.keys(showA).every((field) => {
		const other = showB[field];
		return other === undefined || showA[field]!.some((value) => other.includes(value));
	});
}

/** Every Resource × Operation form of a description; one form for a node without them (a trigger). */
function formsOf(description: INodeTypeDescription): Form[] {
	const { properties } = description;
	const resources = valuesOf(properties.find((p) => p.name === 'resource'));
	if (resources.length === 0) return [{}];
	return resources.flatMap((resource) =>
		properties
			.filter((p) => p.name === 'operation' && shownIn(p, { resource }))
			.flatMap(valuesOf)
			.map((operation) => ({ resource, operation })),
	);
}

/** "Options" twice in video/upload: the labels that appear on more than one field of a form. */
function repeatedLabels(description: INodeTypeDescription): string[] {
	return formsOf(description).flatMap((form) => {
		const shown = description.properties.filter((p) => shownIn(p, form));
		return shown
			.filter((p, i) =>
				shown.slice(i + 1).some((q) => q.displayName === p.displayName && shownTogether(p, q)),
			)
			.map((p) => `${Object.values(form).join('/') || 'the form'}: "${p.displayName}"`);
	});
}

const nodes: Array<[string, IVersionedNodeType]> = [
	['Memories.ai', new MemoriesAi()],
	['Memories.ai Trigger', new MemoriesAiTrigger()],
	['HeyGen', new HeyGen()],
	['Konpro', new Konpro()],
];

describe.each(nodes)('%s', (_name, node) => {
	const versions = Object.entries(node.nodeVersions);

	it.each(versions)('version %s: no form shows two fields with one label', (_version, type) => {
		expect(repeatedLabels(type.description)).toEqual([]);
	});
});

it('the check finds two fields with one label in one form, and none in different forms', () => {
	const field = (displayName: string, name: string, operation: string[]): INodeProperties => ({
		displayName,
		name,
		type: 'collection',
		default: {},
		displayOptions: { show: { resource: ['video'], operation } },
	});
	const description = {
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				default: 'video',
				options: [{ name: 'Video', value: 'video' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				default: 'get',
				displayOptions: { show: { resource: ['video'] } },
				options: [
					{ name: 'Get', value: 'get' },
					{ name: 'Upload', value: 'upload' },
				],
			},
			field('Options', 'options', ['upload']),
			field('Video ID', 'videoNo', ['get']),
			field('Video ID', 'url', ['upload']),
			{ displayName: 'Options', name: 'requestOptions', type: 'collection', default: {} },
		],
	} as unknown as INodeTypeDescription;
	expect(repeatedLabels(description)).toEqual(['video/upload: "Options"']);
});
