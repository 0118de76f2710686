import { expectList, expectObject, expectText } from '../../../shared/shapes';
import { vendorRequest, type RequestContext, type ServiceProfile } from '../../../shared/transport';
import { answerContext, answerData } from './index';

/**
 * The account's unique_ids (namespaces), as list_unique_ids returns them: the whole list in one
 * answer (no pagination), exact and case-sensitive, without repeats.
 */
export async function listUniqueIds(
	this: RequestContext,
	profile: ServiceProfile,
	itemIndex?: number,
): Promise<string[]> {
	const response = await vendorRequest.call(
		this,
		profile,
		{ method: 'GET', path: '/serve/api/v1/list_unique_ids' },
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex);
	const ids = expectList(
		answer,
		expectObject(answer, answerData(answer, response), 'data').unique_ids,
		'data.unique_ids',
	);
	return [...new Set(ids.map((id, i) => expectText(answer, id, `data.unique_ids[${i}]`)))];
}
