import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { vendorError, type VendorFailure } from '../../../shared/errors';
import { pace } from '../../../shared/pacing';
import { backoffDelay, parseRetryAfter, RETRYABLE_HTTP_STATUSES } from '../../../shared/policy';
import type { ServiceProfile } from '../../../shared/transport';

/** An error answer is a small JSON envelope; more than this is not one. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Types by extension, for a file served as application/octet-stream (no dependency on a MIME table). */
const VIDEO_TYPES: Readonly<Record<string, string>> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	mkv: 'video/x-matroska',
	avi: 'video/x-msvideo',
	webm: 'video/webm',
};

/** A readable stream, as n8n's binary helpers take it (node:stream may not be imported by community nodes). */
type Readable = Exclude<Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], Buffer>;

export interface DownloadedFile {
	stream: Readable;
	fileName: string;
	mimeType: string;
}

/**
 * POST /serve/api/v1/download: the video's bytes as a stream, or the vendor's error. The shared
 * vendorRequest reads every answer as JSON text, which would corrupt a file, so this request is
 * sent here (the same key handling, pacing, retry rules and error wording; see README "Download").
 * Success is a binary body; a JSON body is always an error envelope (PL, VS and EX all decide by
 * Content-Type). Code 0001 here means "video not found" (V12), so it is not retried.
 */
export async function downloadVideo(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	body: { video_no: string; unique_id: string },
	itemIndex: number,
): Promise<DownloadedFile> {
	const credentials = await this.getCredentials(profile.credentialType);
	const apiKey = String(credentials.apiKey ?? '');
	const baseUrl = String(credentials.baseUrl || profile.defaultBaseUrl).replace(/\/+$/, '');
	const codeMessages = { ...profile.codeMessages, '0001': `Memories.ai has no video "${body.video_no}" to download` };
	const fail = (failure: VendorFailure, message?: string) =>
		vendorError(this.getNode(), profile.name, failure, { codeMessages, secrets: [apiKey], itemIndex, message });
	const { policy } = profile;

	for (let retry = 0; ; retry++) {
		const settle = await pace(policy.pacing ? profile.requestsPerSecond : undefined, `${baseUrl}\n${apiKey}`);
		let response: { statusCode: number; headers: IDataObject; body: Readable };
		try {
			response = await this.helpers.httpRequestWithAuthentication.call(this, profile.credentialType, {
				method: 'POST',
				url: `${baseUrl}/serve/api/v1/download`,
				headers: { 'content-type': 'application/json', accept: 'application/octet-stream, application/json' },
				body,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: policy.timeoutMs,
			});
		} catch (error) {
			settle();
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			// Downloading changes nothing, so a dropped connection is tried again; n8n's error (which holds the key) is not kept.
			if (retry < policy.maxRetries) {
				await sleep(backoffDelay(retry, policy));
				continue;
			}
			throw fail({}, `Could not reach ${profile.name}: the connection failed or timed out`);
		}
		settle();

		const contentType = String(headerValue(response.headers, 'content-type') ?? '').toLowerCase();
		if (response.statusCode < 400 && !contentType.includes('json') && !contentType.startsWith('text/')) {
			const fileName = fileNameOf(headerValue(response.headers, 'content-disposition'), body.video_no);
			const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
			const served = contentType.split(';')[0].trim();
			const mimeType = served && served !== 'application/octet-stream' ? served : (VIDEO_TYPES[extension] ?? 'application/octet-stream');
			return { stream: response.body, fileName, mimeType };
		}

		const text = await readBounded(response.body, MAX_ERROR_BODY_BYTES);
		const failure = errorAnswer(profile, response.statusCode, text);
		const retryable =
			RETRYABLE_HTTP_STATUSES.includes(response.statusCode) || failure.code === '0429';
		if (!retryable || retry >= policy.maxRetries) {
			throw fail(failure, failure.code === '0000' ? `${profile.name} sent a JSON answer instead of the video file` : undefined);
		}
		const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw fail(failure);
		await sleep(retryAfter ?? backoffDelay(retry, policy));
	}
}

/** What a JSON (or text) answer of the download says went wrong. */
function errorAnswer(profile: ServiceProfile, statusCode: number, text: string): VendorFailure {
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON: the text itself is the explanation.
	}
	return profile.failureOf(statusCode, parsed) ?? { httpCode: statusCode, code: '0000', message: text.slice(0, 120) };
}

/** The file name Content-Disposition gives (no folders), or `<video_no>.mp4`. */
function fileNameOf(disposition: unknown, videoNo: string): string {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(String(disposition ?? ''));
	const name = match ? decodeURIComponentSafe(match[1]).split(/[\\/]/).pop()!.trim() : '';
	return name !== '' && name !== '.' && name !== '..' ? name : `${videoNo}.mp4`;
}

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

async function readBounded(stream: Readable, maxBytes: number): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		chunks.push(buffer);
		size += buffer.length;
		if (size >= maxBytes) {
			stream.destroy();
			break;
		}
	}
	return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}
