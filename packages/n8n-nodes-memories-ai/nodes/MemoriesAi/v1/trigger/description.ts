import type { INodeProperties, INodePropertyOptions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readUniqueId, uniqueIdProperty } from '../actions/common.descriptions';
import { DEFAULT_POLL_BUDGET_MS, type TriggerSettings } from './poll';

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
			'Each poll costs Memories.ai about 3 requests, plus one per 200 videos uploaded, pending or finished since the last poll. Memories.ai allows 5 requests per second per account, shared by all your workflows and nodes using it, so polling every minute is plenty. A status that lasts less than one poll interval (for example a video deleted right after it finished) can go unnoticed.',
		name: 'pollCostNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Time Budget per Poll (Seconds)',
				name: 'timeBudget',
				type: 'number',
				typeOptions: { minValue: 5, maxValue: 3600 },
				// DEFAULT_POLL_BUDGET_MS in seconds, as a literal for n8n's lint.
				default: 30,
				description:
					'Longest time one poll may take, retries and waits included. What a poll cannot read in that time, the next poll reads, so nothing is lost. Keep it below the poll timeout of your n8n (45 seconds unless N8N_SCHEDULER_POLL_TIMEOUT says otherwise); when n8n tells the node its own limit, the lower of the two is used.',
			},
		],
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
	return { uniqueId, statuses: new Set(values), budgetMs: pollBudgetMs(this) };
}

/**
 * The poll's time budget: the Time Budget option (default 30 s), and never more than the budget
 * n8n itself gives the poll (`getPollBudgetMs`, n8n 2.41+: its poll timeout less a margin).
 */
function pollBudgetMs(context: IPollFunctions): number {
	const options = context.getNodeParameter('options', {}) as { timeBudget?: unknown };
	const seconds = Number(options.timeBudget);
	const chosen = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_POLL_BUDGET_MS;
	// Not in n8n-workflow 2.8's types, which this package builds against.
	const engine = (context as { getPollBudgetMs?: () => unknown }).getPollBudgetMs;
	const granted = typeof engine === 'function' ? Number(engine.call(context)) : NaN;
	return Math.round(Number.isFinite(granted) && granted > 0 ? Math.min(chosen, granted) : chosen);
}
