import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** One request of a page-number listing. */
export interface PageRequest {
	page: number;
	size: number;
}

/**
 * What to ask for after page `at` brought `received` items, judged on what the pages contain:
 * - an empty page, or a short page after the first, ends the list;
 * - a short first page while `total` (a hint; undefined when absent or nonsense) says there is more
 *   means the server caps its pages: the listing goes on at the server's size;
 * - a full (or oversized) page asks for the next one, except that with `endAtTotal` a full page that
 *   brings `collected` exactly to `total` ends the list (a cooperative server then costs exactly
 *   ceil(N / size) requests; without it, one more request proves the end). A total already exceeded
 *   is proven wrong and ends nothing.
 */
export function nextPageRequest(
	at: PageRequest,
	received: number,
	total: number | undefined,
	collected: number,
	endAtTotal: boolean,
): PageRequest | undefined {
	if (received === 0) return undefined;
	if (received < at.size) {
		return at.page === 1 && (total === undefined || total > received)
			? { page: 2, size: received }
			: undefined;
	}
	if (endAtTotal && collected === total) return undefined;
	return { page: at.page + 1, size: at.size };
}

/** total_count as a hint: a whole number >= 0, or undefined. */
export function totalHint(value: number | undefined): number | undefined {
	return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export interface NumberedPage<T> {
	items: T[];
	/** total_count as the server sent it: a hint (see totalHint), never proof. */
	total: number | undefined;
}

/** Most pages one listing reads (1,000,000 videos at 200 a page) before it stops with an error. */
export const MAX_LISTING_PAGES = 5000;

/** Passes over a list whose pages shifted while being read, before giving up. */
export const MAX_LISTING_PASSES = 3;

export interface NumberedListing<T> {
	limit?: number;
	pageSize: number;
	/** Pages fetched at once while total_count says more pages follow (the transport paces them). */
	concurrency?: number;
	/** The item's identity: the output holds each key once. */
	keyOf: (item: T) => string;
	/** Names the items in errors ("videos"). */
	noun: string;
	itemIndex?: number;
}

/**
 * Page-number pagination (Memories.ai list_videos), distrusting the server:
 * - the end of the list is decided from the pages (see nextPageRequest); total_count only plans how
 *   many pages to fetch at once and ends a listing whose full pages reach it exactly, so a cooperative
 *   server costs exactly ceil(N / pageSize) requests;
 * - a server that caps its pages below the size asked is followed at its size;
 * - items are deduplicated by `keyOf` (uploads during the listing push items onto the next page);
 * - when total_count drops between pages (deletions pulled items up, so one may have fallen between
 *   two pages) the whole pass is read again, up to MAX_LISTING_PASSES times, and only a pass that did
 *   not shift is returned: a video present from start to end is never missing;
 * - a full page bringing nothing new (a server repeating itself) or more than MAX_LISTING_PAGES pages
 *   stop with an error instead of looping.
 */
export async function collectNumberedPages<T>(
	node: INode,
	fetchPage: (page: number, size: number) => Promise<NumberedPage<T>>,
	options: NumberedListing<T>,
): Promise<T[]> {
	for (let passNo = 1; ; passNo++) {
		const pass = await readPass(node, fetchPage, options);
		if (!pass.shifted) return pass.items;
		if (passNo >= MAX_LISTING_PASSES) {
			throw new NodeOperationError(
				node,
				`The ${options.noun} list kept changing while it was read`,
				{
					description: `Items were deleted while the list was being read (${MAX_LISTING_PASSES} times), so one could have slipped between two pages. Try again, or set a Limit.`,
					itemIndex: options.itemIndex,
				},
			);
		}
	}
}

async function readPass<T>(
	node: INode,
	fetchPage: (page: number, size: number) => Promise<NumberedPage<T>>,
	options: NumberedListing<T>,
): Promise<{ items: T[]; shifted: boolean }> {
	const wanted = options.limit ?? Infinity;
	const byKey = new Map<string, T>();
	let shifted = false;
	let previousTotal: number | undefined;
	let pagesRead = 0;
	/** Takes one page in order; returns what to ask for next (undefined: the list ended). */
	const take = (at: PageRequest, page: NumberedPage<T>): PageRequest | undefined => {
		pagesRead++;
		const total = totalHint(page.total);
		if (previousTotal !== undefined && total !== undefined && total < previousTotal) shifted = true;
		if (total !== undefined) previousTotal = total;
		const before = byKey.size;
		for (const item of page.items) {
			const key = options.keyOf(item);
			if (!byKey.has(key)) byKey.set(key, item);
		}
		if (byKey.size >= wanted) return undefined;
		if (page.items.length >= at.size && byKey.size === before) {
			throw new NodeOperationError(
				node,
				`The service sent the same ${options.noun} page after page, so listing stopped to avoid an endless loop`,
				{
					description: `Page ${at.page} held only ${options.noun} already received (${byKey.size} so far). Try again later; if it keeps happening, set a Limit.`,
					itemIndex: options.itemIndex,
				},
			);
		}
		const next = nextPageRequest(at, page.items.length, total, byKey.size, true);
		if (next && pagesRead >= MAX_LISTING_PAGES) {
			throw new NodeOperationError(
				node,
				`The ${options.noun} list did not end after ${MAX_LISTING_PAGES} pages`,
				{
					description: `Received ${byKey.size} ${options.noun} so far. Set a Limit, or narrow the list with a filter.`,
					itemIndex: options.itemIndex,
				},
			);
		}
		return next;
	};

	const first: PageRequest = { page: 1, size: Math.min(options.pageSize, wanted) };
	let at = take(first, await fetchPage(first.page, first.size));
	while (at) {
		// While total_count promises more pages, fetch up to `concurrency` of them at once; past it
		// (a total that is too low, or none), one at a time until the pages say the list ended.
		const target = Math.min(wanted, previousTotal ?? 0);
		const planned = Math.ceil(target / at.size);
		const window = Math.max(
			1,
			Math.min(options.concurrency ?? 1, planned - at.page + 1, MAX_LISTING_PAGES - pagesRead),
		);
		const { page: start, size } = at;
		const pages = await Promise.all(
			Array.from({ length: window }, async (_, offset) => await fetchPage(start + offset, size)),
		);
		for (const page of pages) {
			at = at && take(at, page);
		}
	}
	const items = [...byKey.values()];
	return { items: items.length > wanted ? items.slice(0, wanted) : items, shifted };
}

export interface CursorPage<T> {
	items: T[];
	/** Token of the next page; undefined when this page is the last. */
	next?: string;
}

/**
 * Token pagination (HeyGen, Konpro): asks for min(pageSize, remaining) each time, stops at the
 * last page or as soon as the limit is reached, and refuses to loop when a server repeats a token.
 */
export async function collectCursorPages<T>(
	node: INode,
	fetchPage: (token: string | undefined, size: number) => Promise<CursorPage<T>>,
	options: { limit?: number; pageSize: number; itemIndex?: number; maxPages?: number },
): Promise<T[]> {
	const wanted = options.limit ?? Infinity;
	const all: T[] = [];
	const seen = new Set<string>();
	let token: string | undefined;
	for (let pages = 1; all.length < wanted; pages++) {
		const page = await fetchPage(token, Math.min(options.pageSize, wanted - all.length));
		all.push(...page.items);
		if (page.next === undefined || page.items.length === 0) break;
		// Fresh tokens forever are not caught by the repeat check below: bound the pages too.
		if (options.maxPages !== undefined && pages >= options.maxPages && all.length < wanted) {
			throw new NodeOperationError(
				node,
				`The service kept sending page tokens, so listing stopped after ${pages} pages`,
				{
					description: `${all.length} folders were read before it stopped. Set a Limit, or narrow the listing with Filters.`,
					itemIndex: options.itemIndex,
				},
			);
		}
		if (seen.has(page.next)) {
			throw new NodeOperationError(
				node,
				'The service sent the same page token twice, so listing stopped to avoid an endless loop',
				{
					description: `Folders received so far: ${all.length}. Try again later; if it keeps happening, set a Limit.`,
					itemIndex: options.itemIndex,
				},
			);
		}
		seen.add(page.next);
		token = page.next;
	}
	return all.length > wanted ? all.slice(0, wanted) : all;
}
