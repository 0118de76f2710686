import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getTriggerSettings, triggerProperties } from './trigger/description';
import { fetchTestEvent, pollEvents } from './trigger/poll';

/**
 * Polls that are still running, by workflow and node. n8n starts a poll on every Poll Time even when
 * the previous one has not finished (a long first scan, a slow API); two polls working from the same
 * saved state would report the same videos twice, so an overlapping poll is skipped.
 */
const running = new Set<string>();

export class MemoriesAiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Memories.ai Trigger',
		name: 'memoriesAiTrigger',
		icon: { light: 'file:memoriesAiTrigger.svg', dark: 'file:memoriesAiTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when a Memories.ai video finishes processing or fails',
		defaults: { name: 'Memories.ai Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'memoriesAiApi', required: true }],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = getTriggerSettings.call(this);
		if (this.getMode() === 'manual') return await fetchTestEvent.call(this, settings);

		const key = `${this.getWorkflow().id ?? ''}\n${this.getNode().id}`;
		if (running.has(key)) {
			this.logger.warn('Memories.ai Trigger: the previous poll is still running, so this one is skipped');
			return null;
		}
		running.add(key);
		try {
			return await pollEvents.call(this, settings);
		} finally {
			running.delete(key);
		}
	}
}
