import type { INodeProperties, INodePropertyOptions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readUniqueId, uniqueIdProperty } from '../actions/common.descriptions';
import type { TriggerSettings } from './poll';

export const TRIGGER_EVENTS: INodePropertyOptions[] = [
	{ name: 'Video Parsed', value: 'PARSE', description: 'A video finished processing and is ready' },
	{ name: 'Video Failed', value: 'FAILED', description: 'Processing a video failed' },
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'multiOptions',
		options: TRIGGER_EVENTS,
		default: ['PARSE', 'FAILED'],
		required: true,
		description:
			'Which status changes start the workflow: one run item per video that reaches a selected status',
	},
	uniqueIdProperty,
	{
		displayName:
			'Each poll costs Memories.ai about 3–4 requests, plus one per 200 videos uploaded, pending or failed since the last poll. Memories.ai allows 5 requests per second per account, shared by all your workflows and nodes using it, so polling every minute is plenty. A status that lasts less than one poll interval (for example a video deleted right after it finished) can go unnoticed.',
		name: 'pollCostNotice',
		type: 'notice',
		default: '',
	},
];

const EVENT_VALUES = new Set(TRIGGER_EVENTS.map((option) => option.value as string));

/** Reads and checks the parameters before any request: empty or unknown choices get a clear error. */
export function getTriggerSettings(this: IPollFunctions): TriggerSettings {
	const raw = this.getNodeParameter('triggerOn', []) as unknown;
	const values = (
		Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw]
	).map((value) => String(value).trim().toUpperCase());
	if (values.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Trigger On is empty: choose at least one event', {
			description:
				'Select Video Parsed, Video Failed or both, so the trigger knows which videos to report.',
		});
	}
	const unknown = values.find((value) => !EVENT_VALUES.has(value));
	if (unknown !== undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`Trigger On contains "${unknown}", which is not an event this trigger knows`,
			{
				description: 'Use Video Parsed (PARSE) and/or Video Failed (FAILED).',
			},
		);
	}
	const uniqueId = readUniqueId(this.getNode(), this.getNodeParameter('uniqueId', 'default'));
	return { uniqueId, statuses: new Set(values) };
}
