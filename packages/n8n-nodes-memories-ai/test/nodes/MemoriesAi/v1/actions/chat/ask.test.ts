import type { IDataObject } from 'n8n-workflow';

import { operationSuite } from '../setup';

const suite = operationSuite({ videos: 30 });
const ask = { resource: 'chat', operation: 'ask' };
const parsed = () =>
	suite.mock.memories.videos.filter((v) => v.status === 'PARSE').map((v) => v.video_no);

describe('Chat → Ask', () => {
	it('reads the chat stream to its end in one request: the answer joined, its references, the session', async () => {
		const [a, b] = parsed();
		const out = await suite.run({ ...ask, videoNos: `${a}, ${b}`, prompt: 'What happens?' });
		expect(suite.mock.requests.map((r) => [r.path, r.body])).toEqual([
			[
				'/serve/api/v1/chat_stream',
				{ video_nos: [a, b], prompt: 'What happens?', unique_id: 'default' },
			],
		]);
		expect(out).toHaveLength(1);
		const json = out[0].json as {
			answer: string;
			session_id: string;
			refs: IDataObject[];
			thinkings: unknown[];
			video_nos: string[];
		};
		// The mock splits the answer into 24-character fragments: joined, it reads whole.
		expect(json.answer).toMatch(/^Turn 1\. About "What happens\?": .+ show /);
		expect(json.answer.length).toBeGreaterThan(24);
		expect(json.session_id).toMatch(/^6\d{17}$/);
		expect(json.refs.map((r) => (r.video as IDataObject).video_no)).toEqual([a, b]);
		expect(json.thinkings).toHaveLength(1);
		expect(json.video_nos).toEqual([a, b]);
	});

	it('Session ID continues the conversation', async () => {
		const [a] = parsed();
		const first = await suite.run({ ...ask, videoNos: a, prompt: 'Who is there?' });
		const sessionId = first[0].json.session_id as string;
		const second = await suite.run({ ...ask, videoNos: a, prompt: 'And then?', sessionId });
		expect((suite.mock.requests[1].body as IDataObject).session_id).toBe(sessionId);
		expect(second[0].json.session_id).toBe(sessionId);
		expect(second[0].json.answer).toMatch(/^Turn 2\./);
	});

	it('an error inside the stream (a video not parsed) is a clear error after one request', async () => {
		const pending = suite.mock.memories.videos.find((v) => v.status === 'UNPARSE')!;
		const error = await suite.failure({
			...ask,
			videoNos: `${parsed()[0]},${pending.video_no}`,
			prompt: 'Why?',
		});
		expect(error.message).toBe('Memories.ai could not answer the question');
		expect(error.description).toContain('Memories.ai said: "Video is not parsed:"');
		expect(suite.mock.requests).toHaveLength(1);
	});

	it('a stream that ends without "Done" is an error, not half an answer', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'chat_stream',
			type: 'malformed',
			contentType: 'text/event-stream',
			body: 'data:{"type":"content","content":"Half an","sessionId":"61"}\n\n',
		});
		const error = await suite.failure({ ...ask, videoNos: parsed()[0], prompt: 'Why?' });
		expect(error.message).toBe('Memories.ai stopped answering before the end');
	});

	it('a stream line that is not JSON is an error naming the line', async () => {
		suite.mock.fault({
			service: 'memoriesAi',
			path: 'chat_stream',
			type: 'malformed',
			contentType: 'text/event-stream',
			body: 'data:{"type":"content"\n\ndata:"Done"\n',
		});
		const error = await suite.failure({ ...ask, videoNos: parsed()[0], prompt: 'Why?' });
		expect(error.message).toBe(
			'Memories.ai sent an answer this node cannot read: line 1 of the stream is not JSON',
		);
	});

	it('a JSON error envelope is the vendor error; refusals (0429) are retried, a server error is not repeated', async () => {
		suite.mock.fault({ service: 'memoriesAi', path: 'chat_stream', type: 'code', code: '0401' });
		expect((await suite.failure({ ...ask, videoNos: parsed()[0], prompt: 'Why?' })).message).toBe(
			'Memories.ai rejected the API key',
		);
		suite.mock.resetCounters();
		suite.mock.fault({ service: 'memoriesAi', path: 'chat_stream', type: 'code', code: '0429' });
		await suite.run({ ...ask, videoNos: parsed()[0], prompt: 'Why?' });
		expect(suite.mock.count({ path: 'chat_stream' })).toBe(2);
		suite.mock.resetCounters();
		suite.mock.fault({ service: 'memoriesAi', path: 'chat_stream', type: 'http', status: 502 });
		expect(
			(await suite.failure({ ...ask, videoNos: parsed()[0], prompt: 'Why?' })).message,
		).toContain('server error');
		expect(suite.mock.count({ path: 'chat_stream' })).toBe(1);
	});

	it.each([
		['an empty Prompt', { videoNos: 'VI1', prompt: '  ' }, 'Prompt is empty'],
		['no Video IDs', { videoNos: '', prompt: 'x' }, 'Video IDs is empty'],
		[
			'more than 100 Video IDs',
			{ videoNos: Array.from({ length: 101 }, (_, i) => `VI${i}`).join(','), prompt: 'x' },
			'Video IDs has 101 IDs; ask about at most 100',
		],
	])('rejects %s before any request', async (_name, parameters, message) => {
		const error = await suite.failure({ ...ask, ...parameters });
		expect(error.message).toBe(message);
		expect(suite.mock.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a failing item becomes an error item paired with its input', async () => {
		const items = [{ json: { p: 'What?' } }, { json: { p: '' } }];
		const out = await suite.run(
			{ ...ask, videoNos: parsed()[0], prompt: '={{ $json.p }}' },
			{ items, continueOnFail: true },
		);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(typeof out[0].json.answer).toBe('string');
		expect(out[1].json.error).toBe('Prompt is empty');
	});
});
