import type { IDataObject } from 'n8n-workflow';

/**
 * Legacy Memories.ai responses carry numbers as strings ("12", total_count "3") and absent values
 * as the string "null". Output always has real numbers and real nulls (README: "Memories.ai").
 */
export function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
		return Number(value);
	return undefined;
}

/** Canonical Memories.ai statuses; legacy spellings map onto them. */
export type VideoStatus = 'PARSE' | 'UNPARSE' | 'FAILED';

const STATUS_ALIASES: Record<string, VideoStatus> = {
	PARSE: 'PARSE',
	DONE: 'PARSE',
	UNPARSE: 'UNPARSE',
	FAILED: 'FAILED',
	FAIL: 'FAILED',
	PARSE_ERROR: 'FAILED',
};

/** Case-insensitive; unknown statuses come back upper-cased so they can still be compared. */
export function normalizeStatus(value: unknown): string {
	const upper = String(value ?? '')
		.trim()
		.toUpperCase();
	return STATUS_ALIASES[upper] ?? upper;
}

/** Fields that are numeric in the current API and may be strings in legacy responses. */
const NUMERIC_FIELDS = new Set([
	'duration',
	'size',
	'create_time',
	'datetime_taken',
	'latitude',
	'longitude',
	'level',
	'current_page',
	'page_size',
	'total_count',
]);

/**
 * Turns legacy strings into numbers and "null" into null, and makes `status` canonical — in place:
 * every caller passes a record it just parsed, and not copying halves the memory of large listings.
 */
export function normalizeRecord(record: IDataObject): IDataObject {
	for (const key of Object.keys(record)) {
		const value = record[key];
		if (value === 'null') record[key] = null;
		else if (typeof value === 'string' && NUMERIC_FIELDS.has(key))
			record[key] = toNumber(value) ?? value;
	}
	if (record.status !== undefined && record.status !== null)
		record.status = normalizeStatus(record.status);
	return record;
}
