import { folderNodeType } from '../shared/folders';
import { heyGen } from './transport';

/** HeyGen folders. Description, operations and pickers are shared with Konpro (nodes/shared/folders). */
export class HeyGen extends folderNodeType(heyGen) {}
