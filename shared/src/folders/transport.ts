import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectCursorPages, type CursorPage } from '../pagination';
import {
	expectBoolean,
	expectId,
	expectObject,
	expectRecords,
	optionalText,
	unexpectedAnswer,
	type AnswerContext,
} from '../shapes';
import { vendorRequest, type RequestContext, type VendorRequest } from '../transport';
import type { FolderServiceProfile } from './profile';

/** GET /v1/folders serves at most 100 folders per page (HeyGen: "0 to 100"). */
export const FOLDER_PAGE_SIZE = 100;

/**
 * The payload of an answer, out of the service's envelope, its shape checked; undefined for an empty
 * body, null data or an empty object. Anything else that is not an object is a clear error.
 */
function payloadOf(
	answer: AnswerContext,
	profile: FolderServiceProfile,
	body: unknown,
): IDataObject | undefined {
	if (body === undefined || body === null) return undefined;
	const envelope = profile.envelope;
	const payload = envelope ? expectObject(answer, body, 'the answer')[envelope] : body;
	if (payload === undefined || payload === null) return undefined;
	const object = expectObject(answer, payload, envelope ?? 'the answer');
	return Object.keys(object).length > 0 ? object : undefined;
}

const answerOf = (
	context: RequestContext,
	profile: FolderServiceProfile,
	itemIndex?: number,
	wrote = false,
): AnswerContext => ({
	node: context.getNode(),
	service: profile.name,
	itemIndex,
	wrote,
});

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
	const body = await vendorRequest.call(
		this,
		profile,
		{ method: 'GET', path: '/v1/folders', qs },
		itemIndex,
	);
	const answer = answerOf(this, profile, itemIndex);
	const where = (field: string) => (profile.envelope ? `${profile.envelope}.${field}` : field);
	const page = payloadOf(answer, profile, body);
	if (page === undefined) throw unexpectedAnswer(answer, where('folders'), 'is missing', body);
	const items = expectRecords(answer, page.folders, where('folders'));
	items.forEach((folder, index) => expectId(answer, folder.id, where(`folders[${index}].id`)));
	const next = optionalText(answer, page.token, where('token')) || undefined;
	if (profile.hasMoreField === undefined) return { items, next };
	// Absent means the last page (as before); a text such as "true" is not guessed at.
	const hasMore = page[profile.hasMoreField];
	if (
		hasMore === undefined ||
		hasMore === null ||
		!expectBoolean(answer, hasMore, where(profile.hasMoreField))
	)
		return { items };
	if (next === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`${profile.name} said more folders follow but sent no page token`,
			{
				description: `Folders received on this page: ${items.length}. Try again later; if it keeps happening, set a Limit.`,
				itemIndex,
			},
		);
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
	const response = await vendorRequest.call(
		this,
		profile,
		{ method: 'POST', path, body, findCommitted },
		itemIndex,
	);
	const payload = payloadOf(answerOf(this, profile, itemIndex, true), profile, response);
	return payload ?? { success: true, ...(folderId !== undefined ? { id: folderId } : {}) };
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
		folders = await listFolders.call(
			this,
			profile,
			{ name_filter: name, ...(parentId !== '' ? { parent_id: parentId } : {}) },
			FOLDER_PAGE_SIZE,
			itemIndex,
		);
	} catch {
		throw new NodeOperationError(
			this.getNode(),
			`The folder "${name}" may already exist: ${profile.name} failed after receiving the request, and checking for the folder failed too`,
			{
				description: `Before running Create again, run Get Many with Name Contains "${name}"${parentId !== '' ? ' and this Parent Folder' : ''} to see whether it is there, so it is not created twice.`,
				itemIndex,
			},
		);
	}
	const created = folders
		.filter((folder) => folder.name === name && String(folder.parent_id ?? '') === parentId)
		.filter((folder) => (createdSeconds(folder) ?? -Infinity) >= since / 1000 - CLOCK_SKEW_SECONDS)
		.sort((a, b) => (createdSeconds(b) ?? 0) - (createdSeconds(a) ?? 0))[0];
	if (created === undefined) return undefined;
	return profile.envelope ? { [profile.envelope]: created } : created;
}
