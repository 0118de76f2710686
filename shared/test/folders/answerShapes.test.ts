/**
 * HeyGen and Konpro answers of the wrong shape: a clear NodeApiError naming the service and the
 * field (also as the Continue On Fail item), never an empty list, a raw TypeError or a non-object
 * item; Konpro's has_more sent as the text "true" is rejected, not guessed at. In n8n-core's real
 * execute context against the loopback mock, the answers replaced in flight.
 */
import type { IDataObject } from 'n8n-workflow';

import { HeyGen } from '../../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import { Konpro } from '../../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import { TEST_POLICY } from '../../../testbed/harness';
import { byId, folderTestBed } from './folderTestBed';

const getAll = { resource: 'folder', operation: 'getAll', returnAll: true };
const heyGenPage = (data: unknown) => JSON.stringify({ error: null, data });

describe.each([
	{
		service: 'heyGen' as const,
		label: 'HeyGen',
		node: new HeyGen(TEST_POLICY),
		bodies: [
			['a null body', 'null', /the answer is not an object|data\.folders is missing/],
			['the body 42', '42', /the answer is not an object/],
			['the body "ok"', '"ok"', /the answer is not an object/],
			['data 42', heyGenPage(42), /data is not an object/],
			['data {}', heyGenPage({}), /data\.folders is missing/],
			[
				'folders an object',
				heyGenPage({ folders: { a: { id: 'a' } }, token: null }),
				/data\.folders is not a list/,
			],
			[
				'a null folder',
				heyGenPage({ folders: [{ id: 'a' }, null], token: null }),
				/data\.folders\[1\] is not an object/,
			],
			[
				'a number folder',
				heyGenPage({ folders: [5], token: null }),
				/data\.folders\[0\] is not an object/,
			],
			[
				'a folder without an id',
				heyGenPage({ folders: [{ name: 'x' }], token: null }),
				/data\.folders\[0\]\.id is not an ID/,
			],
			[
				'a token that is a number',
				heyGenPage({ folders: [{ id: 'a' }], token: 7 }),
				/data\.token is not text/,
			],
		] as Array<[string, string, RegExp]>,
	},
	{
		service: 'konpro' as const,
		label: 'Konpro',
		node: new Konpro(TEST_POLICY),
		bodies: [
			['the body 42', '42', /the answer is not an object/],
			['the body "ok"', '"ok"', /the answer is not an object/],
			['{}', '{}', /folders is missing/],
			[
				'folders null',
				JSON.stringify({ folders: null, token: 't', has_more: false }),
				/folders is not a list/,
			],
			[
				'a null folder',
				JSON.stringify({ folders: [null], token: 't', has_more: false }),
				/folders\[0\] is not an object/,
			],
			[
				'a folder whose id is a number',
				JSON.stringify({ folders: [{ id: 5 }], token: 't', has_more: false }),
				/folders\[0\]\.id is not an ID/,
			],
			[
				'has_more "true"',
				JSON.stringify({ folders: [{ id: 'a' }], token: 't', has_more: 'true' }),
				/has_more is not true or false/,
			],
		] as Array<[string, string, RegExp]>,
	},
])('$label', ({ service, label, node, bodies }) => {
	const bed = folderTestBed(service, node);
	const answerWith = (body: string) =>
		bed.mock.fault({ service, type: 'malformed', body, times: 1 });

	it.each(bodies)(
		'Get Many, %s: a NodeApiError naming %s and the field',
		async (_, body, field) => {
			answerWith(body);
			const error = await bed.failure(getAll);
			expect(error.constructor.name).toBe('NodeApiError');
			expect(error.message).toMatch(new RegExp(`^${label} sent an answer this node cannot read`));
			expect(`${error.message} ${error.description ?? ''}`).toMatch(field);
		},
	);

	it.each(bodies)(
		'Get Many, %s, under Continue On Fail: one error item, no folder items',
		async (_, body, field) => {
			answerWith(body);
			const out = await bed.run(getAll, { continueOnFail: true });
			expect(out).toHaveLength(1);
			expect(`${String(out[0].json.error)} ${String(out[0].json.description ?? '')}`).toMatch(
				field,
			);
			expect(out[0].pairedItem).toEqual({ item: 0 });
		},
	);

	it('Rename answered with a number: a NodeApiError that says the rename may have happened', async () => {
		const folder = bed.live()[0];
		answerWith(service === 'heyGen' ? heyGenPage(42) : '42');
		const error = await bed.failure({
			resource: 'folder',
			operation: 'rename',
			folderId: byId(folder.id),
			name: 'x',
		} as IDataObject);
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.description).toMatch(/may have taken effect/);
		// Nothing was sent twice.
		expect(bed.mock.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});
});
