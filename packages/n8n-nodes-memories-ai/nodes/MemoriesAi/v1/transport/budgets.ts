import { checkCredential, isCredentialProblem } from '../../../shared/credentials';
import { accountKey, pace } from '../../../shared/pacing';
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
 * Sends one call within its endpoint's budget: a sliding window per account (the shared pacing's
 * account: Base URL origin and key hash, whatever the Base URL's spelling) and endpoint, held from
 * the send until the answer. Off when the node's policy turns pacing off.
 * The shared transport knows only the account's rate; this is the Memories.ai service's addition.
 */
export async function withinBudget<T>(
	context: RequestContext,
	profile: ServiceProfile,
	endpoint: BudgetedEndpoint,
	send: () => Promise<T>,
): Promise<T> {
	if (!profile.policy.pacing) return await send();
	const checked = checkCredential(
		profile.name,
		await context.getCredentials(profile.credentialType),
		profile.defaultBaseUrl,
	);
	// A credential that cannot work: the request path reports it, before anything is sent.
	if (isCredentialProblem(checked)) return await send();
	const settle = await pace(
		ENDPOINT_BUDGETS[endpoint],
		`${accountKey(checked.origin, checked.apiKey)} ${endpoint}`,
	);
	try {
		return await send();
	} finally {
		settle();
	}
}
