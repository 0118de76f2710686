/**
 * Every error vendorRequest throws says what kind of failure it is, in the `failure` property n8n
 * 2.38+ reads from a thrown error to choose a poll trigger's backoff (errors.ts FailureKind). Each
 * kind is produced here by a real request through n8n-core's request helper, in a real execution
 * context, to the loopback mock API (or a port where nothing listens), and the property is checked
 * to be exactly what n8n reads: plain data, and nowhere in the words the user sees.
 */
import type { IDataObject, IExecuteFunctions, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { HeyGenFoldersApi } from '../../packages/n8n-nodes-heygen-folders/credentials/HeyGenFoldersApi.credentials';
import { HeyGen } from '../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/HeyGen.node';
import { heyGenProfile } from '../../packages/n8n-nodes-heygen-folders/nodes/HeyGen/profile';
import { KonproApi } from '../../packages/n8n-nodes-konpro/credentials/KonproApi.credentials';
import { Konpro } from '../../packages/n8n-nodes-konpro/nodes/Konpro/Konpro.node';
import { konproProfile } from '../../packages/n8n-nodes-konpro/nodes/Konpro/profile';
import { MemoriesAiApi } from '../../packages/n8n-nodes-memories-ai/credentials/MemoriesAiApi.credentials';
import { MemoriesAi } from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/MemoriesAi.node';
import {
	listVideosPage,
	memoriesAiProfile,
} from '../../packages/n8n-nodes-memories-ai/nodes/MemoriesAi/v1/transport';
import type { FailureKind } from '../src/errors';
import type { RequestPolicy } from '../src/policy';
import {
	isOutOfTime,
	vendorRequest,
	withPolicy,
	type ServiceProfile,
	type VendorRequest,
} from '../src/transport';
import {
	closedPort,
	executeNode,
	registerCredentialTypes,
	TEST_POLICY,
} from '../../testbed/harness';
import { createMockApi, type FaultSpec, type MockApi } from '../../testbed/mock-api';

type NodeError = Error & { description?: string | null; failure?: unknown };

let mock: MockApi;
beforeAll(async () => {
	registerCredentialTypes([new MemoriesAiApi(), new HeyGenFoldersApi(), new KonproApi()]);
	mock = await createMockApi({ videos: 12, folders: 12, seed: 5 });
});
afterAll(async () => await mock.close());
beforeEach(() => {
	mock.resetCounters();
	mock.clearFaults();
});

/** One retry, millisecond backoff, no pacing: a storm "beyond the retries" takes two requests. */
const FAST: Partial<RequestPolicy> = {
	maxRetries: 1,
	baseDelayMs: 1,
	maxDelayMs: 2,
	maxRetryAfterMs: 1000,
	timeoutMs: 5000,
	deadlineMs: 30_000,
	pacing: false,
};

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
			credentials: [{ name: 'memoriesAiApi' }, { name: 'heyGenFoldersApi' }, { name: 'konproApi' }],
			properties: [],
		},
		async execute() {
			return [[{ json: { answer: (await run.call(this)) as IDataObject } }]];
		},
	};
}

type Service = 'memoriesAi' | 'heyGen' | 'konpro';
const CREDENTIAL_TYPE: Record<Service, string> = {
	memoriesAi: 'memoriesAiApi',
	heyGen: 'heyGenFoldersApi',
	konpro: 'konproApi',
};
const credentialsOf = (
	service: Service,
	apiKey: string = mock.keys[service],
	baseUrl?: string,
) => ({
	[CREDENTIAL_TYPE[service]]: { apiKey, baseUrl: baseUrl ?? mock.baseUrls[service] },
});

/** What `node` threw when run with `parameters`; the test fails if it did not throw. */
async function thrownBy(
	node: INodeType | IVersionedNodeType,
	parameters: IDataObject,
	credentials: Record<string, IDataObject>,
): Promise<NodeError> {
	const error = await executeNode(node, { parameters, credentials: credentials as never }).then(
		() => undefined,
		(caught: unknown) => caught as NodeError,
	);
	if (error === undefined) throw new Error('expected the node to throw');
	return error;
}

/** What vendorRequest threw for `request`, sent with `profile` in a real ExecuteContext. */
async function requestError(
	profile: ServiceProfile,
	request: VendorRequest,
	credentials: Record<string, IDataObject> = credentialsOf('memoriesAi'),
): Promise<NodeError> {
	return await thrownBy(
		probe(async function () {
			return await vendorRequest.call(this, profile, request);
		}),
		{},
		credentials,
	);
}

const CAUSES = [
	'rate-limited',
	'quota-exhausted',
	'temporarily-unavailable',
	'credential-invalid',
	'configuration-invalid',
	'node-defect',
];

/**
 * The error carries exactly `expected` as n8n reads it (`error.failure`, a plain JSON object, no
 * field more or less), and the words the user sees are the ones below: no failure kind in them, no
 * piece of the API key.
 */
function expectFailure(
	error: NodeError,
	expected: FailureKind,
	shown: { message: string; description: string | RegExp },
	apiKey: string = mock.keys.memoriesAi,
): void {
	expect(error.failure).toStrictEqual(expected);
	// Plain data: a JSON round trip gives the same object (no class, no function, no undefined field).
	expect(JSON.parse(JSON.stringify(error.failure))).toStrictEqual(error.failure);
	expect(Object.getPrototypeOf(error.failure)).toBe(Object.prototype);
	expect(error.message).toBe(shown.message);
	if (typeof shown.description === 'string') expect(error.description).toBe(shown.description);
	else expect(error.description).toMatch(shown.description);
	const words = `${error.message}\n${error.description ?? ''}`;
	for (const kind of [...CAUSES, 'retryAfterMs', 'failure', apiKey])
		expect(words).not.toContain(kind);
	// Ran out of time is a different thing (deadline.test.ts): none of these is.
	expect(isOutOfTime(error)).toBe(false);
}

const LIST_VIDEOS: VendorRequest = {
	method: 'POST',
	path: '/serve/api/v1/list_videos',
	body: { unique_id: 'default', page: 1, size: 5 },
};
const memories = withPolicy(memoriesAiProfile, FAST);
const listRequests = () => mock.requests.filter((r) => r.path.endsWith('/list_videos'));

describe('Memories.ai: every kind from a real answer of the mock', () => {
	const always = (spec: FaultSpec): FaultSpec => ({
		path: 'list_videos',
		times: Infinity,
		...spec,
	});
	it.each<
		[string, FaultSpec, FailureKind, number, { message: string; description: string | RegExp }]
	>([
		[
			'0429 on every attempt (a storm beyond the retries)',
			always({ type: 'code', code: '0429' }),
			{ cause: 'rate-limited' },
			2,
			{
				message:
					'Memories.ai is limiting how fast requests can be made, and kept doing so after several retries',
				description: 'Memories.ai said: "Request exceeded the limit" (code 0429)',
			},
		],
		[
			'HTTP 429 with Retry-After 0.05 s on every attempt',
			always({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 0.05 }),
			{ cause: 'rate-limited', retryAfterMs: 50 },
			2,
			{
				message:
					'Memories.ai is limiting how fast requests can be made, and kept doing so after several retries',
				description: 'Memories.ai said: "Too Many Requests" (HTTP 429)',
			},
		],
		[
			'HTTP 429 with a Retry-After of 30 s, above maxRetryAfterMs (not waited out)',
			always({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 30 }),
			{ cause: 'rate-limited', retryAfterMs: 30_000 },
			1,
			{
				message:
					'Memories.ai is limiting how fast requests can be made, and kept doing so after several retries',
				description: 'Memories.ai said: "Too Many Requests" (HTTP 429)',
			},
		],
		[
			'0001 (system busy) on every attempt',
			always({ type: 'code', code: '0001' }),
			{ cause: 'temporarily-unavailable' },
			2,
			{
				message: 'Memories.ai had a temporary problem and kept having it after several retries',
				description: 'Memories.ai said: "System busy, please try again later" (code 0001)',
			},
		],
		[
			'0401 (API key rejected)',
			always({ type: 'code', code: '0401' }),
			{ cause: 'credential-invalid' },
			1,
			{
				message: 'Memories.ai rejected the API key',
				description: 'Memories.ai said: "Invalid API key" (code 0401)',
			},
		],
		[
			'0403 (account disabled)',
			always({ type: 'code', code: '0403' }),
			{ cause: 'credential-invalid' },
			1,
			{
				message: 'The Memories.ai account or API key is disabled',
				description: 'Memories.ai said: "Account disabled" (code 0403)',
			},
		],
		[
			'9009 (no permission)',
			always({ type: 'code', code: '9009' }),
			{ cause: 'credential-invalid' },
			1,
			{
				message: 'The Memories.ai API key has no permission to do this',
				description: 'Memories.ai said: "No permission" (code 9009)',
			},
		],
		[
			'0402 (out of credits)',
			always({ type: 'code', code: '0402' }),
			{ cause: 'quota-exhausted' },
			1,
			{
				message: 'The Memories.ai account is out of credits',
				description: 'Memories.ai said: "Insufficient credits" (code 0402)',
			},
		],
		[
			'0003 (parameters refused)',
			always({ type: 'code', code: '0003' }),
			{ cause: 'configuration-invalid' },
			1,
			{
				message: 'Memories.ai did not accept the request parameters',
				description: 'Memories.ai said: "Invalid parameters" (code 0003)',
			},
		],
		[
			'HTTP 503 on every attempt',
			always({ service: 'memoriesAi', type: 'http', status: 503 }),
			{ cause: 'temporarily-unavailable' },
			2,
			{
				message: 'Memories.ai is having trouble right now (server error). Try again later',
				description: 'Memories.ai said: "Service Unavailable" (HTTP 503)',
			},
		],
		[
			'HTTP 402',
			always({ service: 'memoriesAi', type: 'http', status: 402 }),
			{ cause: 'quota-exhausted' },
			1,
			{
				message: 'The Memories.ai account is out of credits',
				description: 'Memories.ai said: "Payment Required" (HTTP 402)',
			},
		],
		[
			'HTTP 408',
			always({ service: 'memoriesAi', type: 'http', status: 408 }),
			{ cause: 'temporarily-unavailable' },
			1,
			{
				message: 'Memories.ai could not complete the request',
				description: 'Memories.ai said: "Request Timeout" (HTTP 408)',
			},
		],
		[
			'the connection reset on every attempt',
			always({ service: 'memoriesAi', type: 'reset' }),
			{ cause: 'temporarily-unavailable' },
			2,
			{
				message: 'Could not reach Memories.ai: the connection failed or timed out',
				description: 'Memories.ai gave no explanation (code ECONNRESET)',
			},
		],
		[
			'JSON cut off in the middle (HTTP 200)',
			always({ service: 'memoriesAi', type: 'malformed' }),
			{ cause: 'configuration-invalid' },
			1,
			{
				message: 'Memories.ai sent a response that is not valid JSON',
				description:
					/^Memories\.ai said: "\{"code":"0000","msg":"success","data":\{"current_page":1,.*" \(HTTP 200\)$/,
			},
		],
	])('%s', async (_name, fault, expected, requests, shown) => {
		mock.fault(fault);
		const started = Date.now();
		const error = await requestError(memories, LIST_VIDEOS);
		expectFailure(error, expected, shown);
		expect(listRequests()).toHaveLength(requests);
		// Nothing here waits out anything longer than the 50 ms Retry-After.
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('a wrong API key (the mock answers HTTP 200 with 0401) → credential-invalid', async () => {
		const wrongKey = 'mem-wrong-key-9876543210';
		const error = await requestError(memories, LIST_VIDEOS, credentialsOf('memoriesAi', wrongKey));
		expectFailure(
			error,
			{ cause: 'credential-invalid' },
			{
				message: 'Memories.ai rejected the API key',
				description: 'Memories.ai said: "Invalid API key" (code 0401)',
			},
			wrongKey,
		);
		expect(listRequests().map((r) => r.auth)).toEqual(['invalid']);
	});

	it('a port where nothing listens (connection refused) → temporarily-unavailable', async () => {
		const port = await closedPort();
		const error = await requestError(
			memories,
			LIST_VIDEOS,
			credentialsOf('memoriesAi', mock.keys.memoriesAi, `http://127.0.0.1:${port}`),
		);
		expectFailure(
			error,
			{ cause: 'temporarily-unavailable' },
			{
				message: 'Could not reach Memories.ai: the connection failed or timed out',
				description: 'Memories.ai gave no explanation (code ECONNREFUSED)',
			},
		);
	});

	it('the Retry-After of the last refusal is the one given, in ms (Retry-After 0.05 s then 0.12 s)', async () => {
		mock.fault({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 0.05 });
		mock.fault({ service: 'memoriesAi', type: 'http', status: 429, retryAfter: 0.12 });
		const error = await requestError(memories, LIST_VIDEOS);
		expect(error.failure).toStrictEqual({ cause: 'rate-limited', retryAfterMs: 120 });
		const [first, second] = listRequests();
		expect(second.at - first.at).toBeGreaterThanOrEqual(45);
	});
});

describe('an answer of the wrong shape, read by a real operation → configuration-invalid', () => {
	/** list_videos' answer with data.videos null, sent as a success (HTTP 200, code 0000). */
	const videosNull = () => {
		const answer = mock.memories.listVideos({ unique_id: 'default', page: 1, size: 5 }) as {
			data: IDataObject;
		};
		return JSON.stringify({ ...answer, data: { ...answer.data, videos: null } });
	};
	const shown = {
		message: 'Memories.ai sent an answer this node cannot read: data.videos is not a list',
		description:
			'The field "data.videos" is not a list (received null). Try again later; if it keeps happening, the service may have changed its API.',
	};

	it('the Memories.ai node, Video → Get Many', async () => {
		mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'malformed',
			body: videosNull(),
		});
		const error = await thrownBy(
			new MemoriesAi(TEST_POLICY),
			{ resource: 'video', operation: 'getAll', limit: 5 },
			credentialsOf('memoriesAi'),
		);
		expectFailure(error, { cause: 'configuration-invalid' }, shown);
		expect(listRequests()).toHaveLength(1);
	});

	it('listVideosPage, the one reader of list_videos (the trigger reads its pages there too)', async () => {
		mock.fault({
			service: 'memoriesAi',
			path: 'list_videos',
			type: 'malformed',
			body: videosNull(),
		});
		const error = await thrownBy(
			probe(async function () {
				return await listVideosPage.call(this, memories, { unique_id: 'default' }, 1, 5);
			}),
			{},
			credentialsOf('memoriesAi'),
		);
		expectFailure(error, { cause: 'configuration-invalid' }, shown);
	});
});

describe('HeyGen and Konpro: the kind from the HTTP status', () => {
	it('HeyGen, a wrong API key (HTTP 401), through the HeyGen node → credential-invalid', async () => {
		const wrongKey = 'hg-wrong-key-9876543210';
		const error = await thrownBy(
			new HeyGen(TEST_POLICY),
			{ resource: 'folder', operation: 'getAll', returnAll: true },
			credentialsOf('heyGen', wrongKey),
		);
		expectFailure(
			error,
			{ cause: 'credential-invalid' },
			{
				message: 'HeyGen rejected the API key',
				description: /^HeyGen said: ".+" \(code unauthorized, HTTP 401\)$/,
			},
			wrongKey,
		);
	});

	it('Konpro, renaming a folder that does not exist (HTTP 404), through the Konpro node → configuration-invalid', async () => {
		const error = await thrownBy(
			new Konpro(TEST_POLICY),
			{
				resource: 'folder',
				operation: 'rename',
				folderId: { __rl: true, mode: 'id', value: 'folder_000000404' },
				name: 'Renamed',
			},
			credentialsOf('konpro'),
		);
		expectFailure(
			error,
			{ cause: 'configuration-invalid' },
			{
				message: 'Konpro could not find what was requested',
				description: /^Konpro said: ".+" \(code \w+, HTTP 404\)$/,
			},
			mock.keys.konpro,
		);
		expect(mock.count({ service: 'konpro' })).toBe(1);
	});

	it('Konpro, a parameter it refuses (limit 500: HTTP 400) → configuration-invalid', async () => {
		const error = await requestError(
			withPolicy(konproProfile, FAST),
			{ method: 'GET', path: '/v1/folders', qs: { limit: 500 } },
			credentialsOf('konpro'),
		);
		expectFailure(
			error,
			{ cause: 'configuration-invalid' },
			{
				message: 'Konpro did not accept the request: a parameter is invalid',
				description: /^Konpro said: ".+" \(code invalid_parameter, HTTP 400\)$/,
			},
			mock.keys.konpro,
		);
		expect(mock.count({ service: 'konpro' })).toBe(1);
	});

	it('HeyGen, HTTP 503 on every attempt → temporarily-unavailable after the retries', async () => {
		mock.fault({ service: 'heyGen', type: 'http', status: 503, times: Infinity });
		const error = await requestError(
			withPolicy(heyGenProfile, FAST),
			{ method: 'GET', path: '/v1/folders', qs: { limit: 5 } },
			credentialsOf('heyGen'),
		);
		expectFailure(
			error,
			{ cause: 'temporarily-unavailable' },
			{
				message: 'HeyGen is having trouble right now (server error). Try again later',
				description: /^HeyGen said: ".+" \(code \w+, HTTP 503\)$/,
			},
			mock.keys.heyGen,
		);
		expect(mock.count({ service: 'heyGen' })).toBe(2);
	});
});
