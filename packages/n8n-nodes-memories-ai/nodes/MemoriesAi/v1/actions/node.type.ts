/** The Memories.ai node's resources and their operations, as the Resource and Operation options name them. */
export type MemoriesAiOperations = {
	video:
		| 'delete'
		| 'download'
		| 'get'
		| 'getAll'
		| 'getSummary'
		| 'getTranscript'
		| 'search'
		| 'upload';
	chat: 'ask';
	folder: 'getAll';
	uniqueId: 'getAll';
};
