import type { IExecuteFunctions } from 'n8n-workflow';

import { vendorStream, type Readable, type ServiceProfile } from '../../../shared/transport';
import { endpointBudget } from './budgets';
import { VIDEO_TYPES } from './media';

export interface DownloadedFile {
	stream: Readable;
	fileName: string;
	mimeType: string;
}

/**
 * POST /serve/api/v1/download: the video's bytes as a stream. Success is a binary body; a JSON body
 * is always an error envelope (PL, VS and EX all decide by Content-Type). Code 0001 means "video
 * not found" here (V12), so it is not retried like the "temporary problem" 0001 elsewhere.
 */
export async function downloadVideo(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	body: { video_no: string; unique_id: string },
	itemIndex: number,
): Promise<DownloadedFile> {
	const answer = await vendorStream.call(
		this,
		profile,
		{
			method: 'POST',
			path: '/serve/api/v1/download',
			body,
			accept: 'application/octet-stream',
			codeMessages: { '0001': `Memories.ai has no video "${body.video_no}" to download` },
			notAStream: 'Memories.ai sent a JSON answer instead of the video file',
			budget: endpointBudget('download'),
		},
		itemIndex,
	);
	const fileName = fileNameOf(answer.headers['content-disposition'], body.video_no);
	const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
	const served = answer.contentType.split(';')[0].trim();
	const mimeType =
		served && served !== 'application/octet-stream'
			? served
			: (VIDEO_TYPES[extension] ?? 'application/octet-stream');
	return { stream: answer.body, fileName, mimeType };
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
