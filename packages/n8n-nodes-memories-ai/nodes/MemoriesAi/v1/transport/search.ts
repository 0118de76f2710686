import type { IDataObject } from 'n8n-workflow';

import { expectList, expectObject, expectText, optionalNumber } from '../../../shared/shapes';
import { vendorRequest, type RequestContext, type ServiceProfile } from '../../../shared/transport';
import { endpointBudget } from './budgets';
import { answerContext, answerData } from './index';

/** search's body, in the API's field names. */
export interface SearchRequest extends IDataObject {
	search_param: string;
	search_type: 'BY_CLIP' | 'BY_AUDIO';
	unique_id: string;
	top_k: number;
}

/** POST search: the hits, best first, times in seconds as numbers, every other field as sent. */
export async function searchVideos(
	this: RequestContext,
	profile: ServiceProfile,
	body: SearchRequest,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const response = await vendorRequest.call(
		this,
		profile,
		{ method: 'POST', path: '/serve/api/v1/search', body, budget: endpointBudget('search') },
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex);
	const hits = expectList(answer, answerData(answer, response), 'data');
	return hits.map((value, i) => {
		const field = `data[${i}]`;
		const hit = expectObject(answer, value, field);
		expectText(answer, hit.videoNo, `${field}.videoNo`);
		const score = optionalNumber(answer, hit.score, `${field}.score`);
		const startTime = optionalNumber(answer, hit.startTime, `${field}.startTime`);
		const endTime = optionalNumber(answer, hit.endTime, `${field}.endTime`);
		return { ...hit, score: score ?? null, startTime: startTime ?? null, endTime: endTime ?? null };
	});
}
