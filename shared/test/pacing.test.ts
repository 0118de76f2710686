import { MemoriesAiApi } from '../../packages/n8n-nodes-memories-ai/credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node';
import * as pacing from '../src/pacing';
import { ADAPTIVE_RATE, AdaptiveRate } from '../src/pacing';
import { executeNode, registerCredentialTypes, TEST_POLICY } from '../../testbed/harness';
import { createMockApi, type MockApi } from '../../testbed/mock-api';

describe('adaptive rate (clock of the test)', () => {
	it('starts at the documented rate and lowers it by the decrease factor on a refusal', () => {
		const rate = new AdaptiveRate(5);
		expect(rate.current(0)).toBe(5);
		rate.refused(1000, 900);
		expect(rate.current(1000)).toBeCloseTo(5 * ADAPTIVE_RATE.decrease);
	});

	it('a burst of refusals of requests sent before the decrease lowers it once; a later one lowers it again', () => {
		const rate = new AdaptiveRate(5);
		rate.refused(1000, 990);
		rate.refused(1001, 995);
		rate.refused(1002, 999);
		expect(rate.current(1002)).toBeCloseTo(3.5, 1);
		rate.refused(1500, 1200);
		expect(rate.current(1500)).toBeCloseTo(3.5 * 0.7, 1);
	});

	it('drops to what the server accepted from this process in the last second, when that is lower', () => {
		const rate = new AdaptiveRate(5);
		rate.refused(1000, 1000, undefined, 2);
		expect(rate.current(1000)).toBe(2);
		rate.refused(2000, 2000, undefined, 0);
		expect(rate.current(2000)).toBe(ADAPTIVE_RATE.floor);
	});

	it('never goes below the floor', () => {
		const rate = new AdaptiveRate(5);
		for (let t = 1; t <= 30; t++) rate.refused(t * 1000, t * 1000);
		expect(rate.current(30000)).toBe(ADAPTIVE_RATE.floor);
	});

	it('recovers by recoveryPerSecond each second up to the documented rate, never above', () => {
		const rate = new AdaptiveRate(5);
		rate.refused(0, 0);
		expect(rate.current(10_000)).toBeCloseTo(3.5 + 10 * ADAPTIVE_RATE.recoveryPerSecond);
		const full = (1.5 / ADAPTIVE_RATE.recoveryPerSecond) * 1000;
		expect(rate.current(full - 1000)).toBeCloseTo(5 - ADAPTIVE_RATE.recoveryPerSecond);
		expect(rate.current(full)).toBe(5);
		expect(rate.current(full + 60_000)).toBe(5);
	});

	it('a Retry-After holds the account until it has passed, and recovery starts only then', () => {
		const rate = new AdaptiveRate(5);
		rate.refused(1000, 1000, 3000);
		expect(rate.blockedUntil).toBe(4000);
		expect(rate.current(4000)).toBeCloseTo(3.5);
		expect(rate.current(5000)).toBeCloseTo(3.5 + ADAPTIVE_RATE.recoveryPerSecond);
		// A shorter Retry-After never shortens the hold; a refusal without one keeps it.
		rate.refused(1500, 900, 1000);
		rate.refused(1600, 900);
		expect(rate.blockedUntil).toBe(4000);
	});
});

describe('a refusal with Retry-After holds the other requests of the account (real transport, mock API)', () => {
	const RETRY_AFTER_S = 3;
	let mock: MockApi;
	beforeAll(() => registerCredentialTypes([new MemoriesAiApi()]));
	beforeEach(async () => {
		// 12 pages of 200: page 1, then pages 2–6 at once (paced at 5/s), then the rest. The first request
		// of that second batch to arrive (the order within a batch is not fixed) is refused.
		mock = await createMockApi({ videos: 2400, seed: 3 });
		let lists = 0;
		mock.onRequest(({ path }) => {
			if (!path.endsWith('/list_videos') || ++lists !== 2) return;
			mock.fault({
				service: 'memoriesAi',
				path: 'list_videos',
				type: 'http',
				status: 429,
				retryAfter: RETRY_AFTER_S,
			});
		});
	});
	afterEach(async () => await mock.close());

	/**
	 * How many requests the pacing let go while the Retry-After of that refusal ran: the moments
	 * `pace()` granted a slot (not when requests reached the mock, which a busy machine delays),
	 * after the node learnt of the refusal (the old mode never notes one: after the refused request
	 * reached the mock) and before the Retry-After ended.
	 */
	async function grantsDuringRetryAfter(adaptivePacing: boolean): Promise<number> {
		const { noteRefusal, pace } = pacing;
		let learntAt: number | undefined;
		const grants: number[] = [];
		const spies = [
			jest.spyOn(pacing, 'noteRefusal').mockImplementation((...args) => {
				learntAt ??= Date.now();
				noteRefusal(...args);
			}),
			jest.spyOn(pacing, 'pace').mockImplementation(async (...args) => {
				const settle = await pace(...args);
				grants.push(Date.now());
				return settle;
			}),
		];
		const node = new MemoriesAi({ ...TEST_POLICY, pacing: true, adaptivePacing });
		const [out] = await executeNode(node, {
			parameters: { resource: 'video', operation: 'getAll', returnAll: true },
			credentials: {
				memoriesAiApi: { apiKey: mock.keys.memoriesAi, baseUrl: mock.baseUrls.memoriesAi },
			},
		}).finally(() => spies.forEach((spy) => spy.mockRestore()));
		expect(out).toHaveLength(2400);
		const list = mock.requests.filter((r) => r.path.endsWith('/list_videos'));
		const refusal = list.find((r) => r.status === 429);
		if (!refusal) throw new Error('the 429 was not sent');
		expect(list).toHaveLength(13);
		expect(grants).toHaveLength(13);
		const from = learntAt ?? refusal.at;
		return grants.filter((at) => at > from && at < refusal.at + RETRY_AFTER_S * 1000).length;
	}

	it('adaptive: no request of the account is sent until Retry-After has passed', async () => {
		expect(await grantsDuringRetryAfter(true)).toBe(0);
	});

	it('without adaptive pacing (the old behaviour) only the refused request waited: the others went on', async () => {
		expect(await grantsDuringRetryAfter(false)).toBeGreaterThan(0);
	});
});
