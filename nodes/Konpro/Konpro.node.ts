import { folderNodeType } from '../shared/folders';
import { konpro } from './transport';

/** Konpro folders. Description, operations and pickers are shared with HeyGen (nodes/shared/folders). */
export class Konpro extends folderNodeType(konpro) {}
