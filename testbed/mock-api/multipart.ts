/**
 * A streaming multipart/form-data reader for the mock's upload endpoint: text fields are kept
 * (small), file parts are counted and discarded as they stream in, so a 1 GB upload costs the
 * mock no memory and the request log can still say what arrived.
 */

import type { IncomingMessage } from 'node:http';

export interface MultipartFile {
	field: string;
	filename: string;
	contentType: string | null;
	bytes: number;
}

export interface MultipartBody {
	/** Text fields; a name sent more than once (or as `name[0]`, `name[1]`) holds an array. */
	fields: Record<string, string | string[]>;
	files: MultipartFile[];
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;

/** The boundary of a multipart/form-data Content-Type, or null for any other type. */
export function multipartBoundary(contentType: string | undefined): string | null {
	if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : null;
}

/** Adds a form value: repeated names and `name[i]` names collect into an array under `name`. */
export function addField(
	fields: Record<string, string | string[]>,
	rawName: string,
	value: string,
): void {
	const indexed = /^(.+)\[\d*\]$/.exec(rawName);
	const name = indexed ? indexed[1] : rawName;
	const existing = fields[name];
	if (existing === undefined) fields[name] = indexed ? [value] : value;
	else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/** Reads the request to its end; rejects a body that is not well-formed multipart. */
export function readMultipart(req: IncomingMessage, boundary: string): Promise<MultipartBody> {
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const result: MultipartBody = { fields: {}, files: [] };
	// The first boundary has no CRLF before it: pretend it had.
	let buffer: Buffer = Buffer.from('\r\n');
	let state: 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done' = 'preamble';
	let part: { name: string; file: MultipartFile | null; chunks: Buffer[]; size: number } | null =
		null;

	const finishPart = () => {
		if (!part) return;
		if (part.file) result.files.push(part.file);
		else addField(result.fields, part.name, Buffer.concat(part.chunks).toString('utf8'));
		part = null;
	};
	const take = (data: Buffer) => {
		if (!part || data.length === 0) return;
		if (part.file) part.file.bytes += data.length;
		else if ((part.size += data.length) <= MAX_FIELD_BYTES) part.chunks.push(data);
		else throw new Error('multipart: a text field is too large');
	};
	const step = (): boolean => {
		switch (state) {
			case 'preamble':
			case 'body': {
				const at = buffer.indexOf(delimiter);
				if (at === -1) {
					// Keep what could be the start of a delimiter split across chunks.
					const keep = Math.min(buffer.length, delimiter.length - 1);
					if (state === 'body') take(buffer.subarray(0, buffer.length - keep));
					buffer = buffer.subarray(buffer.length - keep);
					return false;
				}
				if (state === 'body') take(buffer.subarray(0, at));
				finishPart();
				buffer = buffer.subarray(at + delimiter.length);
				state = 'afterDelimiter';
				return true;
			}
			case 'afterDelimiter': {
				if (buffer.length < 2) return false;
				const next = buffer.subarray(0, 2).toString('latin1');
				if (next === '--') state = 'done';
				else if (next === '\r\n') state = 'headers';
				else throw new Error('multipart: malformed boundary line');
				buffer = buffer.subarray(2);
				return state !== 'done';
			}
			case 'headers': {
				const end = buffer.indexOf('\r\n\r\n');
				if (end === -1) {
					if (buffer.length > MAX_HEADER_BYTES)
						throw new Error('multipart: part headers are too large');
					return false;
				}
				const headers = buffer.subarray(0, end).toString('utf8').split('\r\n');
				buffer = buffer.subarray(end + 4);
				const header = (name: string) =>
					headers
						.find((line) => line.toLowerCase().startsWith(`${name}:`))
						?.slice(name.length + 1)
						.trim() ?? null;
				const disposition = header('content-disposition') ?? '';
				const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
				if (name === undefined) throw new Error('multipart: a part has no name');
				const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
				const file =
					filename === undefined
						? null
						: { field: name, filename, contentType: header('content-type'), bytes: 0 };
				part = { name, file, chunks: [], size: 0 };
				state = 'body';
				return true;
			}
			case 'done':
				return false;
		}
	};

	return new Promise((resolve, reject) => {
		req.on('data', (chunk: Buffer) => {
			if (state === 'done') return;
			buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
			try {
				while (step());
			} catch (error) {
				state = 'done';
				req.resume();
				reject(error);
			}
		});
		req.on('end', () =>
			state === 'done'
				? resolve(result)
				: reject(new Error('multipart: the body ended before its closing boundary')),
		);
		req.on('error', reject);
	});
}
