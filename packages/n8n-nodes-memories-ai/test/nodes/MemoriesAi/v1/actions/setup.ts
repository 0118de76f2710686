import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MemoriesAiApi } from '../../../../../credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../../../../nodes/MemoriesAi/MemoriesAi.node';
import {
	executeNode,
	registerCredentialTypes,
	TEST_POLICY,
} from '../../../../../../../testbed/harness';
import {
	createMockApi,
	type MockApi,
	type MockApiOptions,
} from '../../../../../../../testbed/mock-api';

export interface OperationSuite {
	readonly mock: MockApi;
	/** Runs the node once and returns its first output. */
	run(
		parameters: IDataObject,
		extra?: { items?: INodeExecutionData[]; continueOnFail?: boolean },
	): Promise<INodeExecutionData[]>;
	/** Runs the node and returns what it threw; fails the test if it did not throw. */
	failure(
		parameters: IDataObject,
	): Promise<Error & { description?: string; context?: IDataObject }>;
}

/**
 * A mock API for the test file, started before and closed after it, with counters and faults reset
 * before every test; the node runs in n8n-core's real execution context with the suite's policy.
 */
export function operationSuite(options: MockApiOptions = {}): OperationSuite {
	const node = new MemoriesAi(TEST_POLICY);
	let mock: MockApi | undefined;
	beforeAll(async () => {
		registerCredentialTypes([new MemoriesAiApi()]);
		mock = await createMockApi({ seed: 11, videos: 60, ...options });
	});
	afterAll(async () => await mock?.close());
	beforeEach(() => {
		mock!.resetCounters();
		mock!.clearFaults();
	});
	const suite: OperationSuite = {
		get mock() {
			if (!mock) throw new Error('the mock API starts in beforeAll');
			return mock;
		},
		async run(parameters, extra = {}) {
			const credentials = {
				memoriesAiApi: {
					apiKey: suite.mock.keys.memoriesAi,
					baseUrl: suite.mock.baseUrls.memoriesAi,
				},
			};
			return (await executeNode(node, { parameters, credentials, ...extra }))[0];
		},
		async failure(parameters) {
			const error = await suite.run(parameters).then(
				() => undefined,
				(e: unknown) => e as Error & { description?: string; context?: IDataObject },
			);
			if (!error) throw new Error('expected the node to throw');
			return error;
		},
	};
	return suite;
}
