import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { MAX_UPLOAD_BYTES, UPLOAD_EXTENSIONS, VIDEO_TYPES } from '../../transport/media';
import {
	getMetadata,
	importPlatformUrls,
	taskVideos,
	uploadFile,
	uploadFromUrl,
	type UploadFields,
	type UploadFile,
} from '../../transport/upload';
import { getUniqueId, uniqueIdProperty } from '../common.descriptions';
import * as getAll from './getAll.operation';
import {
	DEFAULT_MAX_WAIT_MINUTES,
	isProcessed,
	maxWaitOf,
	maxWaitOption,
	pollUntil,
	waitForProcessingOption,
} from './waitForProcessing';

/** scraper_url takes at most 50 post URLs per task, all of one platform. */
const MAX_PLATFORM_URLS = 50;

const notForPlatform = { show: { '/source': ['url', 'binary'] } };

/** Latitude and longitude in one fixedCollection, as Video → Get Many's Location filter has them (without its search hint). */
const locationFields: INodeProperties = {
	...(
		getAll.description.find((property) => property.name === 'filters')?.options as INodeProperties[]
	).find((option) => option.name === 'location')!,
};
delete locationFields.hint;

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'URL',
				value: 'url',
				description: 'A direct link to a video file that Memories.ai downloads itself',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A video file from the input item (e.g. from Google Drive or an HTTP Request)',
			},
			{
				name: 'Platform URLs',
				value: 'platform',
				description: 'Public TikTok, YouTube or Instagram post pages (up to 50, one platform)',
			},
		],
		default: 'url',
	},
	{
		displayName: 'Video URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/videos/clip.mp4',
		description: 'A direct download link (http or https) anyone can open without logging in',
		displayOptions: { show: { source: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the video (MP4, AVI, MKV or MOV, up to 3 GB)',
		displayOptions: { show: { source: ['binary'] } },
	},
	{
		displayName: 'Platform URLs',
		name: 'platformUrls',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'https://www.tiktok.com/@user/video/7234567890123456789',
		description:
			'Post pages, one per line or separated by commas (or a list from an expression); all from the same platform',
		displayOptions: { show: { source: ['platform'] } },
	},
	uniqueIdProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: '={{ $execution.resumeUrl }}',
				description:
					'Memories.ai calls this URL when processing is done. Use {{ $execution.resumeUrl }} with a Wait node (Resume: On Webhook Call) after this one to continue the workflow then.',
			},
			{
				displayName: 'Camera Model',
				name: 'cameraModel',
				type: 'string',
				default: '',
				placeholder: 'Canon EOS 5D',
				description: 'The camera it was recorded with (filterable later)',
				displayOptions: notForPlatform,
			},
			{
				...locationFields,
				description: 'Where it was recorded (filterable later)',
				displayOptions: notForPlatform,
			},
			maxWaitOption,
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'holiday, beijing',
				description: 'Tags to find it by later, separated by commas (or a list from an expression)',
				displayOptions: notForPlatform,
			},
			{
				displayName: 'Taken At',
				name: 'takenAt',
				type: 'dateTime',
				default: '',
				description: 'When it was recorded (UTC)',
				displayOptions: notForPlatform,
			},
			{
				displayName: 'Transcription Prompt',
				name: 'transcriptionPrompt',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: 'Focus on the speaker and major scene changes',
				description: 'Steers the visual transcript: what Memories.ai should pay attention to',
				displayOptions: notForPlatform,
			},
			waitForProcessingOption(
				'Whether to wait (up to Max Wait) until the video is Parsed or Failed before going on; for platform URLs, until the task has produced its videos. For long videos prefer the Callback URL with a Wait node: n8n does not hold the execution open.',
			),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['upload'] } },
	properties,
);

/** One item per video: `video_no`, `status` (UNPARSE, or PARSE / FAILED after waiting), ...; a platform task without waiting: the task. */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const invalid = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description, itemIndex });
	const source = this.getNodeParameter('source', itemIndex, 'url') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const uniqueId = getUniqueId.call(this, itemIndex);
	const callbackUrl = String(options.callbackUrl ?? '').trim();
	if (callbackUrl !== '' && !isHttpUrl(callbackUrl)) {
		throw invalid(
			`Callback URL "${callbackUrl}" is not an http(s) URL`,
			'Enter a full address starting with https:// (or http://), e.g. {{ $execution.resumeUrl }}.',
		);
	}
	const wait = options.waitForProcessing === true;
	const maxWaitMs = wait ? maxWaitOf(options.maxWaitMinutes, invalid) : 0;

	if (source === 'platform') {
		const videoUrls = platformUrlsOf(this.getNodeParameter('platformUrls', itemIndex, ''), invalid);
		const body = {
			video_urls: videoUrls,
			unique_id: uniqueId,
			...(callbackUrl ? { callback_url: callbackUrl } : {}),
		};
		const taskId = await importPlatformUrls.call(this, profile, body, itemIndex);
		if (!wait) return [{ task_id: taskId, unique_id: uniqueId, video_urls: videoUrls }];
		const videos = await pollUntil(profile, maxWaitMs, async () => {
			const found = await taskVideos.call(this, profile, taskId, uniqueId, itemIndex);
			return found.length > 0 ? found : undefined;
		});
		if (videos === undefined) {
			throw invalid(
				`The import task ${taskId} had produced no videos after ${options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES} minutes`,
				`Memories.ai accepted the task; its videos may still come. Ask again later, or use a Callback URL with a Wait node. Task ID: ${taskId}.`,
			);
		}
		return videos.map((video) => ({ ...video, task_id: taskId, unique_id: uniqueId }));
	}

	const fields = uploadFieldsOf(options, uniqueId, callbackUrl, invalid);
	let uploaded;
	if (source === 'url') {
		const url = requireText.call(this, 'url', 'Video URL', itemIndex);
		if (!isHttpUrl(url))
			throw invalid(
				`Video URL "${url}" is not an http(s) URL`,
				'Enter a direct link starting with https:// (or http://).',
			);
		uploaded = await uploadFromUrl.call(this, profile, url, fields, itemIndex);
	} else if (source === 'binary') {
		uploaded = await uploadFile.call(
			this,
			profile,
			await inputFile.call(this, itemIndex),
			fields,
			itemIndex,
		);
	} else {
		throw invalid(
			`Source "${source}" is not url, binary or platform`,
			'Choose URL, Binary File or Platform URLs.',
		);
	}
	if (!wait) return [uploaded];

	const done = await pollUntil(profile, maxWaitMs, async () => {
		const video = await getMetadata.call(this, profile, uploaded.video_no, uniqueId, itemIndex);
		return video !== null && isProcessed(video) ? video : undefined;
	});
	if (done === undefined) {
		throw invalid(
			`Video ${uploaded.video_no} was uploaded but had not finished processing after ${options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES} minutes`,
			`Its ID is ${uploaded.video_no}. Check it later with Video → Get, or use a Callback URL with a Wait node instead of waiting here.`,
		);
	}
	return [{ ...uploaded, ...done, unique_id: uniqueId }];
}

/** The input item's file, checked before any request: there, a video type the API takes, at most 3 GB. */
async function inputFile(this: IExecuteFunctions, itemIndex: number): Promise<UploadFile> {
	const field = requireText.call(this, 'binaryPropertyName', 'Input Binary Field', itemIndex);
	const binaries = this.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[field] as IBinaryData | undefined;
	const fail = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description, itemIndex });
	if (binary === undefined) {
		const present = Object.keys(binaries);
		throw fail(
			`The input item has no binary field "${field}"`,
			present.length
				? `Its binary fields are: ${present.join(', ')}. Set Input Binary Field to the one holding the video.`
				: 'The input item has no file at all: put a node that reads or downloads the video before this one.',
		);
	}
	const fileName =
		binary.fileName ?? `video.${binary.fileExtension ?? extensionOf(binary.mimeType) ?? 'mp4'}`;
	const extension = (
		/\.([^.]+)$/.exec(fileName)?.[1] ??
		binary.fileExtension ??
		extensionOf(binary.mimeType) ??
		''
	).toLowerCase();
	if (!UPLOAD_EXTENSIONS.includes(extension)) {
		throw fail(
			`The file "${fileName}" is not a video Memories.ai accepts`,
			`Upload an MP4, AVI, MKV or MOV file (this one is ${binary.mimeType || 'of unknown type'}).`,
		);
	}
	const mimeType = /^video\//i.test(binary.mimeType ?? '')
		? binary.mimeType
		: VIDEO_TYPES[extension];
	const size = binary.id
		? (await this.helpers.getBinaryMetadata(binary.id)).fileSize
		: Buffer.byteLength(binary.data ?? '', 'base64');
	if (size === 0) throw fail(`The file "${fileName}" is empty`, 'Check the node that produced it.');
	if (size > MAX_UPLOAD_BYTES)
		throw fail(
			`The file "${fileName}" is larger than 3 GB`,
			'Memories.ai takes files of up to 3 GB; shorten or compress it first.',
		);
	const open = async () =>
		// Stored on disk or S3: streamed from there. In memory (n8n's default mode): it is already a buffer.
		binary.id
			? await this.helpers.getBinaryStream(binary.id)
			: await this.helpers.getBinaryDataBuffer(itemIndex, field);
	return { fileName, mimeType, size, open };
}

function extensionOf(mimeType: string | undefined): string | undefined {
	return Object.entries(VIDEO_TYPES).find(
		([, type]) => type === (mimeType ?? '').toLowerCase(),
	)?.[0];
}

/** The options every file upload shares, in the API's field names, checked before any request. */
function uploadFieldsOf(
	options: IDataObject,
	uniqueId: string,
	callbackUrl: string,
	invalid: (m: string, d: string) => Error,
): UploadFields {
	const fields: UploadFields = { unique_id: uniqueId };
	if (callbackUrl) fields.callback = callbackUrl;
	const camera = String(options.cameraModel ?? '').trim();
	if (camera) fields.camera_model = camera;
	const prompt = String(options.transcriptionPrompt ?? '').trim();
	if (prompt) fields.video_transcription_prompt = prompt;
	if (options.tags !== undefined && options.tags !== '') {
		const raw = options.tags;
		const tags = (Array.isArray(raw) ? raw.map(String) : String(raw).split(','))
			.map((tag) => tag.trim())
			.filter(Boolean);
		if (tags.length > 0) fields.tags = [...new Set(tags)];
	}
	if (options.takenAt) {
		const ms = new Date(String(options.takenAt)).getTime();
		if (Number.isNaN(ms))
			throw invalid(`Taken At "${String(options.takenAt)}" is not a date`, 'Pick a date and time.');
		// The docs' format, "yyyy-MM-dd HH:mm:ss"; they name no time zone, so UTC is sent.
		fields.datetime_taken = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
	}
	const coordinates = (options.location as IDataObject | undefined)?.coordinates as
		| IDataObject
		| undefined;
	if (coordinates) {
		const latitude = Number(coordinates.latitude);
		const longitude = Number(coordinates.longitude);
		const given = (value: unknown) => value !== undefined && value !== null && value !== '';
		if (
			!given(coordinates.latitude) ||
			!given(coordinates.longitude) ||
			!Number.isFinite(latitude) ||
			!Number.isFinite(longitude)
		) {
			throw invalid(
				'Location needs both a latitude and a longitude',
				'Enter both numbers, or remove the Location option.',
			);
		}
		if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
			throw invalid(
				'Location is outside the map',
				'Latitude must be between -90 and 90, longitude between -180 and 180.',
			);
		}
		fields.latitude = String(latitude);
		fields.longitude = String(longitude);
	}
	return fields;
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** The platform of a post URL: scraper_url takes TikTok, YouTube and Instagram, one per task. */
function platformOf(url: string): string | undefined {
	const host = new URL(url).hostname.toLowerCase().replace(/^(www|m)\./, '');
	if (host === 'tiktok.com' || host.endsWith('.tiktok.com')) return 'TikTok';
	if (host === 'youtube.com' || host === 'youtu.be' || host.endsWith('.youtube.com'))
		return 'YouTube';
	if (host === 'instagram.com' || host.endsWith('.instagram.com')) return 'Instagram';
	return undefined;
}

function platformUrlsOf(raw: unknown, invalid: (m: string, d: string) => Error): string[] {
	const list = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\n,]/);
	const urls = [...new Set(list.map((url) => url.trim()).filter(Boolean))];
	if (urls.length === 0)
		throw invalid(
			'Platform URLs is empty',
			'Enter one or more TikTok, YouTube or Instagram post links.',
		);
	if (urls.length > MAX_PLATFORM_URLS) {
		throw invalid(
			`Platform URLs has ${urls.length} links; one import takes at most ${MAX_PLATFORM_URLS}`,
			'Split them over several input items.',
		);
	}
	const platforms = new Set<string>();
	for (const url of urls) {
		if (!isHttpUrl(url))
			throw invalid(
				`"${url}" is not an http(s) URL`,
				'Enter full post links starting with https://.',
			);
		const platform = platformOf(url);
		if (platform === undefined)
			throw invalid(
				`"${url}" is not a TikTok, YouTube or Instagram link`,
				'Only posts of these three platforms can be imported.',
			);
		platforms.add(platform);
	}
	if (platforms.size > 1) {
		throw invalid(
			`Platform URLs mixes ${[...platforms].join(' and ')}`,
			'One import takes links of one platform: split them over several input items.',
		);
	}
	return urls;
}
