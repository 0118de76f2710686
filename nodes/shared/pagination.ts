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
 *   brings `collected` to `total` ends the list (a cooperative server then costs exactly
 *   ceil(N / size) requests; without it, one more request proves the end).
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
		return at.page === 1 && (total === undefined || total > received) ? { page: 2, size: received } : undefined;
	}
	if (endAtTotal && total !== undefined && collected >= total) return undefined;
	return { page: at.page + 1, size: at.size };
}

/** total_count as a hint: a whole number >= 0, or undefined. */
export function totalHint(value: number | undefined): number | undefined {
	return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export interface NumberedPage<T> {
	items: T[];
	total: number;
}

/**
 * Page-number pagination (Memories.ai list_videos). The first page reveals the total, so exactly
 * ceil(min(limit, total) / pageSize) requests are made — never one more to discover the end.
 * Later pages are fetched up to `concurrency` at a time (the transport paces them per account).
 */
export async function collectNumberedPages<T>(
	fetchPage: (page: number, size: number) => Promise<NumberedPage<T>>,
	options: { limit?: number; pageSize: number; concurrency?: number },
): Promise<T[]> {
	const wanted = options.limit ?? Infinity;
	const size = Math.min(options.pageSize, wanted);
	const first = await fetchPage(1, size);
	const needed = Math.min(wanted, first.total);
	const pageCount = first.items.length === 0 ? 1 : Math.ceil(needed / size);
	const pages: T[][] = [first.items];
	const queue = Array.from({ length: Math.max(0, pageCount - 1) }, (_, index) => index + 2);
	const worker = async () => {
		for (let page = queue.shift(); page !== undefined; page = queue.shift()) {
			pages[page - 1] = (await fetchPage(page, size)).items;
		}
	};
	await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 1, queue.length) }, worker));
	const all = pages.flat();
	return all.length > needed ? all.slice(0, needed) : all;
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
	options: { limit?: number; pageSize: number; itemIndex?: number },
): Promise<T[]> {
	const wanted = options.limit ?? Infinity;
	const all: T[] = [];
	const seen = new Set<string>();
	let token: string | undefined;
	while (all.length < wanted) {
		const page = await fetchPage(token, Math.min(options.pageSize, wanted - all.length));
		all.push(...page.items);
		if (page.next === undefined || page.items.length === 0) break;
		if (seen.has(page.next)) {
			throw new NodeOperationError(node, 'The service sent the same page token twice, so listing stopped to avoid an endless loop', {
				description: `Folders received so far: ${all.length}. Try again later; if it keeps happening, set a Limit.`,
				itemIndex: options.itemIndex,
			});
		}
		seen.add(page.next);
		token = page.next;
	}
	return all.length > wanted ? all.slice(0, wanted) : all;
}
