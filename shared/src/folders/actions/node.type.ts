/** The folder nodes' resources and their operations, as the Resource and Operation options name them. */
export type FolderNodeOperations = {
	folder: 'getAll' | 'create' | 'rename' | 'trash' | 'restore';
};
