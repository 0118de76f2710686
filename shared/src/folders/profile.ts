import { readVendorError } from '../errors';
import { DEFAULT_REQUEST_POLICY } from '../policy';
import { isObject } from '../shapes';
import { httpFailure, type ServiceProfile } from '../transport';

/** The profile of a folder service: HeyGen's folder API, or one shaped like it (Konpro). */
export interface FolderServiceProfile extends ServiceProfile {
	/** Key every answer's payload is wrapped in (HeyGen: `{error, data}`); absent = the body is the payload. */
	readonly envelope?: string;
	/**
	 * Field that says whether another page follows (Konpro: `has_more`, which sends a token even on
	 * the last page). Absent = the list ends when the page token is null or missing (HeyGen).
	 */
	readonly hasMoreField?: string;
}

/** What a folder service states about itself; the rest of its profile is the same for all. */
type FolderServiceFacts = Pick<
	FolderServiceProfile,
	'name' | 'credentialType' | 'defaultBaseUrl' | 'envelope' | 'hasMoreField'
>;

export function folderServiceProfile(facts: FolderServiceFacts): FolderServiceProfile {
	return {
		...facts,
		failureOf: folderFailure,
		retryableCodes: [],
		codeMessages: {},
		policy: DEFAULT_REQUEST_POLICY,
	};
}

/** HTTP ≥ 400 fails; so does HTTP 200 with a non-null `error` (HeyGen reports some failures that way). */
function folderFailure(statusCode: number, body: unknown) {
	const failure = httpFailure(statusCode, body);
	if (failure) return failure;
	const error = isObject(body) ? body.error : undefined;
	if (error === undefined || error === null || error === '') return undefined;
	return { httpCode: statusCode, ...readVendorError(body) };
}
