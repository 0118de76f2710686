/**
 * The HeyGen and Konpro nodes run one description and one execution path; this suite runs every
 * behaviour once per service, through n8n-core's real execution contexts against the mock API.
 */

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { HeyGen } from '../../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import heyGenCodex from '../../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node.json';
import { Konpro } from '../../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import konproCodex from '../../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node.json';
import { DEFAULT_REQUEST_POLICY } from '../../src/policy';
import { executeNode, listSearch, logText, TEST_POLICY } from '../../../testbed/harness';
import { byId, CREDENTIAL_TYPE, folderTestBed, fromList, type NodeError } from './folderTestBed';

const services = [
	{
		service: 'heyGen',
		label: 'HeyGen',
		node: new HeyGen(TEST_POLICY),
		codex: heyGenCodex,
		pkg: 'n8n-nodes-heygen-folders',
	},
	{
		service: 'konpro',
		label: 'Konpro',
		node: new Konpro(TEST_POLICY),
		codex: konproCodex,
		pkg: 'n8n-nodes-konpro',
	},
] as const;

const getAll = { resource: 'folder', operation: 'getAll' };

describe.each(services)('$label folder node', ({ service, label, node, codex, pkg }) => {
	const bed = folderTestBed(service, node);
	const { run, failure, dataset, live, lists, credentials } = bed;
	const credentialType = CREDENTIAL_TYPE[service];

	describe('description', () => {
		const description = node.getNodeType().description;
		const property = (name: string, operation: string) =>
			description.properties.find(
				(p) => p.name === name && p.displayOptions?.show?.operation?.includes(operation),
			);
		const option = (collection: INodeProperties | undefined, name: string) =>
			(collection?.options as INodeProperties[] | undefined)?.find((o) => o.name === name);

		it('is the service node with its credential, usable as a tool, subtitle showing the operation', () => {
			expect(description).toMatchObject({
				name: service,
				displayName: label,
				usableAsTool: true,
				credentials: [{ name: credentialType, required: true }],
				icon: { light: `file:${service}.svg`, dark: `file:${service}.dark.svg` },
			});
			expect(description.subtitle).toContain('$parameter["operation"]');
			const operations = description.properties.find((p) => p.name === 'operation')
				?.options as INodePropertyOptions[];
			expect(operations.map((o) => o.value).sort()).toEqual([
				'create',
				'getAll',
				'rename',
				'restore',
				'trash',
			]);
		});

		it('uses the parameter names saved workflows depend on (test/nodes/saved-workflows)', () => {
			expect(property('returnAll', 'getAll')?.default).toBe(false);
			expect(property('limit', 'getAll')?.default).toBe(50);
			const filters = property('filters', 'getAll');
			expect((filters?.options as INodeProperties[]).map((o) => o.name).sort()).toEqual([
				'isTrash',
				'nameFilter',
				'parentId',
			]);
			expect(property('name', 'create')?.required).toBe(true);
			expect(property('name', 'rename')?.required).toBe(true);
			const additional = property('additionalFields', 'create');
			expect((additional?.options as INodeProperties[]).map((o) => o.name).sort()).toEqual([
				'parentId',
				'projectType',
			]);
			expect(
				(option(additional, 'projectType')?.options as INodePropertyOptions[])
					.map((o) => o.value)
					.sort(),
			).toEqual(['asset', 'brand_kit', 'instant_avatar', 'mixed', 'video', 'video_translate']);
		});

		it('makes every folder picker a resource locator: searchable list or ID', () => {
			const pickers = [
				...['rename', 'trash', 'restore'].map((operation) => property('folderId', operation)),
				option(property('filters', 'getAll'), 'parentId'),
				option(property('additionalFields', 'create'), 'parentId'),
			];
			for (const picker of pickers) {
				expect(picker?.type).toBe('resourceLocator');
				expect(picker?.modes?.map((m) => [m.name, m.type])).toEqual([
					['list', 'list'],
					['id', 'string'],
				]);
				const method = picker?.modes?.[0].typeOptions?.searchListMethod;
				expect(picker?.modes?.[0].typeOptions?.searchable).toBe(true);
				expect(typeof node.getNodeType().methods?.listSearch?.[method as string]).toBe('function');
			}
			expect(property('folderId', 'restore')?.modes?.[0].typeOptions?.searchListMethod).toBe(
				'searchTrashedFolders',
			);
		});

		it('has a codex file naming the node, its aliases and docs', () => {
			expect(codex).toMatchObject({
				node: `${pkg}.${service}`,
				alias: ['avatar', 'folder', 'video'],
			});
			expect(JSON.stringify(codex.resources)).toContain(`packages/${pkg}#${service.toLowerCase()}`);
		});
	});

	describe('Get Many', () => {
		it('Return All over 250 folders makes exactly 3 list requests of up to 100 and returns every live folder in order', async () => {
			const out = await run({ ...getAll, returnAll: true });
			expect(out.map((i) => i.json.id)).toEqual(live().map((f) => f.id));
			expect(live().length).toBeGreaterThan(200);
			expect(lists()).toHaveLength(3);
			expect(lists().map((r) => r.query.limit)).toEqual(['100', '100', '100']);
			expect(lists()[0].query.token).toBeUndefined();
			expect(lists()[1].query.token).toEqual(expect.any(String));
			expect(lists()[2].query.token).not.toBe(lists()[1].query.token);
		});

		it('Limit 120 makes 2 requests, asking for 100 then 20', async () => {
			const out = await run({ ...getAll, limit: 120 });
			expect(out).toHaveLength(120);
			expect(out.map((i) => i.json.id)).toEqual(
				live()
					.slice(0, 120)
					.map((f) => f.id),
			);
			expect(lists().map((r) => r.query.limit)).toEqual(['100', '20']);
		});

		it('stops as soon as the Limit is reached (Limit 100: one request)', async () => {
			expect(await run({ ...getAll, limit: 100 })).toHaveLength(100);
			expect(lists().map((r) => r.query.limit)).toEqual(['100']);
		});

		it('the default Limit is 50', async () => {
			expect(await run(getAll)).toHaveLength(50);
			expect(lists().map((r) => r.query.limit)).toEqual(['50']);
		});

		it('a server that repeats a page token gets a clear error, not an endless loop', async () => {
			bed.mock[service].repeatToken = true;
			const error = await failure({ ...getAll, returnAll: true });
			expect(error.message).toMatch(/same page token twice/);
			expect(lists()).toHaveLength(2);
		});

		it('sends every filter in the API names', async () => {
			const parent = live().find((f) => live().some((child) => child.parent_id === f.id))!;
			await run({
				...getAll,
				limit: 5,
				filters: { parentId: fromList(parent.id), nameFilter: ' Market ', isTrash: true },
			});
			expect(lists()[0].query).toEqual({
				limit: '5',
				parent_id: parent.id,
				name_filter: 'Market',
				is_trash: 'true',
			});

			bed.mock.resetCounters();
			const children = await run({
				...getAll,
				returnAll: true,
				filters: { parentId: byId(parent.id), isTrash: false },
			});
			expect(lists()[0].query).toEqual({ limit: '100', parent_id: parent.id, is_trash: 'false' });
			expect(children.length).toBeGreaterThan(0);
			expect(children.map((i) => i.json.id)).toEqual(
				live()
					.filter((f) => f.parent_id === parent.id)
					.map((f) => f.id),
			);

			bed.mock.resetCounters();
			const named = await run({ ...getAll, returnAll: true, filters: { nameFilter: 'training' } });
			expect(lists()[0].query).toEqual({ limit: '100', name_filter: 'training' });
			expect(named.length).toBeGreaterThan(0);
			expect(named.every((i) => String(i.json.name).toLowerCase().includes('training'))).toBe(true);
		});
	});

	describe('Create, Rename, Trash, Restore', () => {
		it('round trip: create → rename → trash → listed In Trash → restore', async () => {
			const parent = live()[3];
			const created = await run({
				resource: 'folder',
				operation: 'create',
				name: ' Launch videos ',
				additionalFields: { parentId: fromList(parent.id), projectType: 'video_translate' },
			});
			expect(bed.mock.requests[0]).toMatchObject({
				method: 'POST',
				path: '/v1/folders/create',
				body: { name: 'Launch videos', parent_id: parent.id, project_type: 'video_translate' },
			});
			expect(created).toHaveLength(1);
			const id = created[0].json.id as string;
			expect(created[0].json).toMatchObject({
				name: 'Launch videos',
				parent_id: parent.id,
				is_trash: false,
			});
			expect(bed.mock[service].get(id)).toBeDefined();

			const renamed = await run({
				resource: 'folder',
				operation: 'rename',
				folderId: fromList(id),
				name: 'Launch 2025',
			});
			expect(renamed.map((i) => i.json)).toEqual([
				expect.objectContaining({ id, name: 'Launch 2025' }),
			]);
			expect(bed.mock.requests[1]).toMatchObject({
				method: 'POST',
				path: `/v1/folders/${id}`,
				body: { name: 'Launch 2025' },
			});

			const trashed = await run({ resource: 'folder', operation: 'trash', folderId: byId(id) });
			expect(trashed.map((i) => i.json)).toEqual([{ success: true, id }]);
			expect(bed.mock.requests[2]).toMatchObject({
				method: 'POST',
				path: `/v1/folders/${id}/trash`,
			});
			expect(bed.mock[service].get(id)?.is_trash).toBe(true);

			const inTrash = await run({
				...getAll,
				returnAll: true,
				filters: { isTrash: true, nameFilter: 'Launch 2025' },
			});
			expect(inTrash.map((i) => i.json.id)).toEqual([id]);
			expect(
				(await run({ ...getAll, returnAll: true, filters: { nameFilter: 'Launch 2025' } })).length,
			).toBe(0);

			const restored = await run({
				resource: 'folder',
				operation: 'restore',
				folderId: fromList(id),
			});
			expect(restored.map((i) => i.json)).toEqual([{ success: true, id }]);
			expect(bed.mock.requests.at(-1)).toMatchObject({
				method: 'POST',
				path: `/v1/folders/${id}/restore`,
			});
			expect(bed.mock[service].get(id)?.is_trash).toBe(false);
		});

		it('create sends only the fields that are set', async () => {
			const created = await run({ resource: 'folder', operation: 'create', name: 'Plain' });
			expect(bed.mock.requests[0].body).toEqual({ name: 'Plain' });
			expect(created[0].json).toMatchObject({ name: 'Plain', parent_id: null });
		});

		it('URL-encodes the folder ID into the path', async () => {
			const error = await failure({
				resource: 'folder',
				operation: 'trash',
				folderId: byId('a%b c?d#e'),
			});
			expect(bed.mock.requests.map((r) => r.path)).toEqual(['/v1/folders/a%25b%20c%3Fd%23e/trash']);
			expect(error.message).toBe(`${label} could not find what was requested`);
		});

		it('accepts a folder ID given as a plain string (expression or older workflow)', async () => {
			const target = live()[0];
			const out = await run({
				resource: 'folder',
				operation: 'rename',
				folderId: target.id,
				name: target.name,
			});
			expect(out[0].json.id).toBe(target.id);
		});
	});

	describe('input validation, before any request', () => {
		it.each([
			['an empty name', { operation: 'create', name: '' }, 'Name is empty'],
			['a name of spaces', { operation: 'create', name: '   ' }, 'Name is empty'],
			[
				'an empty new name',
				{ operation: 'rename', folderId: byId('x1'), name: ' ' },
				'New Name is empty',
			],
			[
				'no folder to rename',
				{ operation: 'rename', folderId: fromList(''), name: 'New' },
				'No folder is selected',
			],
			['no folder to trash', { operation: 'trash', folderId: byId('  ') }, 'No folder is selected'],
			['no folder to restore', { operation: 'restore' }, 'No folder is selected'],
			[
				'Limit 0',
				{ operation: 'getAll', limit: 0 },
				'Limit must be a whole number of 1 or more, not 0',
			],
			[
				'a negative Limit',
				{ operation: 'getAll', limit: -5 },
				'Limit must be a whole number of 1 or more, not -5',
			],
		])('rejects %s', async (_case, parameters, message) => {
			const error = await failure({ resource: 'folder', ...parameters });
			expect(error.message).toBe(message);
			expect(error.context?.itemIndex).toBe(0);
			expect(bed.mock.requests).toHaveLength(0);
		});
	});

	describe('errors in plain language', () => {
		it('401: the API key is rejected', async () => {
			const error = await failure({ ...getAll, limit: 1 }, 'wrong-key-0123456789');
			expect(error.message).toBe(`${label} rejected the API key`);
			expect(error.description).toBe(
				`${label} said: "Invalid API key" (code unauthorized, HTTP 401)`,
			);
			expect(lists()).toHaveLength(1);
		});

		it('403: access refused', async () => {
			bed.mock.fault({ service, type: 'http', status: 403 });
			const error = await failure({ ...getAll, limit: 1 });
			expect(error.message).toBe(`${label} refused access: the API key is not allowed to do this`);
			expect(error.description).toContain('code forbidden, HTTP 403');
			expect(lists()).toHaveLength(1);
		});

		it('404: the folder does not exist', async () => {
			const error = await failure({
				resource: 'folder',
				operation: 'rename',
				folderId: byId('no-such-folder'),
				name: 'X',
			});
			expect(error.message).toBe(`${label} could not find what was requested`);
			expect(error.description).toBe(
				`${label} said: "Folder no-such-folder not found" (code not_found, HTTP 404)`,
			);
		});

		it('400: a parameter the service does not accept', async () => {
			bed.mock.fault({ service, type: 'http', status: 400 });
			const error = await failure({ resource: 'folder', operation: 'create', name: 'X' });
			expect(error.message).toBe(`${label} did not accept the request: a parameter is invalid`);
			expect(error.description).toContain('code invalid_parameter, HTTP 400');
		});

		it('429 with Retry-After is waited out, then the request succeeds', async () => {
			bed.mock.fault({ service, type: 'http', status: 429, retryAfter: 1 });
			const out = await run({ ...getAll, limit: 3 });
			expect(out).toHaveLength(3);
			expect(lists().map((r) => r.status)).toEqual([429, 200]);
			expect(lists()[1].at - lists()[0].at).toBeGreaterThanOrEqual(950);
		});

		it('429 that does not go away ends in a plain message after the retries', async () => {
			bed.mock.fault({ service, type: 'http', status: 429, retryAfter: 0, times: Infinity });
			const error = await failure({ ...getAll, limit: 3 });
			expect(error.message).toBe(
				`${label} is limiting how fast requests can be made, and kept doing so after several retries`,
			);
			expect(error.description).toContain('code rate_limit_exceeded, HTTP 429');
			expect(lists()).toHaveLength(DEFAULT_REQUEST_POLICY.maxRetries + 1);
		});

		it('with Continue On Fail, each failing item becomes an error item paired with its input', async () => {
			const target = live()[1];
			const items = [
				{ json: { id: target.id, name: 'One' } },
				{ json: { id: 'missing', name: 'Two' } },
				{ json: { id: target.id, name: '' } },
				{ json: { id: target.id, name: target.name } },
			];
			const out = await run(
				{
					resource: 'folder',
					operation: 'rename',
					folderId: byId('={{ $json.id }}'),
					name: '={{ $json.name }}',
				},
				{ items, continueOnFail: true },
			);
			expect(out.map((i) => i.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
			]);
			expect(out[0].json).toMatchObject({ id: target.id, name: 'One' });
			expect(out[1].json).toEqual({
				error: `${label} could not find what was requested`,
				description: `${label} said: "Folder missing not found" (code not_found, HTTP 404)`,
			});
			expect(out[2].json).toEqual({
				error: 'New Name is empty',
				description: 'Enter a value for New Name.',
			});
			expect(out[3].json).toMatchObject({ id: target.id, name: target.name });
			expect(bed.mock.requests).toHaveLength(3);
		});

		it('without Continue On Fail, the error names the failing item', async () => {
			const id = live()[5].id;
			const error = (await executeNode(node, {
				parameters: { resource: 'folder', operation: 'trash', folderId: byId('={{ $json.id }}') },
				credentials: credentials(),
				items: [{ json: { id } }, { json: { id: 'gone' } }],
			}).catch((e: unknown) => e)) as NodeError;
			expect(error.message).toBe(`${label} could not find what was requested`);
			expect(error.context?.itemIndex).toBe(1);
			expect(bed.mock[service].get(id)?.is_trash).toBe(true);
			await run({ resource: 'folder', operation: 'restore', folderId: byId(id) });
		});
	});

	describe('secrets', () => {
		it('the API key is in no error, output or log', async () => {
			const key = bed.mock.keys[service];
			const seen: string[] = [];
			const record = (error: NodeError) =>
				seen.push(
					JSON.stringify(error),
					String(error.message),
					String(error.description),
					String(error.stack),
				);
			const before = logText().length;
			seen.push(JSON.stringify(await run({ ...getAll, limit: 2 })));
			for (const status of [400, 401, 403, 404, 500] as const) {
				bed.mock.clearFaults();
				bed.mock.fault({
					service,
					type: 'http',
					status,
					times: 20,
					body: { error: { code: 'echo', message: `key ${key}` } },
				});
				record(await failure({ ...getAll, limit: 2 }));
			}
			bed.mock.clearFaults();
			bed.mock.fault({ service, type: 'malformed', body: `not json ${key}` });
			record(await failure({ resource: 'folder', operation: 'create', name: 'X' }));
			bed.mock.fault({ service, type: 'reset', times: 20 });
			record(await failure({ ...getAll, limit: 2 }));
			bed.mock.clearFaults();
			const wrongKey = `${key}-wrong`;
			const badKey = await run(
				{ resource: 'folder', operation: 'trash', folderId: byId('x') },
				{ apiKey: wrongKey, continueOnFail: true },
			);
			seen.push(JSON.stringify(badKey));
			record(await failure({ ...getAll }, wrongKey));
			const text = seen.join('\n') + logText().slice(before);
			expect(text).not.toContain(key);
			expect(text).toContain('***');
			expect(seen.join('\n')).toContain(`${label} rejected the API key`);
		});
	});

	describe('listSearch (folder pickers)', () => {
		const search = async (method: string, filter?: string, paginationToken?: string) =>
			await listSearch(node, method, {
				parameters: { resource: 'folder', operation: 'rename' },
				credentials: credentials(),
				filter,
				paginationToken,
			});

		it('pages through the folders 100 at a time, passing the token through', async () => {
			const first = await search('searchFolders');
			expect(first.results).toHaveLength(100);
			expect(first.results[0]).toEqual({ name: live()[0].name, value: live()[0].id });
			expect(first.paginationToken).toEqual(expect.any(String));
			const second = await search('searchFolders', undefined, first.paginationToken as string);
			const third = await search('searchFolders', undefined, second.paginationToken as string);
			expect(lists().map((r) => [r.query.limit, r.query.token])).toEqual([
				['100', undefined],
				['100', first.paginationToken],
				['100', second.paginationToken],
			]);
			expect(third.paginationToken).toBeUndefined();
			const ids = [...first.results, ...second.results, ...third.results].map((r) => r.value);
			expect(ids).toEqual(live().map((f) => f.id));
		});

		it('passes the search text as name_filter, and lists the trash for Restore', async () => {
			const found = await search('searchFolders', 'Webinars');
			expect(lists()[0].query).toEqual({
				limit: '100',
				is_trash: 'false',
				name_filter: 'Webinars',
			});
			expect(found.results.length).toBeGreaterThan(0);
			expect(found.results.every((r) => r.name.includes('Webinars'))).toBe(true);

			const trash = await search('searchTrashedFolders', '');
			expect(lists()[1].query).toEqual({ limit: '100', is_trash: 'true' });
			expect(trash.results.map((r) => r.value)).toEqual(
				dataset()
					.filter((f) => f.is_trash)
					.map((f) => f.id),
			);
		});

		it('reports errors in plain language', async () => {
			bed.mock.fault({ service, type: 'http', status: 403 });
			await expect(search('searchFolders')).rejects.toThrow(`${label} refused access`);
		});
	});
});
