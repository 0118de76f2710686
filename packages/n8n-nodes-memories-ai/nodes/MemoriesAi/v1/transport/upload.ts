import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { randomString } from 'n8n-workflow';

import { normalizeRecord } from '../../../shared/normalize';
import {
	expectList,
	expectObject,
	expectText,
	optionalNumber,
	type AnswerContext,
} from '../../../shared/shapes';
import {
	vendorRequest,
	type Readable,
	type RequestContext,
	type ServiceProfile,
} from '../../../shared/transport';
import { endpointBudget } from './budgets';
import { answerContext, answerData } from './index';

/**
 * The form fields every upload shares (upload_url, upload), in the API's names. `tags` goes on the
 * wire as repeated `tags=` fields: what the docs' Python sample sends (their curl sample indexes them,
 * `tags[0]=`; which one the server needs is UNCONFIRMED, and repeated keys are what form parsers
 * read as a list).
 */
export interface UploadFields {
	unique_id: string;
	callback?: string;
	datetime_taken?: string;
	camera_model?: string;
	latitude?: string;
	longitude?: string;
	tags?: string[];
	video_transcription_prompt?: string;
}

/** A video as an upload answers it: the node outputs `video_no` and `status` (the answer says videoNo, videoStatus). */
export interface UploadedVideo extends IDataObject {
	video_no: string;
	video_name: string | null;
	status: string;
	upload_time: number | null;
	unique_id: string;
}

/** The file of an input item, ready to be sent: a stream of it (opened per attempt) or its bytes, with its size. */
export interface UploadFile {
	fileName: string;
	/** The file part's Content-Type; the API refuses anything but video/*. */
	mimeType: string;
	size?: number;
	open: () => Promise<Readable | Buffer>;
}

/** Form fields as [name, value] pairs, empty ones left out; `retain_original_video` so Download works later. */
function formEntries(fields: UploadFields): Array<[string, string]> {
	const entries: Array<[string, string]> = [];
	for (const [name, value] of Object.entries(fields)) {
		if (Array.isArray(value)) for (const one of value) entries.push([name, String(one)]);
		else if (value !== undefined && value !== '') entries.push([name, String(value)]);
	}
	// EX's client sends "true" as its default; its effect (keep the original for Download) is UNCONFIRMED.
	entries.push(['retain_original_video', 'true']);
	return entries;
}

/** POST upload_url: the server fetches `url` itself; form-urlencoded, as PL and VS document. */
export async function uploadFromUrl(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	url: string,
	fields: UploadFields,
	itemIndex: number,
): Promise<UploadedVideo> {
	const form = new URLSearchParams([['url', url], ...formEntries(fields)]).toString();
	const response = await vendorRequest.call(
		this,
		profile,
		{
			method: 'POST',
			path: '/serve/api/v1/upload_url',
			body: async () => ({ data: form, contentType: 'application/x-www-form-urlencoded' }),
			idempotent: false,
			budget: endpointBudget('upload'),
		},
		itemIndex,
	);
	return uploadedVideo(answerContext(this, profile, itemIndex, true), response, fields.unique_id);
}

/**
 * POST upload: multipart, the file in part `file` with its video/* type, streamed from n8n's binary
 * data store (the file is never held in memory whole when n8n keeps binary data on disk or S3).
 */
export async function uploadFile(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	file: UploadFile,
	fields: UploadFields,
	itemIndex: number,
): Promise<UploadedVideo> {
	const boundary = `----n8nMemoriesAi${randomString(24)}`;
	let head = '';
	for (const [name, value] of formEntries(fields)) {
		head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
	}
	head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${headerSafe(file.fileName)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`;
	const preamble = Buffer.from(head, 'utf8');
	const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
	const response = await vendorRequest.call(
		this,
		profile,
		{
			method: 'POST',
			path: '/serve/api/v1/upload',
			body: async () => {
				const content = await file.open();
				const contentType = `multipart/form-data; boundary=${boundary}`;
				if (Buffer.isBuffer(content)) {
					const data = Buffer.concat([preamble, content, epilogue]);
					return { data, contentType, length: data.length };
				}
				const data = content.compose(async function* (source: AsyncIterable<Buffer>) {
					yield preamble;
					yield* source;
					yield epilogue;
				}) as Readable;
				return {
					data,
					contentType,
					length:
						file.size === undefined ? undefined : preamble.length + file.size + epilogue.length,
				};
			},
			idempotent: false,
			budget: endpointBudget('upload'),
		},
		itemIndex,
	);
	return uploadedVideo(answerContext(this, profile, itemIndex, true), response, fields.unique_id);
}

/** A file name as a quoted header parameter: no quotes or line breaks. */
function headerSafe(name: string): string {
	return name.replace(/["\r\n\\]/g, '_');
}

/** The uploaded video an upload answer describes, its shape checked. */
function uploadedVideo(answer: AnswerContext, response: unknown, uniqueId: string): UploadedVideo {
	const data = expectObject(answer, answerData(answer, response), 'data');
	return {
		video_no: expectText(answer, data.videoNo ?? data.video_no, 'data.videoNo'),
		video_name: typeof data.videoName === 'string' ? data.videoName : null,
		status: expectText(answer, data.videoStatus ?? data.status ?? 'UNPARSE', 'data.videoStatus'),
		upload_time: optionalNumber(answer, data.uploadTime, 'data.uploadTime') ?? null,
		unique_id: uniqueId,
	};
}

/** POST scraper_url (JSON): public post pages of one platform, imported by a task; returns its taskId. */
export async function importPlatformUrls(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	body: { video_urls: string[]; unique_id: string; callback_url?: string },
	itemIndex: number,
): Promise<string> {
	const response = await vendorRequest.call(
		this,
		profile,
		{
			method: 'POST',
			path: '/serve/api/v1/scraper_url',
			body,
			budget: endpointBudget('platformImport'),
		},
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex, true);
	return expectText(
		answer,
		expectObject(answer, answerData(answer, response), 'data').taskId,
		'data.taskId',
	);
}

/**
 * The videos a scraper task has produced so far (empty while the platform download runs). Both
 * documented shapes are read: `videos[{video_no, status, ...}]` (VS, live clients) and `video_ids[]` (V12).
 */
export async function taskVideos(
	this: RequestContext,
	profile: ServiceProfile,
	taskId: string,
	uniqueId: string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const response = await vendorRequest.call(
		this,
		profile,
		{
			method: 'GET',
			path: '/serve/api/v1/get_video_ids_by_task_id',
			qs: { task_id: taskId, unique_id: uniqueId },
			budget: endpointBudget('taskStatus'),
		},
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex);
	const data = expectObject(answer, answerData(answer, response), 'data');
	if (data.videos !== undefined && data.videos !== null) {
		return expectList(answer, data.videos, 'data.videos').map((value, i) => {
			const video = normalizeRecord({ ...expectObject(answer, value, `data.videos[${i}]`) });
			expectText(answer, video.video_no, `data.videos[${i}].video_no`);
			return video;
		});
	}
	return expectList(answer, data.video_ids ?? [], 'data.video_ids').map((id, i) => ({
		video_no: expectText(answer, id, `data.video_ids[${i}]`),
		status: 'UNPARSE',
	}));
}

/** GET get_metadata: the video with its status, or null while Memories.ai does not show it yet (data: null). */
export async function getMetadata(
	this: RequestContext,
	profile: ServiceProfile,
	videoNo: string,
	uniqueId: string,
	itemIndex?: number,
): Promise<IDataObject | null> {
	const response = await vendorRequest.call(
		this,
		profile,
		{
			method: 'GET',
			path: '/serve/api/v1/get_metadata',
			qs: { video_no: videoNo, unique_id: uniqueId },
		},
		itemIndex,
	);
	const answer = answerContext(this, profile, itemIndex);
	const data = answerData(answer, response);
	if (data === null || data === undefined) return null;
	const video = normalizeRecord({ ...expectObject(answer, data, 'data') });
	// EX reads `status`, falling back to `videoStatus`.
	video.status = expectText(answer, video.status ?? video.videoStatus, 'data.status');
	normalizeRecord(video);
	return video;
}
