/**
 * Test harness: runs this package's nodes inside n8n-core's REAL execution contexts.
 *
 * - A real `Workflow` (n8n-workflow) holds the node; parameter defaults are applied by the
 *   Workflow constructor exactly as in n8n (`NodeHelpers.getNodeParameters(..., true, false, node, description)`).
 * - Real `ExecuteContext` / `PollContext` / `LoadOptionsContext` (n8n-core) and, for credential tests,
 *   real `ExecuteContext` + `RoutingNode` exactly as n8n's CredentialsTester does it.
 * - HTTP goes through n8n-core's real request helpers (`httpRequestWithAuthentication`); nothing is mocked.
 * - `additionalData.credentialsHelper` is `HarnessCredentialsHelper` below: a port of n8n's
 *   CredentialsHelper (packages/cli/src/credentials-helper.ts) without the database: credential data
 *   handed in by the test is encrypted with n8n-core's real `Credentials`/`Cipher`, decrypted on
 *   `getDecrypted`, defaults applied, expressions resolved, and generic `authenticate` applied with the
 *   workflow expression engine.
 * - n8n's logger (`LoggerProxy` and the DI `Logger` that `this.logger` returns) writes to `logs`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';

import { Logger } from '@n8n/backend-common';
import { InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	Credentials,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	InstanceSettings,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	getAdditionalKeys,
} from 'n8n-core';
// Not re-exported by n8n-core's index; the harness owns their timers (see bootstrap()).
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	ICredentialsHelper,
	LoggerProxy,
	Node as N8nNodeClass,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeData,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	ITaskDataConnections,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { RequestPolicy } from '../../shared/src/policy';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * The request policy tests and benchmarks construct nodes with (`new MemoriesAi(TEST_POLICY)`):
 * backoff steps of milliseconds instead of seconds, and no client-side pacing (the mock API has no
 * rate limit unless a test turns it on). Tests of retries, Retry-After or pacing construct their own.
 */
export const TEST_POLICY: Readonly<Partial<RequestPolicy>> = Object.freeze({
	baseDelayMs: 5,
	maxDelayMs: 40,
	pacing: false,
});

export interface NodeRunOptions {
	/** Node parameters as saved in a workflow; the description's defaults are applied like n8n does. */
	parameters: IDataObject;
	/** Decrypted credential data by credential type name, e.g. `{ memoriesAiApi: { apiKey, baseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Input items; default `[{ json: {} }]`. */
	items?: INodeExecutionData[];
	/** Sets `node.onError = 'continueRegularOutput'` (and `node.continueOnFail = true`). */
	continueOnFail?: boolean;
	/** Default: the description's version (the highest if it is an array / the default version of a versioned type). */
	typeVersion?: number;
	/**
	 * Addition to the brief. Execution mode for `executeNode` (default 'manual', the editor's "Execute step";
	 * use 'trigger' / 'webhook' for a production run). Ignored by `listSearch` (n8n uses 'internal' there).
	 */
	mode?: WorkflowExecuteMode;
}

export interface PollOptions extends NodeRunOptions {
	/**
	 * The workflow's WHOLE static data (`{ 'node:<Node Name>': {...}, global?: {...} }`), e.g. the previous
	 * `PollResult.staticData`. In 'trigger' mode the object is used live, like the in-memory Workflow n8n keeps
	 * between polls of an active workflow: the node's mutations land in it even when the poll throws.
	 * In 'manual' mode a JSON copy is used (n8n neither shares nor saves a manual run's static data).
	 */
	staticData?: IDataObject;
	/** 'trigger' = an active workflow's scheduled poll (activation 'activate'); 'manual' = "Fetch Test Event". */
	mode?: 'trigger' | 'manual';
	/**
	 * What `this.getPollBudgetMs()` returns, as n8n 2.41+ gives a scheduled poll (its poll timeout less
	 * a margin); the n8n-core this harness runs (2.8) has no such method, so by default there is none.
	 */
	pollBudgetMs?: number;
}

export interface PollResult {
	output: INodeExecutionData[][] | null;
	/** The workflow's whole static data after the poll, JSON round-tripped (as n8n persists it). */
	staticData: IDataObject;
}

type AnyNodeType = INodeType | IVersionedNodeType;

/** Everything n8n's logger received during the current test file (LoggerProxy and DI Logger write here). */
export const logs: Array<{ level: string; message: string; meta?: unknown }> = [];

export function clearLogs(): void {
	logs.length = 0;
}

/**
 * Addition to the brief: every log entry (message + meta, deeply inspected, circular-safe) as one string,
 * for assertions such as `expect(logText()).not.toContain(apiKey)`.
 */
export function logText(): string {
	return logs
		.map(
			(entry) =>
				`${entry.level} ${entry.message} ${inspect(entry.meta, { depth: Infinity, breakLength: Infinity })}`,
		)
		.join('\n');
}

const credentialTypeRegistry = new Map<string, ICredentialType>();

/** Makes credential types known to the harness's credentials helper (authenticate, properties, test). */
export function registerCredentialTypes(types: ICredentialType[]): void {
	for (const type of types) credentialTypeRegistry.set(type.name, type);
}

/** Runs INodeType.execute in a real n8n-core ExecuteContext. Returns what execute returned; rethrows what it threw. */
export async function executeNode(
	nodeType: AnyNodeType,
	options: NodeRunOptions,
): Promise<INodeExecutionData[][]> {
	bootstrap();
	const mode: WorkflowExecuteMode = options.mode ?? 'manual';
	const { workflow, node, resolvedType } = buildWorkflow(nodeType, options, {
		active: mode !== 'manual',
	});
	if (!resolvedType.execute) throw new UnexpectedError('Node type has no execute() method');

	const executionId = nextExecutionId();
	const additionalData = buildAdditionalData(options.credentials, { mode, executionId, workflow });

	// WorkflowExecute re-points every incoming item's pairedItem to its index in the input.
	const items = (options.items ?? [{ json: {} }]).map((item, itemIndex) => ({
		...item,
		pairedItem: { item: itemIndex, input: undefined },
	}));
	const inputData: ITaskDataConnections = { main: [items] };
	const executeData: IExecuteData = { node, data: inputData, source: null };
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});
	const closeFunctions: Array<() => Promise<void>> = [];
	const abortController = new AbortController();
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		runExecutionData,
		0,
		items,
		inputData,
		executeData,
		closeFunctions,
		abortController.signal,
	);

	// Same call shape as WorkflowExecute.executeNode.
	const data =
		resolvedType instanceof N8nNodeClass
			? await resolvedType.execute!(context)
			: await resolvedType.execute.call(context);

	const closing = await Promise.allSettled(closeFunctions.map(async (fn) => await fn()));
	const closeError = closing.find((r): r is PromiseRejectedResult => r.status === 'rejected');
	if (closeError) throw closeError.reason;

	return data as INodeExecutionData[][];
}

/** Runs INodeType.poll in a real n8n-core PollContext (activation 'activate' for trigger, 'manual' for manual). */
export async function poll(nodeType: AnyNodeType, options: PollOptions): Promise<PollResult> {
	bootstrap();
	const mode: 'trigger' | 'manual' = options.mode ?? 'trigger';
	const activation: WorkflowActivateMode = mode === 'manual' ? 'manual' : 'activate';
	// Trigger mode: the given object IS the active workflow's in-memory static data (live).
	// Manual mode: n8n builds a separate Workflow from the saved data and never saves its static data
	// (the 'manual' execution hooks skip it), so the node works on a copy and the given object is untouched.
	const staticData =
		mode === 'manual'
			? (JSON.parse(JSON.stringify(options.staticData ?? {})) as IDataObject)
			: (options.staticData ?? {});
	const { workflow, node, resolvedType } = buildWorkflow(nodeType, options, {
		active: mode === 'trigger',
		staticData,
	});
	if (!resolvedType.poll) throw new UnexpectedError('Node type has no poll() method');

	// An active workflow's poll runs without an execution id (ActiveWorkflowManager's getBase);
	// a manual "Fetch Test Event" runs inside a manual execution.
	const additionalData = buildAdditionalData(options.credentials, {
		mode,
		executionId: mode === 'manual' ? nextExecutionId() : undefined,
		workflow,
	});
	const emitted: unknown[] = [];
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		activation,
		(data) => emitted.push(data),
		(error) => emitted.push(error),
	);
	if (options.pollBudgetMs !== undefined) {
		const budget = options.pollBudgetMs;
		Object.assign(context, { getPollBudgetMs: () => budget });
	}
	const output = await resolvedType.poll.call(context);
	return { output, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject };
}

/**
 * Runs credentialType.test the way n8n's CredentialsTester does for a request-based test: defaults applied,
 * test request run by n8n-core's RoutingNode in an ExecuteContext (expressions resolved with the credential
 * data, generic authenticate applied, real request helper), then `test.rules` applied.
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	bootstrap();
	registerCredentialTypes([credentialType]);
	const testRequest = credentialType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: credentialId(credentialType.name),
		name: credentialName(credentialType.name),
		type: credentialType.name,
		data: structuredClone(data),
	};
	const credentialsHelper = new HarnessCredentialsHelper({ [credentialType.name]: data });
	try {
		const baseData = buildAdditionalData(undefined, { mode: 'internal', credentialsHelper });
		credentialsDecrypted.data = credentialsHelper.applyDefaultsAndOverwrites(
			baseData,
			credentialsDecrypted.data!,
			credentialType.name,
			'internal',
		);
	} catch (error) {
		memoryLogger.debug('Credential test failed', error as IDataObject);
		return { status: 'Error', message: (error as Error).message.toString() };
	}

	// A credential's own `test` has no node type: n8n falls back to the NoOp node's description.
	const noOpNodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: noOpNodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...noOpNodeType.description,
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: makeNodeTypes({ [nodeTypeCopy.description.name]: nodeTypeCopy }),
	});
	const additionalData = buildAdditionalData(undefined, {
		mode: 'internal',
		credentialsHelper,
		workflow,
	});
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ executionData: null }),
		0,
		[],
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as Error & {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		memoryLogger.debug('Credential test failed', error as unknown as IDataObject);
		return { status: 'Error', message: error.message.toString() };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response![0][0].json;
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Calls nodeType.methods.listSearch[method] inside a real LoadOptionsContext, built like n8n's
 * DynamicNodeParametersService.getResourceLocatorResults (node "Temp-Node", additionalData.currentNodeParameters).
 * `path` (addition) is the parameter path the editor sends, e.g. 'parameters.folderId'; by default the
 * resource-locator parameter whose list mode uses `method`.
 */
export async function listSearch(
	nodeType: AnyNodeType,
	method: string,
	options: NodeRunOptions & { filter?: string; paginationToken?: string; path?: string },
): Promise<INodeListSearchResult> {
	bootstrap();
	const { workflow, node, resolvedType } = buildWorkflow(nodeType, options, {
		active: false,
		nodeName: 'Temp-Node',
	});
	const searchMethod = resolvedType.methods?.listSearch?.[method];
	if (typeof searchMethod !== 'function') {
		throw new UnexpectedError('Node type does not have method defined', {
			extra: { methodName: method },
		});
	}
	const additionalData = buildAdditionalData(options.credentials, {
		mode: 'internal',
		workflow,
		currentNodeParameters: node.parameters,
	});
	const parameterPath =
		options.path ?? findListSearchPath(resolvedType.description.properties, method);
	const context = new LoadOptionsContext(workflow, node, additionalData, parameterPath);
	return await searchMethod.call(context, options.filter, options.paginationToken);
}

/**
 * Addition: switches n8n's binary data to filesystem mode in a throwaway folder, as
 * `N8N_DEFAULT_BINARY_DATA_MODE=filesystem` does in a real n8n (the test file's contexts then keep
 * files on disk and hand them out as streams). Returns how to put an input item's file there, and
 * `dispose` (for afterAll) to remove the folder. Call it in beforeAll.
 */
export async function useFilesystemBinaryData(): Promise<{
	store(
		content: Buffer | Readable,
		metadata: { fileName: string; mimeType: string },
	): Promise<IBinaryData>;
	dispose(): void;
}> {
	bootstrap();
	const folder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-binary-'));
	const config = Container.get(BinaryDataConfig);
	Object.assign(config, {
		mode: 'filesystem',
		availableModes: ['filesystem'],
		localStoragePath: folder,
	});
	const service = Container.get(BinaryDataService);
	await service.init();
	return {
		dispose: () => rmSync(folder, { recursive: true, force: true }),
		async store(content, metadata) {
			const binary: IBinaryData = {
				data: '',
				mimeType: metadata.mimeType,
				fileName: metadata.fileName,
			};
			return await service.store(
				{ type: 'execution', workflowId: 'harness-input', executionId: 'input' },
				content,
				binary,
			);
		},
	};
}

// ---------------------------------------------------------------------------------------------
// n8n runtime bootstrap (DI container, instance settings, logger)
// ---------------------------------------------------------------------------------------------

const memoryLogger = {
	error: (message: string, meta?: unknown) => record('error', message, meta),
	warn: (message: string, meta?: unknown) => record('warn', message, meta),
	info: (message: string, meta?: unknown) => record('info', message, meta),
	debug: (message: string, meta?: unknown) => record('debug', message, meta),
	scoped() {
		return memoryLogger;
	},
};

function record(level: string, message: string, meta?: unknown) {
	logs.push(meta === undefined ? { level, message } : { level, message, meta });
}

let bootstrapped = false;

function bootstrap() {
	if (bootstrapped) return;
	bootstrapped = true;

	LoggerProxy.init(memoryLogger);
	Container.set(Logger, memoryLogger as unknown as Logger);

	// InstanceSettings (instance id, encryption key for Cipher/Credentials) lives in a throwaway user folder.
	const userHome = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const config = new InstanceSettingsConfig();
	Object.assign(config, {
		userHome,
		n8nFolder: path.join(userHome, '.n8n'),
		encryptionKey: 'n8n-nodes-ai-video-test-harness-key',
		enforceSettingsFilePermissions: true,
	});
	Container.set(InstanceSettingsConfig, config);
	Container.set(InstanceSettings, new InstanceSettings(config, memoryLogger as unknown as Logger));

	// Services the contexts pull from the container that start interval timers (SSH tunnel cleanup, cron
	// logging) and an 'exit' listener: created here so the harness can stop them when the test file ends.
	const exitListenersBefore = new Set(process.listeners('exit'));
	const sshClientsManager = Container.get(SSHClientsManager);
	const scheduledTaskManager = Container.get(ScheduledTaskManager);
	const addedExitListeners = process.listeners('exit').filter((l) => !exitListenersBefore.has(l));

	const cleanup = () => {
		sshClientsManager.onShutdown();
		scheduledTaskManager.deregisterAllCrons();
		for (const listener of addedExitListeners) process.removeListener('exit', listener);
		rmSync(userHome, { recursive: true, force: true });
	};
	if (typeof afterAll === 'function') afterAll(cleanup);
	else process.once('exit', cleanup);
}
// Initialise at import so that LoggerProxy captures from the first line of the test file on.
bootstrap();

// ---------------------------------------------------------------------------------------------
// Workflow / additionalData construction
// ---------------------------------------------------------------------------------------------

const PACKAGE_PREFIX = 'n8n-nodes-ai-video';
const WORKFLOW_ID = 'HarnessWorkflow01';
let executionCounter = 0;

function nextExecutionId() {
	executionCounter += 1;
	return String(executionCounter);
}

function credentialId(type: string) {
	return `harness-${type}`;
}

function credentialName(type: string) {
	return `${credentialTypeRegistry.get(type)?.displayName ?? type} account`;
}

function makeNodeTypes(types: Record<string, AnyNodeType>): INodeTypes {
	const data: INodeTypeData = {};
	for (const [name, type] of Object.entries(types)) data[name] = { sourcePath: '', type };
	return {
		getByName: (name) => data[name]?.type,
		getByNameAndVersion: (name, version) => {
			const entry = data[name];
			if (!entry) throw new UnexpectedError('Unknown node type', { tags: { nodeType: name } });
			return NodeHelpers.getVersionedNodeType(entry.type, version);
		},
		getKnownTypes: () => ({}),
	};
}

function defaultTypeVersion(nodeType: AnyNodeType): number {
	if ('nodeVersions' in nodeType) {
		return nodeType.description.defaultVersion ?? nodeType.currentVersion;
	}
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function buildWorkflow(
	nodeType: AnyNodeType,
	options: NodeRunOptions,
	settings: { active: boolean; staticData?: IDataObject; nodeName?: string },
) {
	const description = nodeType.description;
	const typeName = description.name.includes('.')
		? description.name
		: `${PACKAGE_PREFIX}.${description.name}`;
	const typeVersion = options.typeVersion ?? defaultTypeVersion(nodeType);
	const nodeTypes = makeNodeTypes({ [typeName]: nodeType });
	const resolvedType = nodeTypes.getByNameAndVersion(typeName, typeVersion);
	const name =
		settings.nodeName ??
		(resolvedType.description.defaults?.name as string | undefined) ??
		resolvedType.description.displayName;

	const node: INode = {
		id: 'c0ffee00-0000-4000-8000-000000000001',
		name,
		type: typeName,
		typeVersion,
		position: [0, 0],
		// Copy: the Workflow constructor replaces them with the defaults-applied parameters.
		parameters: structuredClone(options.parameters) as INodeParameters,
	};
	const credentialTypes = Object.keys(options.credentials ?? {});
	if (credentialTypes.length > 0) {
		node.credentials = {};
		for (const type of credentialTypes) {
			node.credentials[type] = { id: credentialId(type), name: credentialName(type) };
		}
	}
	if (options.continueOnFail) {
		node.onError = 'continueRegularOutput';
		node.continueOnFail = true;
	}

	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: settings.active,
		nodeTypes,
		staticData: settings.staticData,
		settings: { executionOrder: 'v1' },
	});
	return { workflow, node: workflow.nodes[name], resolvedType };
}

function buildAdditionalData(
	credentials: Record<string, ICredentialDataDecryptedObject> | undefined,
	opts: {
		mode: WorkflowExecuteMode;
		executionId?: string;
		workflow?: Workflow;
		currentNodeParameters?: INodeParameters;
		credentialsHelper?: HarnessCredentialsHelper;
	},
): IWorkflowExecuteAdditionalData {
	const baseUrl = 'http://localhost:5678';
	const workflowData = {
		id: opts.workflow?.id ?? WORKFLOW_ID,
		name: opts.workflow?.name ?? 'Harness workflow',
		active: opts.workflow?.active ?? false,
		isArchived: false,
		createdAt: new Date(0),
		updatedAt: new Date(0),
		nodes: Object.values(opts.workflow?.nodes ?? {}),
		connections: {},
		settings: opts.workflow?.settings ?? {},
		staticData: opts.workflow?.staticData,
		activeVersionId: null,
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks(opts.mode, opts.executionId ?? '', workflowData);

	return {
		credentialsHelper: opts.credentialsHelper ?? new HarnessCredentialsHelper(credentials ?? {}),
		executeWorkflow: async () => {
			throw new UnexpectedError(
				'executeWorkflow (sub-workflows) is not available in the test harness',
			);
		},
		getRunExecutionData: async () => undefined,
		executionId: opts.executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: `${baseUrl}/`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		currentNodeParameters: opts.currentNodeParameters,
		variables: {},
		userId: undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new UnexpectedError('Task runners are not available in the test harness');
		},
		hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		workflowSettings: opts.workflow?.settings,
	};
}

function findListSearchPath(properties: INodeProperties[], method: string): string {
	for (const property of properties) {
		const usesMethod = property.modes?.some(
			(mode) => mode.typeOptions?.searchListMethod === method,
		);
		if (usesMethod) return `parameters.${property.name}`;
	}
	return 'parameters';
}

function getPath(data: unknown, key: string): unknown {
	let current: unknown = data;
	for (const part of key.split('.')) {
		if (current === null || current === undefined || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

// ---------------------------------------------------------------------------------------------
// ICredentialsHelper: n8n's CredentialsHelper without the database
// ---------------------------------------------------------------------------------------------

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};
const mockNodeTypes = makeNodeTypes({
	mock: { description: { properties: [] as INodeProperties[] } } as unknown as INodeType,
});

function getCredentialType(typeName: string): ICredentialType {
	const type = credentialTypeRegistry.get(typeName);
	if (!type) {
		throw new UnexpectedError(
			`Unknown credential type "${typeName}": call registerCredentialTypes([...]) in the test first`,
		);
	}
	return type;
}

function getParentTypes(typeName: string): string[] {
	const extendsArr = getCredentialType(typeName).extends ?? [];
	const parents = [...extendsArr];
	for (const parent of extendsArr) {
		if (credentialTypeRegistry.has(parent)) parents.push(...getParentTypes(parent));
	}
	return parents;
}

class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Encrypted with n8n-core's Cipher, like the credentials_entity.data column. */
	private readonly store = new Map<string, string>();

	constructor(credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
		for (const [type, data] of Object.entries(credentials)) {
			const entity = new Credentials({ id: credentialId(type), name: credentialName(type) }, type);
			entity.setData(data);
			this.store.set(type, entity.getDataToSave().data!);
		}
	}

	getParentTypes(name: string): string[] {
		return getParentTypes(name);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const credentialType = getCredentialType(typeName);
		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				return await credentialType.authenticate(
					credentials,
					requestOptions as IHttpRequestOptions,
				);
			}
			if (typeof credentialType.authenticate === 'object') {
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) requestOptions.headers = {};
				if (authenticate.type === 'generic') {
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue as IDataObject)) {
							const keyResolved = this.resolveValue(
								key,
								{ $credentials: credentials },
								workflow,
								node,
							);
							const valueResolved = this.resolveValue(
								value as string,
								{ $credentials: credentials },
								workflow,
								node,
							);
							const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
							if (!target[outerKey]) target[outerKey] = {};
							target[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = getCredentialType(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (typeof credentialType.preAuthentication === 'function') {
			if (
				credentials[expirableProperty.name] === '' ||
				credentialsExpired ||
				isTestingCredentials
			) {
				const output = await credentialType.preAuthentication.call(helpers, credentials);
				if (output[expirableProperty.name] === undefined) return undefined;
				if (node.credentials) {
					const nodeCredentials = node.credentials[credentialType.name];
					await this.updateCredentials(
						nodeCredentials,
						credentialType.name,
						Object.assign(credentials, output),
					);
					return credentials;
				}
			}
		}
		return undefined;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const data = this.store.get(type);
		if (data === undefined) {
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials.id ?? ''}" does not exist for type "${type}".`,
			);
		}
		return new Credentials({ id: credentialId(type), name: credentialName(type) }, type, data);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const decryptedDataOriginal = credentials.getData();
		if (raw === true) return decryptedDataOriginal;
		return this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Credential defaults, then expressions in the data resolved (no overwrites/external secrets in tests). */
	applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const credentialsProperties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { secretsEnabled: false });
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}
		return decryptedData;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		credentials.setData(data);
		this.store.set(type, credentials.getDataToSave().data!);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		credentials.updateData({ oauthTokenData: data.oauthTokenData });
		this.store.set(type, credentials.getDataToSave().data!);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = getCredentialType(type);
		if (credentialTypeData.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialTypeData.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return credentialTypeData.properties;
		}
		const combineProperties = [] as INodeProperties[];
		for (const credentialsTypeName of credentialTypeData.extends) {
			NodeHelpers.mergeNodeProperties(
				combineProperties,
				this.getCredentialsProperties(credentialsTypeName),
			);
		}
		NodeHelpers.mergeNodeProperties(combineProperties, credentialTypeData.properties);
		return combineProperties;
	}
}

export * from './system';
