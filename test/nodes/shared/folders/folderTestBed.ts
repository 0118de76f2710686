/**
 * What every folder-node test needs: a mock API of 250 folders per service, and the node run in
 * n8n-core's real execution context with that service's credential.
 */
import type { IDataObject, INodeExecutionData, IVersionedNodeType } from 'n8n-workflow';

import { HeyGenApi } from '../../../../credentials/HeyGenApi.credentials';
import { KonproApi } from '../../../../credentials/KonproApi.credentials';
import { executeNode, registerCredentialTypes } from '../../../../tooling/harness';
import { createMockApi, type MockApi, type MockRequestRecord } from '../../../../tooling/mock-api';

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

export const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
export const fromList = (id: string) => ({ __rl: true, mode: 'list', value: id, cachedResultName: 'picked' });

/** Registers jest hooks (mock per file, counters and faults reset per test) and returns the helpers. */
export function folderTestBed(service: 'heyGen' | 'konpro', node: IVersionedNodeType) {
	registerCredentialTypes([new HeyGenApi(), new KonproApi()]);
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
		[`${service}Api`]: { apiKey, baseUrl: mock.baseUrls[service] },
	});
	const run = async (parameters: IDataObject, options: RunOptions = {}): Promise<INodeExecutionData[]> => {
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
			mock.requests.filter((r) => r.service === service && r.method === 'GET' && r.path === '/v1/folders'),
	};
}
