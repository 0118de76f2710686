import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { askVideos, type ChatRequest } from '../../transport/chat';
import {
	getUniqueId,
	getVideoIds,
	uniqueIdProperty,
	videoIdsProperty,
} from '../common.descriptions';

/** search's bound on video_nos; chat documents none, so the same one keeps a question's size sane. */
const MAX_CHAT_VIDEO_IDS = 100;

const properties: INodeProperties[] = [
	videoIdsProperty('The videos to ask about, each already processed (Parsed)'),
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'Summarize what the speaker says about pricing',
		description: 'The question, in English',
	},
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		description:
			'To continue a conversation, the session_id of an earlier answer; leave empty to start a new one',
	},
	uniqueIdProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['ask'] } },
	properties,
);

/** One item: `answer`, `session_id` (to continue), `refs` (the moments it drew on), `thinkings`. */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const videoNos = getVideoIds.call(this, itemIndex, MAX_CHAT_VIDEO_IDS, {
		limit: 'ask about at most',
		instead:
			'Ask about fewer videos, or search them first (Video → Search) and ask about the hits.',
	});
	const body: ChatRequest = {
		video_nos: videoNos,
		prompt: requireText.call(this, 'prompt', 'Prompt', itemIndex),
		unique_id: getUniqueId.call(this, itemIndex),
	};
	const sessionId = String(this.getNodeParameter('sessionId', itemIndex, '') ?? '').trim();
	if (sessionId !== '') body.session_id = sessionId;
	const answer = await askVideos.call(this, profile, body, itemIndex);
	return [{ ...answer, video_nos: videoNos }];
}
