import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireText, WithBinary } from '../../../../shared/items';
import type { ServiceProfile } from '../../../../shared/transport';
import { downloadVideo } from '../../transport/download';
import { getUniqueId, getVideoNo, uniqueIdProperty, videoNoProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	videoNoProperty,
	uniqueIdProperty,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the video file in',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['download'] } },
	properties,
);

/** One item: the original video file in the binary field, its name and type in the JSON. */
export async function execute(
	this: IExecuteFunctions,
	profile: ServiceProfile,
	itemIndex: number,
): Promise<WithBinary[]> {
	const videoNo = getVideoNo.call(this, itemIndex);
	const uniqueId = getUniqueId.call(this, itemIndex);
	const field = requireText.call(this, 'binaryPropertyName', 'Put Output File in Field', itemIndex);
	const file = await downloadVideo.call(
		this,
		profile,
		{ video_no: videoNo, unique_id: uniqueId },
		itemIndex,
	);
	// Streamed into n8n's binary data store (a file on disk in filesystem mode, not one big buffer).
	const binary = await this.helpers.prepareBinaryData(file.stream, file.fileName, file.mimeType);
	const json = {
		video_no: videoNo,
		file_name: binary.fileName ?? file.fileName,
		mime_type: binary.mimeType,
		file_size: binary.fileSize ?? null,
	};
	return [new WithBinary(json, { [field]: binary })];
}
