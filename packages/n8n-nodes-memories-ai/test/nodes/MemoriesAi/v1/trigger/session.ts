/**
 * Drives the Memories.ai Trigger the way n8n does for an active workflow: one workflow static-data
 * object, kept live in memory from poll to poll (the harness passes it to a real n8n-core PollContext),
 * and JSON snapshots of it standing for what n8n saved to its database.
 */
import type { IDataObject } from 'n8n-workflow';

import { MemoriesAiApi } from '../../../../../credentials/MemoriesAiApi.credentials';
import { MemoriesAiTrigger } from '../../../../../nodes/MemoriesAi/MemoriesAiTrigger.node';
import { poll, registerCredentialTypes, TEST_POLICY } from '../../../../../../../testbed/harness';
import type { MockApi } from '../../../../../../../testbed/mock-api';

registerCredentialTypes([new MemoriesAiApi()]);

/** Where n8n keeps the node's static data inside the workflow's static data. */
export const NODE_KEY = 'node:Memories.ai Trigger';

export interface Event {
	video_no: string;
	status: string;
}

export class TriggerSession {
	/** The workflow's whole static data, live (n8n's in-memory Workflow keeps it between polls). */
	staticData: IDataObject;

	/** Every item emitted so far, in order. */
	readonly emitted: IDataObject[] = [];

	polls = 0;

	constructor(
		private readonly mock: MockApi,
		readonly parameters: IDataObject = {},
		staticData: IDataObject = {},
		/** A fresh node instance per session, like a restarted n8n. */
		private readonly node = new MemoriesAiTrigger(TEST_POLICY),
	) {
		this.staticData = staticData;
	}

	credentials() {
		return {
			memoriesAiApi: { apiKey: this.mock.keys.memoriesAi, baseUrl: this.mock.baseUrls.memoriesAi },
		};
	}

	/**
	 * One scheduled poll. Returns the emitted items' json ([] when the poll returned null); rethrows.
	 * `pollBudgetMs`: what n8n 2.41+ would give the poll as `getPollBudgetMs()`.
	 */
	async poll(pollBudgetMs?: number): Promise<IDataObject[]> {
		this.polls++;
		const result = await poll(this.node, {
			parameters: this.parameters,
			credentials: this.credentials(),
			staticData: this.staticData,
			mode: 'trigger',
			pollBudgetMs,
		});
		if (result.output === null) return [];
		expect(result.output).toHaveLength(1);
		const items = result.output[0].map((item) => item.json);
		this.emitted.push(...items);
		return items;
	}

	/** A poll that must fail; returns its error. */
	async failingPoll(): Promise<Error & { description?: string }> {
		const error = await this.poll().then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);
		if (!error) throw new Error('expected the poll to fail');
		return error;
	}

	/** "Fetch Test Event". */
	async manual(): Promise<IDataObject[] | null> {
		const result = await poll(this.node, {
			parameters: this.parameters,
			credentials: this.credentials(),
			staticData: this.staticData,
			mode: 'manual',
		});
		return result.output === null ? null : result.output[0].map((item) => item.json);
	}

	/** The trigger's own part of the static data, as JSON. */
	state(): IDataObject {
		return JSON.parse(JSON.stringify(this.staticData[NODE_KEY] ?? {})) as IDataObject;
	}

	/** What n8n would have in its database now. */
	snapshot(): IDataObject {
		return JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
	}
}

export const eventKey = (item: IDataObject) => `${String(item.video_no)}:${String(item.status)}`;

/** The mock's videos in one canonical status (legacy spellings folded). */
export function videosWithStatus(mock: MockApi, status: 'PARSE' | 'UNPARSE' | 'FAILED') {
	const canonical: Record<string, string> = {
		DONE: 'PARSE',
		FAIL: 'FAILED',
		PARSE_ERROR: 'FAILED',
	};
	return mock.memories.videos.filter((video) => {
		const upper = String(video.status).toUpperCase();
		return (canonical[upper] ?? upper) === status;
	});
}

export const listRequests = (mock: MockApi) =>
	mock.requests.filter((request) => request.path.endsWith('/list_videos'));
