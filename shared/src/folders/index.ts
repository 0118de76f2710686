/**
 * HeyGen's folder API, which Konpro shares: the operations, pickers and request code of both folder
 * nodes. Each node (nodes/HeyGen, nodes/Konpro) is a plain n8n node class with its own description
 * and a FolderServiceProfile; everything it does lives here once.
 */
import { deepCopy, type INodeProperties } from 'n8n-workflow';

import { REQUEST_OPTIONS } from '../policy';
import * as folder from './actions/folder/Folder.resource';

export { router as runFolderOperation } from './actions/router';
export { folderListSearch } from './methods/listSearch';
export { folderServiceProfile, type FolderServiceProfile } from './profile';

/**
 * The Operation selector, every operation's fields and the Request Options, a fresh copy per node
 * (n8n may add options to them).
 */
export function folderOperationProperties(): INodeProperties[] {
	return deepCopy([...folder.description, REQUEST_OPTIONS]);
}
