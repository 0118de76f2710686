/**
 * What only HeyGen does: the `{error, data}` envelope, with failures that may arrive as HTTP 200.
 * Everything both services share is in test/nodes/shared/folders.
 */
import { HeyGen } from '../../../nodes/HeyGen/HeyGen.node';
import { TEST_POLICY } from '../../../../../testbed/harness';
import { byId, folderTestBed } from '../../../../../shared/test/folders/folderTestBed';

const bed = folderTestBed('heyGen', new HeyGen(TEST_POLICY));

/** Queues one HTTP 200 answer with this exact body. */
const answer200 = (body: unknown) =>
	bed.mock.fault({ service: 'heyGen', type: 'malformed', body: JSON.stringify(body) });

describe('HeyGen envelope', () => {
	it('an HTTP 200 answer with a non-null error object is a failure, with the code in the description', async () => {
		answer200({ error: { code: 'folder_locked', message: 'Folder is locked' }, data: null });
		const error = await bed.failure({
			resource: 'folder',
			operation: 'rename',
			folderId: byId('f1'),
			name: 'New',
		});
		expect(error.message).toBe('HeyGen could not complete the request');
		expect(error.description).toBe(
			'HeyGen said: "Folder is locked" (code folder_locked, HTTP 200)',
		);
		expect(bed.mock.requests).toHaveLength(1);
	});

	it('so is an HTTP 200 answer with an error text (older endpoints)', async () => {
		answer200({ error: 'Folder quota exceeded', data: null });
		const error = await bed.failure({ resource: 'folder', operation: 'create', name: 'New' });
		expect(error.description).toBe('HeyGen said: "Folder quota exceeded" (HTTP 200)');
	});

	it('unwraps data: the output is the folder itself, and null or empty data becomes { success, id }', async () => {
		const target = bed.live()[0];
		answer200({ error: null, data: { ...target, name: 'Renamed' } });
		const renamed = await bed.run({
			resource: 'folder',
			operation: 'rename',
			folderId: byId(target.id),
			name: 'Renamed',
		});
		expect(renamed.map((i) => i.json)).toEqual([{ ...target, name: 'Renamed' }]);

		for (const data of [null, {}]) {
			answer200({ error: null, data });
			const trashed = await bed.run({
				resource: 'folder',
				operation: 'trash',
				folderId: byId(target.id),
			});
			expect(trashed.map((i) => i.json)).toEqual([{ success: true, id: target.id }]);
		}
	});

	it('ends the list at a page whose token is null', async () => {
		answer200({
			error: null,
			data: { folders: [{ id: 'a', name: 'A' }], token: null, total: 999 },
		});
		const out = await bed.run({ resource: 'folder', operation: 'getAll', returnAll: true });
		expect(out.map((i) => i.json.id)).toEqual(['a']);
		expect(bed.lists()).toHaveLength(1);
	});
});
