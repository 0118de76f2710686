'use strict';
/**
 * The workflows run in the real n8n: our nodes and their do-it-yourself peers, n8n's own HTTP Request
 * node (typeVersion 4.4, the default in n8n 2.8.4) with built-in pagination, configured as an expert
 * would, followed by Split Out to get one item per video/folder as our nodes output.
 *
 * Each workflow is a Manual Trigger with several chains; with executionOrder v1 n8n runs the chains
 * one after the other, top to bottom. Every chain talks to its own mock API process, so one chain's
 * requests never share a rate-limit window with another's.
 */
const { TYPES } = require('./n8n');

const HTTP_VERSION = 4.4;

function workflow(id, name, chains) {
	const trigger = { id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodes = [trigger];
	const connections = {};
	const connect = (from, to) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	chains.forEach((chain, row) => {
		let prev = 'Start';
		chain.forEach((spec, col) => {
			nodes.push({ id: `${id}-${row}-${col}`, position: [300 * (col + 1), 200 * row], typeVersion: 1, ...spec });
			connect(prev, spec.name);
			prev = spec.name;
		});
	});
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1', saveManualExecutions: false }, pinData: {} };
}

/** Our Memories.ai node: Video → Get Many → Return All. */
function memoriesNode(name, credential) {
	return {
		name,
		type: TYPES.memoriesAi,
		parameters: { resource: 'video', operation: 'getAll', returnAll: true },
		credentials: { memoriesAiApi: credential },
	};
}

/** Our HeyGen / Konpro node: Folder → Get Many → Return All. */
function folderNode(name, service, credential) {
	return {
		name,
		type: TYPES[service],
		parameters: { resource: 'folder', operation: 'getAll', returnAll: true },
		credentials: { [`${service}Api`]: credential },
	};
}

function httpNode(name, { method, url, credential, extra, pagination, continueOnError }) {
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
		...(continueOnError ? { onError: 'continueRegularOutput' } : {}),
	};
}

/**
 * Expert DIY listing of Memories.ai videos: POST list_videos with size 200 (the maximum), page number
 * from $pageCount, and a completion check on total_count so no request is made past the last page
 * (exactly ceil(N/200) requests, like our node). `intervalMs` is "Interval Between Requests".
 */
function memoriesPeer(name, { baseUrl, credential, intervalMs, continueOnError }) {
	return httpNode(name, {
		method: 'POST',
		url: `${baseUrl}/serve/api/v1/list_videos`,
		credential,
		continueOnError,
		extra: { sendBody: true, specifyBody: 'json', jsonBody: '{"unique_id":"default","size":200,"page":1}' },
		pagination: {
			paginationMode: 'updateAParameterInEachRequest',
			parameters: { parameters: [{ type: 'body', name: 'page', value: '={{ $pageCount + 1 }}' }] },
			paginationCompleteWhen: 'other',
			completeExpression: '={{ $response.body.data.current_page * 200 >= $response.body.data.total_count }}',
			...(intervalMs ? { requestInterval: intervalMs } : {}),
		},
	});
}

/** Expert DIY cursor pagination of HeyGen / Konpro folders: limit 100 (the maximum), follow `token`. */
function folderPeer(name, service, { baseUrl, credential }) {
	const heyGen = service === 'heyGen';
	return httpNode(name, {
		method: 'GET',
		url: `${baseUrl}/v1/folders`,
		credential,
		extra: { sendQuery: true, specifyQuery: 'keypair', queryParameters: { parameters: [{ name: 'limit', value: '100' }] } },
		pagination: {
			paginationMode: 'updateAParameterInEachRequest',
			parameters: {
				parameters: [{ type: 'qs', name: 'token', value: heyGen ? '={{ $response.body.data.token }}' : '={{ $response.body.token }}' }],
			},
			paginationCompleteWhen: 'other',
			completeExpression: heyGen ? '={{ !$response.body.data.token }}' : '={{ !$response.body.has_more }}',
		},
	});
}

function splitOut(name, field, continueOnError) {
	return {
		name,
		type: 'n8n-nodes-base.splitOut',
		parameters: { fieldToSplitOut: field },
		...(continueOnError ? { onError: 'continueRegularOutput' } : {}),
	};
}

module.exports = { workflow, memoriesNode, folderNode, memoriesPeer, folderPeer, splitOut, HTTP_VERSION };
