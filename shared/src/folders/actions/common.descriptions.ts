import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** listSearch methods of the folder pickers (see methods/listSearch.ts). */
export const SEARCH_FOLDERS = 'searchFolders';
export const SEARCH_TRASHED_FOLDERS = 'searchTrashedFolders';

/** Project types as HeyGen lists them; Konpro accepts the same field. */
export const PROJECT_TYPES: INodePropertyOptions[] = [
	{ name: 'Asset', value: 'asset' },
	{ name: 'Brand Kit', value: 'brand_kit' },
	{ name: 'Instant Avatar', value: 'instant_avatar' },
	{ name: 'Mixed', value: 'mixed' },
	{ name: 'Video', value: 'video' },
	{ name: 'Video Translate', value: 'video_translate' },
];

/** A folder picker: "From List" (searchable, paginated) or "By ID". */
export function folderLocator(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description'> & { required?: boolean },
	searchListMethod = SEARCH_FOLDERS,
): INodeProperties {
	return {
		...field,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a folder...',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				hint: 'The id field of a folder, as Get Many returns it',
			},
		],
	};
}

/** The ID a resource locator (or a plain string from an expression or an older workflow) holds. */
export function locatorValue(value: unknown): string {
	const raw = value !== null && typeof value === 'object' ? (value as IDataObject).value : value;
	return raw === undefined || raw === null ? '' : String(raw).trim();
}

/** The folder the operation acts on; a missing ID gets a clear error before any request. */
export function getFolderId(this: IExecuteFunctions, itemIndex: number): string {
	const folderId = locatorValue(this.getNodeParameter('folderId', itemIndex, ''));
	if (folderId === '') {
		throw new NodeOperationError(this.getNode(), 'No folder is selected', {
			description: 'Choose a folder from the list or enter its ID.',
			itemIndex,
		});
	}
	// Dot segments and slashes survive URL-encoding or are normalised away, and a sibling route's
	// name is a route: any of them would send the request somewhere else (`/v1/folders/create`).
	if (
		folderId === '.' ||
		folderId === '..' ||
		/[/\\]/.test(folderId) ||
		SIBLING_ROUTES.includes(folderId.toLowerCase())
	) {
		throw new NodeOperationError(this.getNode(), `"${folderId}" is not a folder ID`, {
			description:
				'A folder ID cannot be "." or "..", contain "/" or "\\", or be "create". Choose the folder from the list, or copy its id from Get Many.',
			itemIndex,
		});
	}
	return folderId;
}

/** Routes beside /v1/folders/{folder_id}. */
const SIBLING_ROUTES = ['create'];
