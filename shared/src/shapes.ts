import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { declareFailure } from './errors';

/**
 * Checks of what a service answered, applied after `vendorRequest` returns: an answer without the
 * documented shape is a clear NodeApiError naming the service and the field, never a raw TypeError
 * further on, never a non-object output item, never a guess.
 */
export interface AnswerContext {
	node: INode;
	/** The service's name as users know it: "Memories.ai", "HeyGen", "Konpro". */
	service: string;
	itemIndex?: number;
	/** The request was a write (create, rename, ...): it may have taken effect although its answer is unreadable. */
	wrote?: boolean;
}

/**
 * The error of every answer check, in one wording for all services:
 * "HeyGen sent an answer this node cannot read: data.folders is not a list".
 */
export function unexpectedAnswer(
	context: AnswerContext,
	field: string,
	problem: string,
	received?: unknown,
): NodeApiError {
	const message = `${context.service} sent an answer this node cannot read: ${field} ${problem}`;
	const next = context.wrote
		? `The request was sent and may have taken effect: check in ${context.service} before running it again.`
		: 'Try again later; if it keeps happening, the service may have changed its API.';
	const description = `The field "${field}" ${problem}${received === undefined ? '' : ` (received ${describe(received)})`}. ${next}`;
	// The answer is not what this node was built for: polling again soon will not change that.
	return declareFailure(
		new NodeApiError(context.node, { message, description } as JsonObject, {
			message,
			description,
			itemIndex: context.itemIndex,
		}),
		{ cause: 'configuration-invalid' },
	);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string')
		return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return `${typeof value} ${String(value)}`;
}

/** A JSON object: not null, not a list. */
export const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** `value` must be a JSON object. */
export function expectObject(context: AnswerContext, value: unknown, field: string): IDataObject {
	if (!isObject(value)) throw unexpectedAnswer(context, field, 'is not an object', value);
	return value;
}

/** `value` must be a list of JSON objects (each becomes an output item). */
export function expectRecords(
	context: AnswerContext,
	value: unknown,
	field: string,
): IDataObject[] {
	const list = expectList(context, value, field);
	list.forEach((entry, index) => {
		if (!isObject(entry))
			throw unexpectedAnswer(context, `${field}[${index}]`, 'is not an object', entry);
	});
	return list as IDataObject[];
}

/** `value` must be a list; its entries are the caller's to check. */
export function expectList(context: AnswerContext, value: unknown, field: string): unknown[] {
	if (!Array.isArray(value)) throw unexpectedAnswer(context, field, 'is not a list', value);
	return value;
}

/** `value` must be a text, possibly empty. */
export function expectText(context: AnswerContext, value: unknown, field: string): string {
	if (typeof value !== 'string') throw unexpectedAnswer(context, field, 'is not text', value);
	return value;
}

/** `value` must be a non-empty text (an ID). */
export function expectId(context: AnswerContext, value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '')
		throw unexpectedAnswer(context, field, 'is not an ID', value);
	return value;
}

/** A documented boolean: true or false, nothing else (a "true" text is not guessed at). */
export function expectBoolean(context: AnswerContext, value: unknown, field: string): boolean {
	if (typeof value !== 'boolean')
		throw unexpectedAnswer(context, field, 'is not true or false', value);
	return value;
}

/** An optional text: absent or null reads as undefined; anything but text is rejected. */
export function optionalText(
	context: AnswerContext,
	value: unknown,
	field: string,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw unexpectedAnswer(context, field, 'is not text', value);
	return value;
}

/**
 * An optional number, which may come as a numeric text (Memories.ai sends times as "13"): absent,
 * null or empty text reads as undefined; anything else that is not a finite number is rejected.
 */
export function optionalNumber(
	context: AnswerContext,
	value: unknown,
	field: string,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
	if (!Number.isFinite(number)) throw unexpectedAnswer(context, field, 'is not a number', value);
	return number;
}
