/**
 * The benchmark's nodes in the real n8n: our nodes and their do-it-yourself peers, n8n's own HTTP
 * Request node (typeVersion 4.4, the default in n8n 2.8.4) with built-in pagination, configured as an
 * expert would, followed by Split Out to get one item per video/folder as our nodes output.
 *
 * The workflows themselves are the driver's manualWorkflow (a Manual Trigger with several chains; with
 * executionOrder v1 n8n runs the chains one after the other, top to bottom). Every chain talks to its
 * own mock API process, so one chain's requests never share a rate-limit window with another's.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	CREDENTIAL_TYPES,
	NODE_TYPES,
	manualWorkflow,
	type CredentialRef,
	type NodeSpec,
	type WorkflowJson,
} from '../../n8n';

export const HTTP_VERSION = 4.4;

/** A node spec with n8n's per-node "On Error" setting, which the driver's NodeSpec does not carry. */
export type BenchNodeSpec = NodeSpec & { onError?: 'continueRegularOutput' };

/**
 * The driver's manualWorkflow, plus what it does not set: each node's `onError`, and
 * `saveManualExecutions: false` (the runs are big; nothing reads them back).
 */
export function benchWorkflow(
	id: string,
	name: string,
	chains: BenchNodeSpec[][],
): WorkflowJson & { nodes: Array<WorkflowJson['nodes'][number] & { onError?: string }> } {
	const wf = manualWorkflow(id, name, chains);
	const onError = new Map(
		chains.flat().flatMap((spec) => (spec.onError ? [[spec.name, spec.onError] as const] : [])),
	);
	return {
		...wf,
		nodes: wf.nodes.map((node) => {
			const setting = onError.get(node.name);
			return setting ? { ...node, onError: setting } : node;
		}),
		settings: { ...wf.settings, saveManualExecutions: false },
	};
}

export type FolderService = 'heyGen' | 'konpro';

/** Our Memories.ai node: Video → Get Many → Return All. */
export function memoriesNode(name: string, credential: CredentialRef): BenchNodeSpec {
	return {
		name,
		type: NODE_TYPES.memoriesAi,
		parameters: { resource: 'video', operation: 'getAll', returnAll: true },
		credentials: { memoriesAiApi: credential },
	};
}

/** Our HeyGen / Konpro node: Folder → Get Many → Return All (or `limit` items when given). */
export function folderNode(
	name: string,
	service: FolderService,
	credential: CredentialRef,
	limit?: number,
): BenchNodeSpec {
	return {
		name,
		type: NODE_TYPES[service],
		parameters:
			limit === undefined
				? { resource: 'folder', operation: 'getAll', returnAll: true }
				: { resource: 'folder', operation: 'getAll', returnAll: false, limit },
		credentials: { [CREDENTIAL_TYPES[service]]: credential },
	};
}

interface HttpNodeOptions {
	method: 'GET' | 'POST';
	url: string;
	credential: CredentialRef;
	extra: IDataObject;
	pagination: IDataObject;
	continueOnError?: boolean;
}

function httpNode(
	name: string,
	{ method, url, credential, extra, pagination, continueOnError }: HttpNodeOptions,
): BenchNodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_VERSION,
		parameters: {
			method,
			url,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			...extra,
			options: { pagination: { pagination } },
		},
		credentials: { httpHeaderAuth: credential },
		...(continueOnError ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

/**
 * Expert DIY listing of Memories.ai videos: POST list_videos with size 200 (the maximum), page number
 * from $pageCount, and a completion check on total_count so no request is made past the last page
 * (exactly ceil(N/200) requests, like our node). `intervalMs` is "Interval Between Requests".
 */
export function memoriesPeer(
	name: string,
	{
		baseUrl,
		credential,
		intervalMs,
		continueOnError,
	}: { baseUrl: string; credential: CredentialRef; intervalMs?: number; continueOnError?: boolean },
): BenchNodeSpec {
	return httpNode(name, {
		method: 'POST',
		url: `${baseUrl}/serve/api/v1/list_videos`,
		credential,
		continueOnError,
		extra: {
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '{"unique_id":"default","size":200,"page":1}',
		},
		pagination: {
			paginationMode: 'updateAParameterInEachRequest',
			parameters: { parameters: [{ type: 'body', name: 'page', value: '={{ $pageCount + 1 }}' }] },
			paginationCompleteWhen: 'other',
			completeExpression:
				'={{ $response.body.data.current_page * 200 >= $response.body.data.total_count }}',
			...(intervalMs ? { requestInterval: intervalMs } : {}),
		},
	});
}

/**
 * Expert DIY cursor pagination of HeyGen / Konpro folders: limit 100 (the maximum), follow `token`.
 * `maxRequests` stops after that many pages (the warm-up).
 */
export function folderPeer(
	name: string,
	service: FolderService,
	{
		baseUrl,
		credential,
		maxRequests,
	}: { baseUrl: string; credential: CredentialRef; maxRequests?: number },
): BenchNodeSpec {
	const heyGen = service === 'heyGen';
	return httpNode(name, {
		method: 'GET',
		url: `${baseUrl}/v1/folders`,
		credential,
		extra: {
			sendQuery: true,
			specifyQuery: 'keypair',
			queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
		},
		pagination: {
			paginationMode: 'updateAParameterInEachRequest',
			parameters: {
				parameters: [
					{
						type: 'qs',
						name: 'token',
						value: heyGen ? '={{ $response.body.data.token }}' : '={{ $response.body.token }}',
					},
				],
			},
			paginationCompleteWhen: 'other',
			completeExpression: heyGen
				? '={{ !$response.body.data.token }}'
				: '={{ !$response.body.has_more }}',
			...(maxRequests === undefined ? {} : { limitPagesFetched: true, maxRequests }),
		},
	});
}

/** Where each service's folder list sits in its response (what Split Out splits). */
export const FOLDER_LIST_FIELD: Record<FolderService, string> = {
	heyGen: 'data.folders',
	konpro: 'folders',
};

export function splitOut(name: string, field: string, continueOnError = false): BenchNodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.splitOut',
		parameters: { fieldToSplitOut: field },
		...(continueOnError ? { onError: 'continueRegularOutput' as const } : {}),
	};
}
