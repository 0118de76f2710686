/** HeyGen and Konpro folder management: one description, one execution path, a profile per service. */
export { folderNodeType } from './node';
export { folderService, type FolderService } from './service';
