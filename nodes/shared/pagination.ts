import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
			throw new NodeOperationError(node, `The service kept sending page tokens, so listing stopped after ${pages} pages`, {
				description: `${all.length} folders were read before it stopped. Set a Limit, or narrow the listing with Filters.`,
				itemIndex: options.itemIndex,
			});
		}
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
