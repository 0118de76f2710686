import { normalizeRecord, normalizeStatus, toNumber } from '../src/normalize';
import type { INode } from 'n8n-workflow';

import { collectNumberedPages } from '../src/pagination';
import { heyGenProfile } from '../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/profile';
import {
	backoffDelay,
	DEFAULT_REQUEST_POLICY,
	parseRetryAfter,
	REQUEST_OPTIONS,
	timeLimitOverride,
	type RequestPolicy,
} from '../src/policy';
import { withPolicy } from '../src/transport';
import { messageForFailure, readVendorError, redact } from '../src/errors';

describe('normalize', () => {
	it('turns legacy strings into numbers and "null" into null', () => {
		expect(
			normalizeRecord({
				duration: '12',
				size: '3284512',
				create_time: '1754037217992',
				cause: 'null',
				video_name: '007',
				status: 'done',
			}),
		).toEqual({
			duration: 12,
			size: 3284512,
			create_time: 1754037217992,
			cause: null,
			video_name: '007',
			status: 'PARSE',
		});
	});
	it('maps status spellings case-insensitively', () => {
		expect(
			['parse', 'DONE', 'Unparse', 'fail', 'PARSE_ERROR', 'failed', 'weird'].map(normalizeStatus),
		).toEqual(['PARSE', 'PARSE', 'UNPARSE', 'FAILED', 'FAILED', 'FAILED', 'WEIRD']);
	});
	it('leaves non-numeric strings alone', () => {
		expect(toNumber('12a')).toBeUndefined();
		expect(toNumber('')).toBeUndefined();
		expect(normalizeRecord({ size: 'n/a' }).size).toBe('n/a');
	});
});

describe('retry timing', () => {
	const policy: RequestPolicy = {
		maxRetries: 5,
		baseDelayMs: 1000,
		maxDelayMs: 8000,
		maxRetryAfterMs: 60000,
		timeoutMs: 1,
		deadlineMs: 1,
		maxResponseBytes: 1,
		maxPages: 1,
		pacing: false,
		adaptivePacing: false,
	};
	it('doubles each step, jittered between half and all of it, capped', () => {
		expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 0))).toEqual([
			500, 1000, 2000, 4000, 4000,
		]);
		expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 1))).toEqual([
			1000, 2000, 4000, 8000, 8000,
		]);
	});
	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(2)).toBe(2000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(
			10000,
		);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('vendor errors', () => {
	it('reads every error shape the vendors use', () => {
		expect(
			readVendorError({
				error: { code: 'invalid_parameter', message: 'limit too big' },
				data: null,
			}),
		).toEqual({
			code: 'invalid_parameter',
			message: 'limit too big',
		});
		expect(readVendorError({ error: 'Folder not found', data: null })).toEqual({
			code: undefined,
			message: 'Folder not found',
		});
		expect(readVendorError({ code: '0003', msg: 'bad size' })).toEqual({
			code: '0003',
			message: 'bad size',
		});
		expect(readVendorError({ code: 401, message: 'Unauthorized' })).toEqual({
			code: '401',
			message: 'Unauthorized',
		});
		expect(readVendorError('<html>Bad gateway</html>')).toEqual({
			message: '<html>Bad gateway</html>',
		});
	});
	it('prefers the vendor code message, then the HTTP status message', () => {
		expect(messageForFailure('HeyGen', { httpCode: 401 })).toBe('HeyGen rejected the API key');
		expect(messageForFailure('Konpro', { httpCode: 503 })).toMatch(/^Konpro is having trouble/);
		expect(messageForFailure('X', { httpCode: 400, code: 'c1' }, { c1: 'custom' })).toBe('custom');
	});
	it('redacts secrets', () => {
		expect(redact('key=abcd1234 again abcd1234', ['abcd1234'])).toBe('key=*** again ***');
	});
});

const NODE: INode = {
	id: 'n',
	name: 'Node',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('page-number pagination', () => {
	/** A fake data source of `total` records; records which pages were asked for. */
	function source(total: number) {
		const asked: Array<[number, number]> = [];
		const fetchPage = async (page: number, size: number) => {
			asked.push([page, size]);
			const start = (page - 1) * size;
			return {
				items: Array.from(
					{ length: Math.max(0, Math.min(size, total - start)) },
					(_, i) => start + i,
				),
				total,
			};
		};
		return { asked, fetchPage };
	}
	it.each([
		[1001, undefined, 6, 1001],
		[1001, 250, 2, 250],
		[1001, 200, 1, 200],
		[1001, 201, 2, 201],
		[400, undefined, 2, 400],
		[0, undefined, 1, 0],
		[150, 1000, 1, 150],
	])('total %i, limit %p: %i requests, %i records', async (total, limit, requests, records) => {
		for (const concurrency of [1, 3]) {
			const { asked, fetchPage } = source(total);
			const out = await collectNumberedPages(NODE, fetchPage, {
				limit,
				pageSize: 200,
				concurrency,
				keyOf: String,
				noun: 'records',
			});
			expect(asked).toHaveLength(requests);
			expect(out).toEqual(Array.from({ length: records }, (_, i) => i));
		}
	});

	/** A server holding `count` records that misbehaves: caps pages, sends more than asked, reports another total. */
	function misbehaving(
		count: number,
		{ cap = Infinity, extra = 0, total = (): number | undefined => count, repeat = false } = {},
	) {
		const asked: Array<[number, number]> = [];
		const fetchPage = async (page: number, size: number) => {
			asked.push([page, size]);
			const start = repeat ? 0 : (page - 1) * size;
			const length = Math.max(0, Math.min(Math.min(size, cap) + extra, count - start));
			return { items: Array.from({ length }, (_, i) => start + i), total: total() };
		};
		return { asked, fetchPage };
	}
	const all = (n: number) => Array.from({ length: n }, (_, i) => i);
	it.each([
		['pages capped at 100', { cap: 100 }, 20],
		['pages of 300 when 200 were asked', { extra: 100 }, 10],
		['no total_count', { total: () => undefined }, 11],
		['total_count -5', { total: () => -5 }, 11],
		['total_count 1e6', { total: () => 1e6 }, 11],
		['total_count 1e12', { total: () => 1e12 }, 11],
		['total_count too low (195)', { total: () => 195 }, 11],
		['total_count too low (1,050)', { total: () => 1050 }, 11],
	])('2,000 records, %s: all 2,000 once each', async (_, behaviour, requests) => {
		const { asked, fetchPage } = misbehaving(2000, behaviour);
		const out = await collectNumberedPages(NODE, fetchPage, {
			pageSize: 200,
			concurrency: 1,
			keyOf: String,
			noun: 'records',
		});
		expect(out).toEqual(all(2000));
		expect(asked).toHaveLength(requests);
	});

	it('a server sending the same full page again and again is an error, not an endless loop', async () => {
		const { fetchPage } = misbehaving(5000, { repeat: true, total: () => 1e12 });
		await expect(
			collectNumberedPages(NODE, fetchPage, {
				pageSize: 200,
				concurrency: 3,
				keyOf: String,
				noun: 'records',
			}),
		).rejects.toThrow(/same records page after page/);
	});
});

describe('request policy seam', () => {
	it('overrides make a new profile; the defaults every user gets cannot be changed', () => {
		const profile = heyGenProfile;
		const fast = withPolicy(profile, { baseDelayMs: 5, pacing: false });
		expect(fast).not.toBe(profile);
		expect(fast.policy).toEqual({ ...DEFAULT_REQUEST_POLICY, baseDelayMs: 5, pacing: false });
		expect(profile.policy).toBe(DEFAULT_REQUEST_POLICY);
		expect(withPolicy(profile)).toBe(profile);
		expect(Object.isFrozen(DEFAULT_REQUEST_POLICY)).toBe(true);
		expect(() => Object.assign(DEFAULT_REQUEST_POLICY, { maxRetries: 0 })).toThrow(TypeError);
	});
	it("the node's Request Options → Time Limit defaults to the policy's deadline", () => {
		const [timeLimit] = REQUEST_OPTIONS.options as Array<{ name: string; default: number }>;
		expect(timeLimit.default * 1000).toBe(DEFAULT_REQUEST_POLICY.deadlineMs);
		expect(timeLimitOverride({ timeLimit: 5 })).toEqual({ deadlineMs: 5000 });
		expect(timeLimitOverride({})).toEqual({});
	});
});
