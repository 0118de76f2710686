/**
 * Each version builds its description in its constructor from the entry class's base description (as
 * n8n's Airtable v2 does), where n8n's lint rules that read a `description` class field (icon files,
 * subtitle, usableAsTool, the trigger group) no longer see it: what they checked is checked here, on
 * the descriptions n8n loads.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import type { INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';

import { HeyGen } from '../../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import { Konpro } from '../../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import { MemoriesAi } from '../../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node';
import { MemoriesAiTrigger } from '../../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAiTrigger.node';

const packages = join(__dirname, '../../../packages');

/** Each entry class, with the folder of its entry file: n8n resolves `file:` icons there. */
const nodes: Array<[string, IVersionedNodeType, string, 'action' | 'trigger']> = [
	[
		'Memories.ai',
		new MemoriesAi(),
		join(packages, 'n8n-nodes-memories-ai/nodes/MemoriesAi'),
		'action',
	],
	[
		'Memories.ai Trigger',
		new MemoriesAiTrigger(),
		join(packages, 'n8n-nodes-memories-ai/nodes/MemoriesAi'),
		'trigger',
	],
	['HeyGen', new HeyGen(), join(packages, 'n8n-nodes-heygen-folders/nodes/HeyGen'), 'action'],
	['Konpro', new Konpro(), join(packages, 'n8n-nodes-konpro/nodes/Konpro'), 'action'],
];

describe.each(nodes)('%s', (_name, node, folder, kind) => {
	const versions = Object.entries(node.nodeVersions).map(
		([version, type]) => [Number(version), type.description] as [number, INodeTypeDescription],
	);

	it.each(versions)(
		'version %s carries the base description and its own version number',
		(version, description) => {
			const { defaultVersion, ...base } = node.description;
			expect(description).toMatchObject(base);
			expect(description.defaultVersion).toBe(defaultVersion);
			expect(description.version).toBe(version);
		},
	);

	it.each(versions)(
		'version %s names a light and a dark icon, both files beside the entry file',
		(_version, description) => {
			const icon = description.icon as { light: string; dark: string };
			expect(icon.light).not.toBe(icon.dark);
			for (const file of [icon.light, icon.dark]) {
				expect(file).toMatch(/^file:[\w.-]+\.svg$/);
				expect(existsSync(join(folder, file.slice('file:'.length)))).toBe(true);
			}
		},
	);

	it.each(versions)(
		'version %s has a subtitle, and is a tool (action) or in the trigger group (trigger)',
		(_version, description) => {
			expect(description.subtitle).toMatch(/^=\{\{.+\}\}$/);
			if (kind === 'action') {
				expect(description.usableAsTool).toBe(true);
				expect(description.group).not.toContain('trigger');
			} else {
				expect(description.group).toEqual(['trigger']);
				expect(description.polling).toBe(true);
			}
		},
	);
});
