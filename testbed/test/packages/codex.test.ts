/**
 * The editor's node panel must list every node. n8n 2.8's editor drops nodes whose codex categories
 * contain "AI" from every panel but the AI one (useViewStacks' filterOutAiNodes keeps only "AI" nodes
 * with the "Root Nodes" subcategory), so searching "Memories" found nothing while the category was
 * there. AI agents reach our nodes through the Tool variants n8n generates from `usableAsTool`, whose
 * codex n8n writes itself. So every codex file uses only categories n8n's own app nodes use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Categories of n8n 2.8.4's own app nodes (n8n-nodes-base codex files), less "Core Nodes" (n8n's built-ins). */
const APP_CATEGORIES = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

const PACKAGES = path.join(__dirname, '..', '..', '..', 'packages');
const codexFiles = readdirSync(PACKAGES).flatMap((pkg) => {
	const nodes = path.join(PACKAGES, pkg, 'nodes');
	return readdirSync(nodes, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.node.json'))
		.map((file) => path.join(nodes, file));
});

it('there is a codex file for each of the four nodes', () => {
	expect(codexFiles.map((file) => path.basename(file)).sort()).toEqual([
		'HeyGen.node.json',
		'Konpro.node.json',
		'MemoriesAi.node.json',
		'MemoriesAiTrigger.node.json',
	]);
});

it.each(codexFiles.map((file) => [path.relative(PACKAGES, file), file]))(
	'%s: categories the node panel lists, no AI subcategories',
	(_, file) => {
		const codex = JSON.parse(readFileSync(file, 'utf8')) as {
			categories: string[];
			subcategories?: Record<string, string[]>;
		};
		expect(codex.categories.length).toBeGreaterThan(0);
		for (const category of codex.categories) expect(APP_CATEGORIES).toContain(category);
		expect(codex.subcategories?.AI).toBeUndefined();
	},
);
