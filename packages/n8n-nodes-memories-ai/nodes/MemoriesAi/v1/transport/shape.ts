import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * Checks of an answer's shape: the server is not trusted, so a field that is missing or of the
 * wrong type is a clear error naming it, never a TypeError further down.
 */
export class AnswerShape {
	constructor(
		private readonly node: INode,
		private readonly endpoint: string,
		private readonly itemIndex?: number,
	) {}

	/** The error for a field whose value is not what the API documents. */
	wrong(field: string, expected: string, value: unknown): NodeApiError {
		const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
		const message = `Memories.ai sent an answer in an unexpected shape: ${field} is not ${expected}`;
		const description = `The ${this.endpoint} answer had ${got} in ${field}. The API may have changed; nothing was output for this item.`;
		return new NodeApiError(
			this.node,
			{ message, description },
			{ message, description, itemIndex: this.itemIndex },
		);
	}

	record(value: unknown, field: string): IDataObject {
		if (value === null || typeof value !== 'object' || Array.isArray(value))
			throw this.wrong(field, 'an object', value);
		return value as IDataObject;
	}

	list(value: unknown, field: string): unknown[] {
		if (!Array.isArray(value)) throw this.wrong(field, 'a list', value);
		return value;
	}

	text(value: unknown, field: string): string {
		if (typeof value !== 'string') throw this.wrong(field, 'text', value);
		return value;
	}

	/** A number, or a number sent as text (the API sends times as "13"); absent stays undefined. */
	optionalNumber(value: unknown, field: string): number | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		const number = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
		if (!Number.isFinite(number)) throw this.wrong(field, 'a number', value);
		return number;
	}
}
