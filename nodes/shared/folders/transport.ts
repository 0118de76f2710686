import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectCursorPages, type CursorPage } from '../pagination';
import { vendorRequest, type RequestContext, type VendorRequest } from '../transport';
import { isObject, type FolderServiceProfile } from './profile';

/** GET /v1/folders serves at most 100 folders per page (HeyGen: "0 to 100"). */
export const FOLDER_PAGE_SIZE = 100;

/** The payload of an answer, out of the service's envelope; undefined for an empty body or null data. */
function payloadOf(profile: FolderServiceProfile, body: unknown): IDataObject | undefined {
	const payload = profile.envelope && isObject(body) ? body[profile.envelope] : body;
	return isObject(payload) && Object.keys(payload).length > 0 ? payload : undefined;
}

/** The list filters in the API's own names: `parent_id`, `name_filter`, `is_trash`. */
export type FolderQuery = IDataObject;

/** One page of GET /v1/folders: the folders and the token of the next page, if there is one. */
export async function listFolderPage(
	this: RequestContext,
	profile: FolderServiceProfile,
	query: FolderQuery,
	token: string | undefined,
	size: number,
	itemIndex?: number,
): Promise<CursorPage<IDataObject>> {
	const qs: IDataObject = { ...query, limit: size };
	if (token !== undefined) qs.token = token;
	const body = await vendorRequest.call(this, profile, { method: 'GET', path: '/v1/folders', qs }, itemIndex);
	const page = payloadOf(profile, body) ?? {};
	const items = Array.isArray(page.folders) ? (page.folders as IDataObject[]) : [];
	const next = typeof page.token === 'string' && page.token !== '' ? page.token : undefined;
	if (profile.hasMoreField === undefined) return { items, next };
	if (page[profile.hasMoreField] !== true) return { items };
	if (next === undefined) {
		throw new NodeOperationError(this.getNode(), `${profile.name} said more folders follow but sent no page token`, {
			description: `Folders received on this page: ${items.length}. Try again later; if it keeps happening, set a Limit.`,
			itemIndex,
		});
	}
	return { items, next };
}

/** Folders matching a query, following page tokens; `limit` undefined means all of them. */
export async function listFolders(
	this: RequestContext,
	profile: FolderServiceProfile,
	query: FolderQuery,
	limit: number | undefined,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await collectCursorPages(
		this.getNode(),
		async (token, size) => await listFolderPage.call(this, profile, query, token, size, itemIndex),
		{ limit, pageSize: FOLDER_PAGE_SIZE, itemIndex, maxPages: profile.policy.maxPages },
	);
}

/** Path of one folder; the ID is URL-encoded so it cannot change the route. */
export function folderPath(folderId: string, action?: 'trash' | 'restore'): string {
	return `/v1/folders/${encodeURIComponent(folderId)}${action ? `/${action}` : ''}`;
}

/**
 * POST to a folder endpoint (create, rename, trash, restore). Returns the folder the service answers
 * with, or `{ success: true, id }` when it answers with an empty body or null data.
 */
export async function postToFolders(
	this: RequestContext,
	profile: FolderServiceProfile,
	path: string,
	body: IDataObject | undefined,
	folderId: string | undefined,
	itemIndex: number,
	findCommitted?: VendorRequest['findCommitted'],
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, profile, { method: 'POST', path, body, findCommitted }, itemIndex);
	return payloadOf(profile, response) ?? { success: true, ...(folderId !== undefined ? { id: folderId } : {}) };
}

/** When a folder was created, in Unix seconds: HeyGen's `created_ts`, Konpro's `created_at`. */
function createdSeconds(folder: IDataObject): number | undefined {
	if (typeof folder.created_ts === 'number') return folder.created_ts;
	const parsed = typeof folder.created_at === 'string' ? Date.parse(folder.created_at) : NaN;
	return Number.isNaN(parsed) ? undefined : parsed / 1000;
}

/** How far the service's clock may be behind ours when it stamps a new folder. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * After a Create failed in a way the service may have done it anyway (reset, timeout, 5xx): the
 * folder it made, found in the listing (same name and parent, created since the attempt began),
 * wrapped like the service's own answer; undefined when there is none (Create is tried again). When
 * the listing fails too, nobody can tell, and the error says how to check before trying again.
 */
export async function findCreatedFolder(
	this: RequestContext,
	profile: FolderServiceProfile,
	name: string,
	parentId: string,
	since: number,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	let folders: IDataObject[];
	try {
		folders = await listFolders.call(this, profile, { name_filter: name, ...(parentId !== '' ? { parent_id: parentId } : {}) }, FOLDER_PAGE_SIZE, itemIndex);
	} catch {
		throw new NodeOperationError(this.getNode(), `The folder "${name}" may already exist: ${profile.name} failed after receiving the request, and checking for the folder failed too`, {
			description: `Before running Create again, run Get Many with Name Contains "${name}"${parentId !== '' ? ' and this Parent Folder' : ''} to see whether it is there, so it is not created twice.`,
			itemIndex,
		});
	}
	const created = folders
		.filter((folder) => folder.name === name && String(folder.parent_id ?? '') === parentId)
		.filter((folder) => (createdSeconds(folder) ?? -Infinity) >= since / 1000 - CLOCK_SKEW_SECONDS)
		.sort((a, b) => (createdSeconds(b) ?? 0) - (createdSeconds(a) ?? 0))[0];
	if (created === undefined) return undefined;
	return profile.envelope ? { [profile.envelope]: created } : created;
}
