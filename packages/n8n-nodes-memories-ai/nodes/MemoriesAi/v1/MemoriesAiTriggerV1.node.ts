import type {
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { RequestPolicy } from '../../shared/policy';
import { withPolicy } from '../../shared/transport';
import { memoriesAiListSearch } from './methods/listSearch';
import { memoriesAiProfile } from './transport';
import { getTriggerSettings, triggerProperties } from './trigger/description';
import { fetchTestEvent, pollEvents } from './trigger/poll';

/**
 * Polls that are still running, by workflow and node. n8n starts a poll on every Poll Time even when
 * the previous one has not finished (a long first scan, a slow API); two polls working from the same
 * saved state would report the same videos twice, so an overlapping poll is skipped.
 */
const running = new Set<string>();

/** How the trigger works and what it guarantees: trigger/README.md. */
// icon-validation looks for `icon` in a `description` class field only; this version's description
// is built in the constructor from the entry class's base description, which names the icon.
// eslint-disable-next-line @n8n/community-nodes/icon-validation
export class MemoriesAiTriggerV1 implements INodeType {
	description: INodeTypeDescription;

	methods: INodeType['methods'];

	// n8n calls poll and the listSearch methods with its own context as `this`: the profile travels in closures.
	poll: (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

	/** `policy`: request-policy overrides for tests and benchmarks, handed on by the entry class. */
	constructor(baseDescription: INodeTypeBaseDescription, policy?: Partial<RequestPolicy>) {
		this.description = {
			...baseDescription,
			version: 1,
			subtitle: '={{"On " + [].concat($parameter["triggerOn"]).join(", ")}}',
			defaults: { name: 'Memories.ai Trigger' },
			polling: true,
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'memoriesAiApi', required: true }],
			properties: triggerProperties,
		};
		const profile = withPolicy(memoriesAiProfile, policy);
		this.methods = { listSearch: memoriesAiListSearch(profile) };
		this.poll = async function (this: IPollFunctions) {
			const settings = getTriggerSettings.call(this);
			if (this.getMode() === 'manual') return await fetchTestEvent.call(this, profile, settings);

			const key = `${this.getWorkflow().id ?? ''}\n${this.getNode().id}`;
			if (running.has(key)) {
				this.logger.warn(
					'Memories.ai Trigger: the previous poll is still running, so this one is skipped',
				);
				return null;
			}
			running.add(key);
			try {
				return await pollEvents.call(this, profile, settings);
			} finally {
				running.delete(key);
			}
		};
	}
}
