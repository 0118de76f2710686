import { pace } from '../../../shared/pacing';
import type { RequestContext, ServiceProfile } from '../../../shared/transport';

/**
 * The vendor's per-endpoint limits (PL rate-limit table, the newer one), in requests per second, on
 * top of the account's 5 per second that every request is paced to. Exceeding them gets 0429; pacing
 * instead means a long batch (ten uploads) waits its turn rather than failing.
 */
export const ENDPOINT_BUDGETS = {
	upload: 1 / 60,
	// V12 lists platform imports apart from file and URL uploads (1 a minute); PL does not list them.
	platformImport: 1 / 60,
	chat: 2 / 60,
	download: 12 / 60,
	search: 1,
	transcription: 1,
	summary: 1,
	taskStatus: 1,
} as const;

export type BudgetedEndpoint = keyof typeof ENDPOINT_BUDGETS;

/**
 * Sends one call within its endpoint's budget: a sliding window per account and endpoint (the shared
 * pacing), held from the send until the answer. Off when the node's policy turns pacing off.
 * The shared transport knows only the account's rate; this is the Memories.ai service's addition.
 */
export async function withinBudget<T>(context: RequestContext, profile: ServiceProfile, endpoint: BudgetedEndpoint, send: () => Promise<T>): Promise<T> {
	if (!profile.policy.pacing) return await send();
	const credentials = await context.getCredentials(profile.credentialType);
	const baseUrl = String(credentials.baseUrl || profile.defaultBaseUrl).replace(/\/+$/, '');
	const settle = await pace(ENDPOINT_BUDGETS[endpoint], `${baseUrl}\n${String(credentials.apiKey ?? '')}\n${endpoint}`);
	try {
		return await send();
	} finally {
		settle();
	}
}
