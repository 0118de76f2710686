/** Narrowing helpers for request bodies and admin input, which arrive as parsed JSON (`unknown`). */

export const isAbsent = (v: unknown): v is undefined | null => v === undefined || v === null;

/** Any non-null object, arrays included (the handlers read fields off whatever object they get). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null;

/** A JSON object proper: not null and not an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	isRecord(v) && !Array.isArray(v);

export const isStringArray = (v: unknown): v is string[] =>
	Array.isArray(v) && v.every((x) => typeof x === 'string');
