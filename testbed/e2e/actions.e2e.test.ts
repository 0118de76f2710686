/**
 * Every action node operation (test/e2e/actions.shared.ts), run by the real n8n CLI
 * (`n8n import:workflow` + `n8n execute`) with the packed package installed in a throwaway user
 * folder, against the loopback mock API started in this process.
 */
import { createMockApi, type MockApi } from '../mock-api';

import {
	executeWorkflow,
	importCredentials,
	importWorkflows,
	makeE2eUserFolder,
	removeE2eUserFolders,
	type ExecuteResult,
} from '../n8n';
import {
	ACTIONS_MOCK,
	actionCredentials,
	actionWorkflows,
	describeActionTests,
} from './actions.shared';

let mock: MockApi;
let userFolder: string;
const results = new Map<string, ExecuteResult>();

/** Runs each workflow once (lazily) and keeps the result for the tests that read it. */
async function run(id: string): Promise<ExecuteResult> {
	if (!results.has(id)) results.set(id, await executeWorkflow(userFolder, id));
	return results.get(id)!;
}

beforeAll(async () => {
	mock = await createMockApi(ACTIONS_MOCK);
	userFolder = await makeE2eUserFolder('actions');
	await importCredentials(userFolder, actionCredentials(mock));
	await importWorkflows(userFolder, actionWorkflows(mock));
});

afterAll(async () => {
	await mock?.close();
	removeE2eUserFolders();
});

describeActionTests(run, () => mock);
