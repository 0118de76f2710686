/** Video types by file extension: the four Memories.ai accepts for upload, and WebM it may serve (no MIME table dependency). */
export const VIDEO_TYPES: Readonly<Record<string, string>> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	mkv: 'video/x-matroska',
	avi: 'video/x-msvideo',
	webm: 'video/webm',
};

/** What upload takes: .mp4, .avi, .mkv, .mov (any case), at most 3 GB (PL, VS). */
export const UPLOAD_EXTENSIONS = ['mp4', 'avi', 'mkv', 'mov'];
export const MAX_UPLOAD_BYTES = 3 * 1024 ** 3;
