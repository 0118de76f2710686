/**
 * What every folder-node test needs: a mock API of 250 folders per service, and the node run in
 * n8n-core's real execution context with that service's credential.
 */
import type { IDataObject, INodeExecutionData, IVersionedNodeType } from 'n8n-workflow';

import { HeyGenFoldersApi } from '../../../packages/n8n-nodes-heygen-folders/credentials/HeyGenFoldersApi.credentials';
import { KonproApi } from '../../../packages/n8n-nodes-konpro/credentials/KonproApi.credentials';
import { executeNode, registerCredentialTypes } from '../../../testbed/harness';
import { createMockApi, type MockApi, type MockRequestRecord } from '../../../testbed/mock-api';

export interface Folder {
	id: string;
	name: string;
	parent_id: string | null;
	is_trash: boolean;
}

export type NodeError = Error & { description?: string; context?: IDataObject };

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	apiKey?: string;
}

/** Each folder service's credential type, as its credential class names it. */
export const CREDENTIAL_TYPE = {
	heyGen: new HeyGenFoldersApi().name,
	konpro: new KonproApi().name,
} as const;

export const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
export const fromList = (id: string) => ({
	__rl: true,
	mode: 'list',
	value: id,
	cachedResultName: 'picked',
});

/** Registers jest hooks (mock per file, counters and faults reset per test) and returns the helpers. */
export function folderTestBed(service: 'heyGen' | 'konpro', node: IVersionedNodeType) {
	registerCredentialTypes([new HeyGenFoldersApi(), new KonproApi()]);
	let mock: MockApi;
	beforeAll(async () => {
		mock = await createMockApi({ folders: 250, seed: 1 });
	});
	afterAll(async () => await mock.close());
	beforeEach(() => {
		mock.resetCounters();
		mock.clearFaults();
		mock[service].repeatToken = false;
	});

	const credentials = (apiKey: string = mock.keys[service]) => ({
		[CREDENTIAL_TYPE[service]]: { apiKey, baseUrl: mock.baseUrls[service] },
	});
	const run = async (
		parameters: IDataObject,
		options: RunOptions = {},
	): Promise<INodeExecutionData[]> => {
		const { apiKey, ...rest } = options;
		return (await executeNode(node, { parameters, credentials: credentials(apiKey), ...rest }))[0];
	};
	/** Runs and returns the thrown error; the test fails if nothing is thrown. */
	const failure = async (parameters: IDataObject, apiKey?: string): Promise<NodeError> => {
		const error = await run(parameters, { apiKey }).then(
			() => undefined,
			(e: unknown) => e as NodeError,
		);
		if (!error) throw new Error('expected the node to throw');
		return error;
	};
	const dataset = () => mock[service].folders as ReadonlyArray<Folder>;
	return {
		get mock() {
			return mock;
		},
		credentials,
		run,
		failure,
		dataset,
		live: () => dataset().filter((f) => !f.is_trash),
		/** The GET /v1/folders requests of this service since the test started. */
		lists: (): MockRequestRecord[] =>
			mock.requests.filter(
				(r) => r.service === service && r.method === 'GET' && r.path === '/v1/folders',
			),
	};
}
