import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readVendorError } from '../errors';
import { collectCursorPages, type CursorPage } from '../pagination';
import { httpFailure, vendorRequest, type RequestContext, type ServiceProfile } from '../transport';

/** GET /v1/folders serves at most 100 folders per page (HeyGen: "0 to 100"). */
export const FOLDER_PAGE_SIZE = 100;

/** What a folder service says about itself; `folderService` turns it into a full profile. */
export interface FolderServiceInfo {
	/** Shown to users: node name, messages ("HeyGen rejected the API key"). */
	name: string;
	/** Node type name; the credential type is `<nodeName>Api`, the icons `<nodeName>.svg` / `.dark.svg`. */
	nodeName: string;
	defaultBaseUrl: string;
	/** Key every answer's payload is wrapped in (HeyGen: `{error, data}`); absent = the body is the payload. */
	envelope?: string;
	/**
	 * Field that says whether another page follows (Konpro: `has_more`, which sends a token even on
	 * the last page). Absent = the list ends when the page token is null or missing (HeyGen).
	 */
	hasMoreField?: string;
}

/** Everything that differs between HeyGen and Konpro, as data; the folder node code is shared. */
export interface FolderService extends ServiceProfile, FolderServiceInfo {}

export function folderService(info: FolderServiceInfo): FolderService {
	return {
		...info,
		credentialType: `${info.nodeName}Api`,
		failureOf: folderFailure,
		retryableCodes: [],
		codeMessages: {},
	};
}

/** HTTP ≥ 400 fails; so does HTTP 200 with a non-null `error` (HeyGen reports some failures that way). */
function folderFailure(statusCode: number, body: unknown) {
	const failure = httpFailure(statusCode, body);
	if (failure) return failure;
	const error = isObject(body) ? body.error : undefined;
	if (error === undefined || error === null || error === '') return undefined;
	return { httpCode: statusCode, ...readVendorError(body) };
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The payload of an answer, out of the service's envelope; undefined for an empty body or null data. */
function payloadOf(service: FolderService, body: unknown): IDataObject | undefined {
	const payload = service.envelope && isObject(body) ? body[service.envelope] : body;
	return isObject(payload) && Object.keys(payload).length > 0 ? payload : undefined;
}

/** The list filters in the API's own names: `parent_id`, `name_filter`, `is_trash`. */
export type FolderQuery = IDataObject;

/** One page of GET /v1/folders: the folders and the token of the next page, if there is one. */
export async function listFolderPage(
	this: RequestContext,
	service: FolderService,
	query: FolderQuery,
	token: string | undefined,
	size: number,
	itemIndex?: number,
): Promise<CursorPage<IDataObject>> {
	const qs: IDataObject = { ...query, limit: size };
	if (token !== undefined) qs.token = token;
	const body = await vendorRequest.call(this, service, { method: 'GET', path: '/v1/folders', qs }, itemIndex);
	const page = payloadOf(service, body) ?? {};
	const items = Array.isArray(page.folders) ? (page.folders as IDataObject[]) : [];
	const next = typeof page.token === 'string' && page.token !== '' ? page.token : undefined;
	if (service.hasMoreField === undefined) return { items, next };
	if (page[service.hasMoreField] !== true) return { items };
	if (next === undefined) {
		throw new NodeOperationError(this.getNode(), `${service.name} said more folders follow but sent no page token`, {
			description: `Folders received on this page: ${items.length}. Try again later; if it keeps happening, set a Limit.`,
			itemIndex,
		});
	}
	return { items, next };
}

/** Folders matching a query, following page tokens; `limit` undefined means all of them. */
export async function listFolders(
	this: RequestContext,
	service: FolderService,
	query: FolderQuery,
	limit: number | undefined,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await collectCursorPages(
		this.getNode(),
		async (token, size) => await listFolderPage.call(this, service, query, token, size, itemIndex),
		{ limit, pageSize: FOLDER_PAGE_SIZE, itemIndex },
	);
}

/** Path of one folder; the ID is URL-encoded so it cannot change the route. */
export function folderPath(folderId: string, action?: 'trash' | 'restore'): string {
	return `/v1/folders/${encodeURIComponent(folderId)}${action ? `/${action}` : ''}`;
}

/**
 * POST to a folder endpoint. Returns the folder the service answers with, or `{ success: true, id }`
 * when it answers with an empty body or null data.
 */
export async function changeFolder(
	this: RequestContext,
	service: FolderService,
	path: string,
	body: IDataObject | undefined,
	folderId: string | undefined,
	itemIndex: number,
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, service, { method: 'POST', path, body }, itemIndex);
	return payloadOf(service, response) ?? { success: true, ...(folderId !== undefined ? { id: folderId } : {}) };
}
