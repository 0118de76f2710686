import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { listSearch } from './methods/listSearch';
import type { FolderService } from './service';

/**
 * The node class of a folder service. n8n calls `execute` and the listSearch methods with its own
 * context as `this`, so the service travels in the closure, not on the instance.
 */
export function folderNodeType(service: FolderService): new () => INodeType {
	const description = versionDescription(service);
	const methods = { listSearch: listSearch(service) };
	return class FolderNode implements INodeType {
		description: INodeTypeDescription = description;

		methods = methods;

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return await router.call(this, service);
		}
	};
}
