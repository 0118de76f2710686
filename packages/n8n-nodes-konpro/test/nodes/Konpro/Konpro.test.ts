/**
 * What only Konpro does: bare payloads, and `has_more` (not the token) ends the list.
 * Everything both services share is in test/nodes/shared/folders.
 */
import { Konpro } from '../../../nodes/Konpro/Konpro.node';
import { TEST_POLICY } from '../../../../../testbed/harness';
import { folderTestBed } from '../../../../../shared/test/folders/folderTestBed';

const bed = folderTestBed('konpro', new Konpro(TEST_POLICY));
const getAllFolders = { resource: 'folder', operation: 'getAll', returnAll: true };

describe('Konpro end of list', () => {
	it('does not follow the token Konpro still sends on its last page', async () => {
		const out = await bed.run(getAllFolders);
		expect(out).toHaveLength(bed.live().length);
		const [, , last] = bed.lists();
		expect(bed.lists()).toHaveLength(3);
		// Ask the mock for that last page again: it does carry a token, with has_more false.
		const response = await fetch(
			`${bed.mock.baseUrls.konpro}/v1/folders?${new URLSearchParams(last.query).toString()}`,
			{
				headers: { 'x-api-key': bed.mock.keys.konpro },
			},
		);
		const page = (await response.json()) as {
			token: unknown;
			has_more: unknown;
			folders: unknown[];
		};
		expect(page).toMatchObject({ token: expect.any(String), has_more: false });
		expect(page.folders.length).toBe(out.length - 200);
	});

	it('says so when has_more is true but no token came', async () => {
		bed.mock.fault({
			service: 'konpro',
			type: 'malformed',
			body: JSON.stringify({ folders: [{ id: 'a' }], token: null, has_more: true }),
		});
		const error = await bed.failure(getAllFolders);
		expect(error.message).toBe('Konpro said more folders follow but sent no page token');
		expect(bed.lists()).toHaveLength(1);
	});

	it('a page without has_more is the last one', async () => {
		bed.mock.fault({
			service: 'konpro',
			type: 'malformed',
			body: JSON.stringify({ folders: [{ id: 'a' }], token: 'next' }),
		});
		expect((await bed.run(getAllFolders)).map((i) => i.json.id)).toEqual(['a']);
		expect(bed.lists()).toHaveLength(1);
	});
});
