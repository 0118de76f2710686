/** Narrowing helpers for what the test bed reads as parsed JSON (`unknown`): request bodies, admin input, package.json files, n8n's answers. */

export const isAbsent = (v: unknown): v is undefined | null => v === undefined || v === null;

/** Any non-null object, arrays included (the handlers read fields off whatever object they get). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null;

/** A JSON object proper: not null and not an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	isRecord(v) && !Array.isArray(v);

export const isStringArray = (v: unknown): v is string[] =>
	Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The strings of a list (anything else: none). */
export const strings = (v: unknown): string[] =>
	Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The files a package.json's "n8n" section names, as n8n's loader reads them. */
export function n8nSectionFiles(pkg: unknown): { nodes: string[]; credentials: string[] } {
	const n8n = isPlainObject(pkg) && isPlainObject(pkg.n8n) ? pkg.n8n : {};
	return { nodes: strings(n8n.nodes), credentials: strings(n8n.credentials) };
}
