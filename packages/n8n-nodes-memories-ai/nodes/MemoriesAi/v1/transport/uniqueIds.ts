import { vendorRequest, type RequestContext, type ServiceProfile } from '../../../shared/transport';
import { AnswerShape } from './shape';

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
	const shape = new AnswerShape(this.getNode(), 'list_unique_ids', itemIndex);
	const ids = shape.list(
		shape.record(shape.record(response, 'the answer').data, 'data').unique_ids,
		'data.unique_ids',
	);
	return [...new Set(ids.map((id, i) => shape.text(id, `data.unique_ids[${i}]`)))];
}
