import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { RequestPolicy } from '../../shared/policy';
import { withPolicy } from '../../shared/transport';
import { memoriesAiTriggerIcon } from '../icons';
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
export class MemoriesAiTriggerV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Memories.ai Trigger',
		name: 'memoriesAiTrigger',
		icon: memoriesAiTriggerIcon,
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + [].concat($parameter["triggerOn"]).join(", ")}}',
		description: 'Starts the workflow when a Memories.ai video finishes processing or fails',
		defaults: { name: 'Memories.ai Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'memoriesAiApi', required: true }],
		properties: triggerProperties,
	};

	methods: INodeType['methods'];

	// n8n calls poll and the listSearch methods with its own context as `this`: the profile travels in closures.
	poll: (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

	constructor(policy?: Partial<RequestPolicy>) {
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
