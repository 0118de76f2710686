import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { REQUEST_OPTIONS, timeLimitOverride } from './policy';
import { withPolicy, type ServiceProfile } from './transport';

/** An output record that carries files (a download): its JSON and its binary properties. */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** What an operation returns for one input item: the records that become output items. */
export type OperationRecords = Array<IDataObject | WithBinary>;

/** One operation applied to one input item; returns the records that become output items. */
export type ItemOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<OperationRecords>;

/**
 * Runs an operation for every input item: one output item per record, each paired with its input,
 * and with Continue On Fail an error item in place of a failed input (n8n's convention).
 */
export async function runPerItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const records = await operation.call(this, itemIndex);
			for (const record of records) {
				const pairedItem = { item: itemIndex };
				out.push(
					record instanceof WithBinary
						? { json: record.json, binary: record.binary, pairedItem }
						: { json: record, pairedItem },
				);
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			const { message, description } = error as { message: string; description?: string | null };
			out.push({
				json: { error: message, ...(description ? { description } : {}) },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return out;
}

/**
 * What an operation threw, as the n8n error the UI shows: operations throw NodeApiError or
 * NodeOperationError, which both constructors hand back unchanged; anything else (a bug) becomes a
 * NodeOperationError that names the item.
 */
function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError)
		return new NodeApiError(context.getNode(), error as unknown as JsonObject);
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** One operation of a node, applied to one input item, against the service the node was built for. */
export type ServiceOperation<Profile> = (
	this: IExecuteFunctions,
	profile: Profile,
	itemIndex: number,
) => Promise<OperationRecords>;

/**
 * A node's operations by resource and operation value. `Names` lists them, e.g.
 * `{ video: 'get' | 'getAll'; folder: 'getAll' }`, so a missing or misspelled operation fails `tsc`.
 */
export type OperationMap<Names extends Record<string, string>, Operation> = {
	readonly [Resource in keyof Names]: { readonly [Name in Names[Resource]]: Operation };
};

/** The operation the node's Resource and Operation select from `operations`; an unknown pair is a clear error. */
export function selectOperation<T>(
	context: IExecuteFunctions,
	operations: Readonly<Record<string, Readonly<Record<string, T>>>>,
): T {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const selected = operations[resource]?.[operation];
	if (selected === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return selected;
}

/**
 * The node's `execute`: the operation its Resource and Operation select, for every input item,
 * against the profile with that item's Request Options → Time Limit applied.
 */
export async function runSelectedOperation<Profile extends ServiceProfile>(
	context: IExecuteFunctions,
	operations: Readonly<Record<string, Readonly<Record<string, ServiceOperation<Profile>>>>>,
	profile: Profile,
): Promise<INodeExecutionData[][]> {
	const operation = selectOperation(context, operations);
	const runItem: ItemOperation = async function (itemIndex) {
		const overrides = timeLimitOverride(this.getNodeParameter(REQUEST_OPTIONS.name, itemIndex, {}));
		return await operation.call(
			this,
			withPolicy(profile, Object.keys(overrides).length > 0 ? overrides : undefined),
			itemIndex,
		);
	};
	return [await runPerItem.call(context, runItem)];
}

/** "Return All" and "Limit", as n8n's own Get Many operations show them. */
export function returnAllOrLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The limit to apply, or undefined for Return All; rejects a limit below 1 before any request. */
export function getLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			this.getNode(),
			`Limit must be a whole number of 1 or more, not ${limit}`,
			{
				description: 'Set Limit to how many results you want, or turn on Return All.',
				itemIndex,
			},
		);
	}
	return limit;
}

/** A required text parameter, trimmed; empty gets a clear error before any request. */
export function requireText(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(this.getNode(), `${label} is empty`, {
			description: `Enter a value for ${label}.`,
			itemIndex,
		});
	}
	return value;
}
