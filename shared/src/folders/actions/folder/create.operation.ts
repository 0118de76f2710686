import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../../items';
import type { FolderServiceProfile } from '../../profile';
import { findCreatedFolder, postToFolders } from '../../transport';
import { folderLocator, locatorValue, PROJECT_TYPES } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Q3 Campaign',
		description: 'Name of the new folder',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			folderLocator({
				displayName: 'Parent Folder',
				name: 'parentId',
				description: 'Folder to create the new folder in. Leave empty for the top level.',
			}),
			{
				displayName: 'Project Type',
				name: 'projectType',
				type: 'options',
				options: PROJECT_TYPES,
				default: 'mixed',
				description: 'What the folder holds',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	profile: FolderServiceProfile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const name = requireText.call(this, 'name', 'Name', itemIndex);
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { name };
	const parentId = locatorValue(fields.parentId);
	if (parentId !== '') body.parent_id = parentId;
	if (fields.projectType) body.project_type = String(fields.projectType);
	// Not idempotent: after a failure the service may have created it anyway, so look before repeating.
	const findCommitted = async (since: number) =>
		await findCreatedFolder.call(this, profile, name, parentId, since, itemIndex);
	return [
		await postToFolders.call(
			this,
			profile,
			'/v1/folders/create',
			body,
			undefined,
			itemIndex,
			findCommitted,
		),
	];
}
