import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { normalizeStatus } from '../../../../shared/normalize';
import type { ServiceProfile } from '../../../../shared/transport';

export const DEFAULT_MAX_WAIT_MINUTES = 30;
export const MAX_WAIT_MINUTES = 24 * 60;

/** Options → Max Wait (Minutes), shared by Upload and Get. */
export const maxWaitOption: INodeProperties = {
	displayName: 'Max Wait (Minutes)',
	name: 'maxWaitMinutes',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_WAIT_MINUTES },
	default: DEFAULT_MAX_WAIT_MINUTES,
	description: 'With Wait Until Processed: how long to wait at most before reporting an error',
};

/** Options → Wait Until Processed; `description` says what is waited for in that operation. */
export function waitForProcessingOption(description: string): INodeProperties {
	return {
		displayName: 'Wait Until Processed',
		name: 'waitForProcessing',
		type: 'boolean',
		default: false,
		description,
	};
}

/** Max Wait in milliseconds, checked before any request. */
export function maxWaitOf(
	value: unknown,
	invalid: (message: string, description: string) => Error,
): number {
	const minutes = value === undefined || value === '' ? DEFAULT_MAX_WAIT_MINUTES : Number(value);
	if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_WAIT_MINUTES) {
		throw invalid(
			`Max Wait must be between 1 and ${MAX_WAIT_MINUTES} minutes, not ${String(value)}`,
			'Set how many minutes to wait at most.',
		);
	}
	return minutes * 60_000;
}

/** Whether processing has ended: Parsed or Failed (ERROR is an undocumented failure). */
export function isProcessed(video: IDataObject): boolean {
	const status = normalizeStatus(video.status);
	return status === 'PARSE' || status === 'FAILED' || status === 'ERROR';
}

/**
 * Asks `check` until it returns something or the waits add up to `maxWaitMs`: first after 5 s, then
 * ×1.5 up to 30 s between checks (EX's poll.py), scaled by the request policy's backoff base so tests
 * run in milliseconds. The bound is the sum of the planned waits, so the number of checks is fixed.
 */
export async function pollUntil<T>(
	profile: ServiceProfile,
	maxWaitMs: number,
	check: () => Promise<T | undefined>,
): Promise<T | undefined> {
	const scale = profile.policy.baseDelayMs / 1000;
	const budget = maxWaitMs * scale;
	for (let delay = 5000 * scale, waited = delay; waited <= budget; ) {
		await sleep(delay);
		const result = await check();
		if (result !== undefined) return result;
		delay = Math.min(30_000 * scale, delay * 1.5);
		waited += delay;
	}
	return undefined;
}
