import type { EndpointBudget } from '../../../shared/transport';

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

/** The `budget` of a request to this endpoint: vendorRequest paces it per account and endpoint. */
export function endpointBudget(endpoint: BudgetedEndpoint): EndpointBudget {
	return { endpoint, requestsPerSecond: ENDPOINT_BUDGETS[endpoint] };
}
