import type { IDataObject } from 'n8n-workflow';

import { vendorRequest, type RequestContext, type ServiceProfile } from '../../../shared/transport';
import { AnswerShape } from './shape';
import { withinBudget } from './budgets';

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
	const request = { method: 'POST' as const, path: '/serve/api/v1/search', body };
	const response = await withinBudget(
		this,
		profile,
		'search',
		async () => await vendorRequest.call(this, profile, request, itemIndex),
	);
	const shape = new AnswerShape(this.getNode(), 'search', itemIndex);
	const hits = shape.list(shape.record(response, 'the answer').data, 'data');
	return hits.map((value, i) => {
		const field = `data[${i}]`;
		const hit = shape.record(value, field);
		shape.text(hit.videoNo, `${field}.videoNo`);
		const score = shape.optionalNumber(hit.score, `${field}.score`);
		const startTime = shape.optionalNumber(hit.startTime, `${field}.startTime`);
		const endTime = shape.optionalNumber(hit.endTime, `${field}.endTime`);
		return { ...hit, score: score ?? null, startTime: startTime ?? null, endTime: endTime ?? null };
	});
}
