/**
 * HeyGen's folder API, which Konpro shares: the node version, operations, pickers and request code
 * of both folder nodes. Each node (nodes/HeyGen, nodes/Konpro) is an entry class with its own base
 * description and a FolderServiceProfile; everything it does lives here once.
 */
export { FolderNodeV1 } from './node';
export { folderServiceProfile, type FolderServiceProfile } from './profile';
