/**
 * A caller's own time limit (VendorRequest.until, a trigger's poll budget): the call ends by then
 * whatever policy.deadlineMs allows, and no attempt, retry wait or paced send goes past it. Pacing
 * (`pace(rate, account, notAfter)`) with the test's own account keys; vendorRequest through n8n-core's
 * request helper in a real execution context, against the loopback mock API, whose request log says
 * when each request arrived.
 */
import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { MemoriesAiApi } from '../../packages/n8n-nodes-memories-ai/credentials/MemoriesAiApi.credentials';
import { memoriesAiProfile } from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/v1/transport';
import { noteRefusal, pace } from '../src/pacing';
import type { RequestPolicy } from '../src/policy';
import { isOutOfTime, vendorRequest, withPolicy, type VendorRequest } from '../src/transport';
import { executeNode, registerCredentialTypes, report } from '../../testbed/harness';
import { createMockApi, type MockApi } from '../../testbed/mock-api';

type NodeError = Error & { description?: string | null; failure?: unknown };

let mock: MockApi;
beforeAll(async () => {
	registerCredentialTypes([new MemoriesAiApi()]);
	mock = await createMockApi({ videos: 12, seed: 6 });
});
afterAll(async () => await mock.close());
beforeEach(() => {
	mock.resetCounters();
	mock.clearFaults();
});

/** A node whose execute runs `run` in n8n-core's ExecuteContext: vendorRequest as the nodes call it. */
function probe(run: (this: IExecuteFunctions) => Promise<unknown>): INodeType {
	return {
		description: {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'Sends one request of the test',
			defaults: { name: 'Probe' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'memoriesAiApi' }],
			properties: [],
		},
		async execute() {
			return [[{ json: { answer: (await run.call(this)) as IDataObject } }]];
		},
	};
}

/**
 * Sends `request` with the Memories.ai profile under `policy`; returns the answer or the error, and
 * when the call ended.
 */
async function send(
	policy: Partial<RequestPolicy>,
	request: Partial<VendorRequest>,
	api: MockApi = mock,
): Promise<{ answer?: unknown; error?: NodeError; endedAt: number }> {
	const profile = withPolicy(memoriesAiProfile, policy);
	const full: VendorRequest = {
		method: 'POST',
		path: '/serve/api/v1/list_videos',
		body: { unique_id: 'default', page: 1, size: 5 },
		...request,
	};
	return await executeNode(
		probe(async function () {
			return await vendorRequest.call(this, profile, full);
		}),
		{
			parameters: {},
			credentials: {
				memoriesAiApi: { apiKey: api.keys.memoriesAi, baseUrl: api.baseUrls.memoriesAi },
			},
		},
	).then(
		([[item]]) => ({ answer: item.json.answer, endedAt: Date.now() }),
		(error: unknown) => ({ error: error as NodeError, endedAt: Date.now() }),
	);
}

/** The call ended with an error because its time ran out, of the kind n8n backs off from on a curve. */
function expectOutOfTime(error: NodeError | undefined): asserts error is NodeError {
	expect(error).toBeInstanceOf(Error);
	expect(isOutOfTime(error)).toBe(true);
	expect(error!.failure).toStrictEqual({ cause: 'temporarily-unavailable' });
}

const NOTHING_SENT = {
	message: 'The time for this request to Memories.ai ran out before it could be sent',
	description: 'Nothing was sent. The request is tried again later.',
};

const listRequests = (api: MockApi = mock) =>
	api.requests.filter((r) => r.path.endsWith('/list_videos'));

let accounts = 0;
/** An account key no other test paces. */
const freshAccount = () => `deadline.test ${process.pid} ${Date.now()} ${++accounts}`;

describe('(a) pace(rate, account, notAfter)', () => {
	it('1/s: the first slot is immediate; a second before notAfter = now + 200 ms is refused at once; with now + 2000 ms it comes after about a second', async () => {
		const account = freshAccount();
		let started = Date.now();
		const first = await pace(1, account, started + 200);
		expect(first).toBeInstanceOf(Function);
		expect(Date.now() - started).toBeLessThan(50);
		first!();

		started = Date.now();
		expect(await pace(1, account, started + 200)).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(100);

		started = Date.now();
		const second = await pace(1, account, started + 2000);
		const waited = Date.now() - started;
		expect(second).toBeInstanceOf(Function);
		second!();
		// The window is 1,050 ms ± 5 %, from the first answer; 100 ms of it were spent above.
		expect(waited).toBeGreaterThanOrEqual(800);
		expect(waited).toBeLessThan(1500);
	});

	it('a notAfter already past: undefined at once, even with a free slot (nothing is taken)', async () => {
		const account = freshAccount();
		const started = Date.now();
		expect(await pace(1, account, started - 1)).toBeUndefined();
		expect(await pace(1, account, started)).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(50);
		// The refused calls took no slot: the next one is immediate.
		expect(await pace(1, account, Date.now() + 100)).toBeInstanceOf(Function);
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('an account held by a Retry-After that ends after notAfter: undefined at once, though the rate alone would give a slot before it', async () => {
		const account = freshAccount();
		(await pace(5, account))!();
		// Holds the account 5 s, and lowers its rate to the floor (0.5/s: a slot 2.1 s after the last).
		noteRefusal(account, 5000);
		const started = Date.now();
		expect(await pace(5, account, started + 3000)).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('without notAfter it waits for the slot as before (the default is no limit)', async () => {
		const account = freshAccount();
		(await pace(2, account))!();
		const started = Date.now();
		(await pace(2, account))!();
		// Two a second: sends are spread at least 0.9 of a 500 ms slot apart.
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
	});
});

describe('(b) a server that takes the request and never answers', () => {
	it('until = now + 1.5 s, 500 ms per attempt, deadline 120 s: it ends by until + 300 ms, out of time, and nothing reaches the server after until', async () => {
		mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'latency',
			ms: 60_000,
			times: Infinity,
		});
		const startedAt = Date.now();
		const until = startedAt + 1500;
		const { error, endedAt } = await send(
			{
				maxRetries: 10,
				baseDelayMs: 1,
				maxDelayMs: 2,
				timeoutMs: 500,
				deadlineMs: 120_000,
				pacing: false,
			},
			{ until },
		);
		expectOutOfTime(error);
		expect(error.message).toMatch(
			/^Memories\.ai did not answer in time: the time limit of 1\.\d s for this request ran out after \d+ attempts$/,
		);
		// It used its time (attempts of 500 ms, then what remained), and did not overrun it.
		expect(endedAt).toBeGreaterThanOrEqual(until - 100);
		expect(endedAt).toBeLessThanOrEqual(until + 300);
		const arrivals = listRequests().map((r) => r.at);
		expect(arrivals.length).toBeGreaterThanOrEqual(2);
		for (const at of arrivals) expect(at).toBeLessThanOrEqual(until);
		report(
			`deadline (b): ${arrivals.length} attempts, the last arrived ${until - Math.max(...arrivals)} ms before until; ended ${endedAt - until} ms after until`,
		);
	});
});

describe('(c) a Retry-After longer than what remains before until', () => {
	const RETRY_AFTER_S = 2;
	const policy: Partial<RequestPolicy> = {
		maxRetries: 5,
		baseDelayMs: 1,
		maxDelayMs: 2,
		// The default: a Retry-After of 2 s would be waited out.
		maxRetryAfterMs: 120_000,
		pacing: false,
	};
	const refuseOnce = () =>
		mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'http',
			status: 429,
			retryAfter: RETRY_AFTER_S,
		});

	it("is not waited out: the call ends at once, out of time, after one request, handing the server's wait on as rate-limited", async () => {
		refuseOnce();
		const startedAt = Date.now();
		const { error, endedAt } = await send(policy, { until: startedAt + 1000 });
		expect(error).toBeInstanceOf(Error);
		expect(isOutOfTime(error)).toBe(true);
		// n8n's poll scheduler then waits at least what the server asked for.
		expect(error!.failure).toStrictEqual({
			cause: 'rate-limited',
			retryAfterMs: RETRY_AFTER_S * 1000,
		});
		expect(error!.message).toMatch(/^Memories\.ai is limiting how fast requests can be made/);
		expect(endedAt - startedAt).toBeLessThan(500);
		expect(listRequests()).toHaveLength(1);
	});

	it('(control) without until the same refusal is waited out and the call succeeds', async () => {
		refuseOnce();
		const { answer, error } = await send(policy, {});
		expect(error).toBeUndefined();
		expect(answer).toMatchObject({ code: '0000' });
		const [refused, retried] = listRequests();
		expect(retried.at - refused.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
	});

	it('paced: an account held by a Retry-After past until sends nothing more (the paced send does not go past until)', async () => {
		// A mock of its own: its origin is an account no other test paces.
		const own = await createMockApi({ videos: 3, seed: 7 });
		try {
			const paced: Partial<RequestPolicy> = {
				...policy,
				pacing: true,
				adaptivePacing: true,
				maxRetryAfterMs: 1000,
			};
			own.fault({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 5 });
			// Above maxRetryAfterMs: reported, not waited out; the account is held for 5 s.
			const refused = await send(paced, {}, own);
			expect(refused.error?.failure).toStrictEqual({ cause: 'rate-limited', retryAfterMs: 5000 });
			expect(isOutOfTime(refused.error)).toBe(false);

			const startedAt = Date.now();
			const { error, endedAt } = await send(paced, { until: startedAt + 1000 }, own);
			expectOutOfTime(error);
			expect(error.message).toBe(NOTHING_SENT.message);
			expect(endedAt - startedAt).toBeLessThan(500);
			expect(listRequests(own)).toHaveLength(1);
		} finally {
			await own.close();
		}
	});
});

describe('(d) until already past', () => {
	it.each<[string, Partial<RequestPolicy>, Partial<VendorRequest>]>([
		['pacing off', { pacing: false }, {}],
		['paced', { pacing: true }, {}],
		[
			'paced, with an endpoint budget',
			{ pacing: true },
			{ budget: { endpoint: 'deadline.test', requestsPerSecond: 1 } },
		],
	])(
		'%s: nothing is sent, and the error says the time ran out before it could be sent',
		async (_name, policy, request) => {
			const startedAt = Date.now();
			const { error, endedAt } = await send(policy, { ...request, until: startedAt - 1 });
			expectOutOfTime(error);
			expect(error.message).toBe(NOTHING_SENT.message);
			expect(error.description).toBe(NOTHING_SENT.description);
			expect(endedAt - startedAt).toBeLessThan(200);
			expect(mock.requests).toHaveLength(0);
		},
	);
});

describe('(e) an endpoint budget whose next slot is after until', () => {
	it('nothing is sent, at once: the budget does not wait past until', async () => {
		const budget = { endpoint: `deadline.test ${freshAccount()}`, requestsPerSecond: 1 };
		const first = await send({ pacing: true }, { budget });
		expect(first.error).toBeUndefined();
		const startedAt = Date.now();
		const { error, endedAt } = await send({ pacing: true }, { budget, until: startedAt + 300 });
		expectOutOfTime(error);
		expect(error.message).toBe(NOTHING_SENT.message);
		expect(endedAt - startedAt).toBeLessThan(200);
		expect(listRequests()).toHaveLength(1);
	});
});

describe('an attempt held back by pacing', () => {
	it("its time limit starts when it is sent: a hold longer than one attempt's limit does not throw the answer away", async () => {
		// A mock of its own: its origin is an account no other test paces.
		const own = await createMockApi({ videos: 3, seed: 8 });
		try {
			const paced: Partial<RequestPolicy> = {
				maxRetries: 2,
				baseDelayMs: 1,
				maxDelayMs: 5,
				timeoutMs: 500,
				pacing: true,
				adaptivePacing: true,
			};
			// Refused with Retry-After 1.5 s: the account (every request of it) is held that long.
			own.fault({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 1.5, times: 1 });
			const startedAt = Date.now();
			const { answer, error } = await send(paced, {}, own);
			expect(error).toBeUndefined();
			expect(answer).toMatchObject({ code: '0000' });
			// The refused request and one retry after the hold: the retry's answer was used.
			const [refused, retried, ...more] = listRequests(own);
			expect(more).toHaveLength(0);
			expect(retried.at - refused.at).toBeGreaterThanOrEqual(1400);
			report(`paced hold: answered ${Date.now() - startedAt} ms after the first send`);
		} finally {
			await own.close();
		}
	});
});
