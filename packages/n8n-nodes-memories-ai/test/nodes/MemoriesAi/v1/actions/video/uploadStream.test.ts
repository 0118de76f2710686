import { tempFileOfSize, useFilesystemBinaryData } from '../../../../../../../../testbed/harness';
import { operationSuite } from '../setup';

/** Binary data on disk, as a production n8n keeps it: the upload streams the file from there. */
const suite = operationSuite({ videos: 0 });
let binaryData: Awaited<ReturnType<typeof useFilesystemBinaryData>>;
beforeAll(async () => (binaryData = await useFilesystemBinaryData()));
afterAll(() => {
	binaryData.dispose();
});

describe('Video → Upload of a file n8n keeps on disk', () => {
	it('streams the file into the multipart body with its exact length: the mock counts every byte', async () => {
		const size = 24 * 1024 * 1024 + 13;
		const file = tempFileOfSize('big.mp4', size);
		const binary = await binaryData
			.store(file.read(), { fileName: 'big.mp4', mimeType: 'video/mp4' })
			.finally(file.dispose);
		expect(binary.id).toMatch(/^filesystem/);

		const out = await suite.run(
			{ resource: 'video', operation: 'upload', source: 'binary' },
			{ items: [{ json: {}, binary: { data: binary } }] },
		);
		expect(out[0].json.status).toBe('UNPARSE');
		const [request] = suite.mock.requests;
		expect(request.body).toMatchObject({
			files: [{ field: 'file', filename: 'big.mp4', contentType: 'video/mp4', bytes: size }],
		});
	});
});
