/**
 * What a benchmark run measures: the shape of results JSON `raw`, written by run.ts and read by
 * lines.ts. Types only (plus the folder services' order), so a test can load it without the driver.
 */
import type { RequestSummary } from './requests';
import type { ThrownError } from './scenario';
import type { FolderService } from './workflows';
import type { MemoriesReturnAllResult } from '../scenarios/memories-return-all';
import type { OverheadResult } from '../scenarios/overhead';
import type { TriggerPollResult } from '../scenarios/trigger-poll';
import type { UploadStreamResult } from '../scenarios/upload-stream';

/** The folder services, in the order the workflow runs them and the table lists them. */
export const SERVICES: ReadonlyArray<{ service: FolderService; label: string; adminPath: string }> =
	[
		{ service: 'heyGen', label: 'HeyGen', adminPath: '/heygen/folders' },
		{ service: 'konpro', label: 'Konpro', adminPath: '/konpro/folders' },
	];

export interface SharedAccountRun {
	processes: number;
	adaptivePacing: boolean;
	videosEach: number;
	/** First start to last end over all processes (ms). */
	ms: number;
	items: number;
	distinct: number[];
	failedExecutions: number;
	/** Videos of the executions that succeeded (a failed one delivers none). */
	delivered: number;
	thrown: ThrownError[];
	requests: RequestSummary;
	/** Seconds from the first request to each refused one: when the refusals happened. */
	refusedAtS: number[];
}

export type HarnessRun = MemoriesReturnAllResult & {
	videos: number;
	latency: number;
	where: 'harness';
	requests: RequestSummary;
};

export type MemoryRun = MemoriesReturnAllResult & { videos: number };

export interface N8nNodeResult {
	latency: number;
	where: 'real n8n';
	ms: number | null;
	items: number;
	distinct: number;
	errorItems: number;
	thrown: ThrownError | null;
	requests: RequestSummary;
}

export interface N8nPeerResult extends N8nNodeResult {
	intervalMs: number;
	httpMs: number | null;
	rateLimitedPagesInOutput: number;
}

export interface MemoriesN8nResult {
	exitCode: number | null;
	parsed: boolean;
	workflowError: string | null;
	order: string[];
	node400: N8nNodeResult;
	peer400: N8nPeerResult;
	node50: N8nNodeResult;
	peer50tuned: N8nPeerResult;
	peer50untuned: N8nPeerResult;
	diy: { videos: number; ms: number | null; pages: number; requests: RequestSummary };
	output?: string;
}

export interface FolderRep {
	rep: number;
	service: FolderService;
	nodeMs: number | null;
	peerMs: number | null;
	ratio: number | null;
	nodeItems: number;
	peerItems: number;
	nodeError: ThrownError | null;
	peerError: ThrownError | null;
	nodeRequests: number | null;
	peerRequests: number | null;
}

export interface FoldersN8nResult {
	exitCode: number | null;
	parsed: boolean;
	workflowError: string | null;
	reps: FolderRep[];
	output?: string;
}

export type UploadRun = UploadStreamResult & { mockBytes: number | null };

/** Each phase's result, or its error (a phase that failed or was skipped has no result). */
export interface Results {
	errors: Partial<Record<Exclude<keyof Results, 'errors'> | 'n8n', string>>;
	memoriesN8n?: MemoriesN8nResult;
	memoriesHarness?: HarnessRun[];
	trigger?: TriggerPollResult;
	foldersN8n?: FoldersN8nResult;
	memory?: MemoryRun;
	overhead?: OverheadResult[];
	upload?: UploadRun[];
	sharedAccount?: SharedAccountRun[];
}
