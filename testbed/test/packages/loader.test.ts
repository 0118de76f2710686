/**
 * The workspace packages as n8n's loader sees them. n8n reads each package.json's `n8n` section and,
 * for every file listed there, requires it and instantiates the class named like the file
 * (`dist/nodes/HeyGen/HeyGen.node.js` → `HeyGen`; n8n-core DirectoryLoader.loadClass); a node's
 * codex is the `.json` beside it. Credential type names share one namespace across all installed
 * packages (the last one loaded wins), so ours must be unique, and not HeyGen's official ones.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

const ROOT = path.join(__dirname, '..', '..', '..');
const PACKAGES = path.join(ROOT, 'packages');
const ESLINT_TEMPLATE = path.join(
	ROOT,
	'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
);
/** The credential types of @heygenofficial/n8n-nodes-heygen-official. */
const OFFICIAL_HEYGEN_CREDENTIALS = ['heyGenApi', 'heyGenOAuth2Api'];

interface Package {
	name: string;
	dir: string;
	json: {
		name: string;
		repository?: { directory?: string };
		dependencies?: object;
		peerDependencies?: Record<string, string>;
		n8n: { strict?: boolean; nodes: string[]; credentials: string[] };
	};
	/** each node's type (`<package>.<node>`), the credential types its versions use, its codex's "node" */
	nodes: Array<{ type: string; credentials: string[]; codexNode: unknown }>;
	credentials: string[];
}

const read = (file: string) => fs.readFileSync(file, 'utf8');

/**
 * The class a listed file exports, instantiated as n8n does. n8n requires the built `dist/x.js`;
 * here the source `x.ts` is loaded instead (ts-jest compiles it), so no build is needed.
 */
async function instantiate<T>(dir: string, listed: string): Promise<T> {
	const source = path.join(dir, listed.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = path.basename(listed).split('.')[0];
	const exported = (await import(source)) as Record<string, new () => T>;
	return new exported[className]();
}

async function load(name: string): Promise<Package> {
	const dir = path.join(PACKAGES, name);
	const json = JSON.parse(read(path.join(dir, 'package.json'))) as Package['json'];
	const nodes = [];
	for (const file of json.n8n.nodes) {
		const node = await instantiate<INodeType | IVersionedNodeType>(dir, file);
		// A versioned node's credentials are those of its versions (n8n getCredentialsForNode).
		const versions = 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
		const codex = path.join(dir, file.replace(/^dist\//, '').replace(/\.js$/, '.json'));
		nodes.push({
			type: `${json.name}.${node.description.name}`,
			credentials: [
				...new Set(versions.flatMap((v) => v.description.credentials ?? []).map((c) => c.name)),
			],
			codexNode: (JSON.parse(read(codex)) as { node?: unknown }).node,
		});
	}
	const credentials = [];
	for (const file of json.n8n.credentials)
		credentials.push((await instantiate<ICredentialType>(dir, file)).name);
	return { name, dir, json, nodes, credentials };
}

/** Credential type names (`'…Api'` string literals) the .ts files under `dirs` mention; nodes/shared is shared/src, left out. */
function credentialNamesIn(dirs: string[]): string[] {
	const files = dirs.flatMap((dir) =>
		fs
			.readdirSync(dir, { recursive: true, encoding: 'utf8' })
			.filter((f) => f.endsWith('.ts') && !f.startsWith('shared'))
			.map((f) => path.join(dir, f)),
	);
	const names = files.flatMap((f) =>
		[...read(f).matchAll(/['"`]([a-z]\w*Api)['"`]/g)].map((m) => m[1]),
	);
	return [...new Set(names)];
}

let packages: Package[];

beforeAll(async () => {
	const names = fs
		.readdirSync(PACKAGES)
		.filter((n) => fs.existsSync(path.join(PACKAGES, n, 'package.json')));
	packages = await Promise.all(names.map(load));
});

it('the three packages hold exactly four nodes and three credential types', () => {
	expect(packages.map((p) => p.name).sort()).toEqual([
		'n8n-nodes-heygen-folders',
		'n8n-nodes-konpro',
		'n8n-nodes-memories-ai',
	]);
	expect(packages.flatMap((p) => p.nodes.map((n) => n.type)).sort()).toEqual([
		'n8n-nodes-heygen-folders.heyGen',
		'n8n-nodes-konpro.konpro',
		'n8n-nodes-memories-ai.memoriesAi',
		'n8n-nodes-memories-ai.memoriesAiTrigger',
	]);
	expect(packages.flatMap((p) => p.credentials).sort()).toEqual([
		'heyGenFoldersApi',
		'konproApi',
		'memoriesAiApi',
	]);
});

it("no credential type name is HeyGen's official one or shared between packages", () => {
	const all = packages.flatMap((p) => p.credentials);
	expect(new Set(all).size).toBe(all.length);
	for (const name of OFFICIAL_HEYGEN_CREDENTIALS) expect(all).not.toContain(name);
});

it('the shared code names no credential type (each package passes its own)', () => {
	expect(credentialNamesIn([path.join(ROOT, 'shared', 'src')])).toEqual([]);
});

describe.each(['n8n-nodes-heygen-folders', 'n8n-nodes-konpro', 'n8n-nodes-memories-ai'])(
	'%s',
	(name) => {
		const pkg = () => packages.find((p) => p.name === name)!;

		it('is one service: one credential type, used by every node and the only one its source names', () => {
			const { credentials, nodes, dir } = pkg();
			expect(credentials).toHaveLength(1);
			for (const node of nodes) expect(node.credentials).toEqual(credentials);
			expect(credentialNamesIn([`${dir}/credentials`, `${dir}/nodes`])).toEqual(credentials);
		});

		it('names each node `<package>.<node>` in its codex', () => {
			for (const node of pkg().nodes) expect(node.codexNode).toBe(node.type);
		});

		it('package.json: its folder, no dependencies, n8n-workflow as peer, strict', () => {
			const { json } = pkg();
			expect(json.repository?.directory).toBe(`packages/${name}`);
			expect(json.dependencies).toBeUndefined();
			expect(json.peerDependencies).toHaveProperty('n8n-workflow');
			expect(json.n8n.strict).toBe(true);
		});

		it("eslint.config.mjs is n8n's template", () => {
			expect(read(path.join(pkg().dir, 'eslint.config.mjs'))).toBe(read(ESLINT_TEMPLATE));
		});
	},
);
