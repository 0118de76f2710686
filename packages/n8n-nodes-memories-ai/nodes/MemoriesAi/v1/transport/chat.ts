import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	expectList,
	expectObject,
	expectText,
	unexpectedAnswer,
	type AnswerContext,
} from '../../../shared/shapes';
import { vendorStream, type ServiceProfile } from '../../../shared/transport';
import { endpointBudget } from './budgets';
import { answerContext } from './index';

/** A whole answer with its references is far below this; more is not an answer. */
const MAX_CHAT_STREAM_BYTES = 4 * 1024 * 1024;

export interface ChatRequest extends IDataObject {
	video_nos: string[];
	prompt: string;
	unique_id: string;
	session_id?: string;
}

export interface ChatAnswer extends IDataObject {
	answer: string;
	session_id: string | null;
	refs: IDataObject[];
	thinkings: IDataObject[];
}

/**
 * Asks about videos and returns the whole answer. The non-streaming /chat answer's shape is not
 * documented (UNCONFIRMED in the API notes), so the documented stream (chat_stream, V12/PL) is read
 * to its end: `content` fragments joined in order, `ref` and `thinking` events collected, and the
 * final data:"Done"; any other final data is the vendor's error, sent inside an HTTP 200 stream.
 * Asking is not repeated after a server error (the question may have been answered and billed).
 */
export async function askVideos(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	body: ChatRequest,
	itemIndex: number,
): Promise<ChatAnswer> {
	const stream = await vendorStream.call(
		this,
		profile,
		{
			method: 'POST',
			path: '/serve/api/v1/chat_stream',
			body,
			accept: 'text/event-stream',
			idempotent: false,
			notAStream: 'Memories.ai sent a JSON answer instead of the chat stream',
			budget: endpointBudget('chat'),
		},
		itemIndex,
	);
	const text = await stream.readText(MAX_CHAT_STREAM_BYTES);
	const failed = (message: string, description: string) =>
		new NodeApiError(this.getNode(), { message, description }, { message, description, itemIndex });
	return parseChatStream(text, answerContext(this, profile, itemIndex), failed);
}

/** The events of a chat stream (one `data:` line each, the prefix optional), folded into one answer. */
export function parseChatStream(
	text: string,
	context: AnswerContext,
	failed: (message: string, description: string) => NodeApiError,
): ChatAnswer {
	const out: ChatAnswer = { answer: '', session_id: null, refs: [], thinkings: [] };
	let done = false;
	for (const [i, raw] of text.split(/\r?\n/).entries()) {
		const line = raw.trim();
		if (line === '' || line.startsWith(':') || /^(event|id|retry):/.test(line)) continue;
		const data = line.startsWith('data:') ? line.slice(5).trim() : line;
		let event: unknown;
		try {
			event = JSON.parse(data);
		} catch {
			throw unexpectedAnswer(context, `line ${i + 1} of the stream`, 'is not JSON', data);
		}
		// The end: data:"Done", or {"code":"SUCCESS","data":"Done"}; any other final word is the error.
		const final = typeof event === 'string' ? event : (event as IDataObject | null)?.data;
		if (
			typeof final === 'string' &&
			(typeof event === 'string' || (event as IDataObject).type === undefined)
		) {
			if (final === 'Done') {
				done = true;
				break;
			}
			throw failed(
				'Memories.ai could not answer the question',
				`Memories.ai said: "${final.slice(0, 300)}". Every video must exist under this Unique ID and be Parsed (Video → Get shows its status).`,
			);
		}
		const record = expectObject(context, event, `line ${i + 1} of the stream`);
		const sessionId = record.sessionId ?? record.session_id;
		if (sessionId !== undefined && sessionId !== null) out.session_id = String(sessionId);
		if (record.type === 'content')
			out.answer += expectText(context, record.content ?? '', `line ${i + 1}: content`);
		else if (record.type === 'ref')
			out.refs.push(
				...(expectList(context, record.ref ?? [], `line ${i + 1}: ref`) as IDataObject[]),
			);
		else if (record.type === 'thinking')
			out.thinkings.push({ title: record.title ?? null, content: record.content ?? null });
		// Other event types are new ones: nothing of the answer is in them.
	}
	if (!done)
		throw failed(
			'Memories.ai stopped answering before the end',
			'The chat stream ended without its final "Done". Try again.',
		);
	return out;
}
