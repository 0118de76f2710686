import type { IDataObject } from 'n8n-workflow';

import type { PageRequest } from '../../../shared/pagination';
import { isObject } from '../../../shared/shapes';

/** Where a read that spans polls stands: the next page, and the list's total_count when it got there (a hint). */
export interface Cursor extends PageRequest {
	total?: number;
}

/**
 * A stretch of the newest-first list a scan has not finished examining: the videos with a
 * create_time from `from` to `to` (both included) that are not in `known`. Left behind by a poll that
 * ran out of time (or by a list found out of order), finished by a later poll.
 */
export interface Gap {
	from: number;
	to: number;
	/** video_nos in the stretch already examined (those sharing a millisecond with `from` or `to`, and any found out of place). */
	known: string[];
	/** About how many videos the list held above `to` when the gap was left: where the next poll looks for it. */
	at: number;
	/**
	 * Closed by the whole-list read in progress rather than by reading down from `at` (the list was
	 * found out of order); 'next': by the whole-list read after it.
	 */
	whole?: true | 'next';
}

/**
 * What the trigger keeps in the workflow's static data (`node` scope) between polls. Only what the
 * next poll needs, never the library: O(pending + MAX_WATCHED_FAILED) whatever the number of videos.
 */
export interface TriggerState {
	/** Format version, so a future format can re-baseline instead of misreading this one. */
	v: 3;
	/** The Unique ID the state belongs to; a different one starts a new baseline. */
	uniqueId: string;
	/** Newest create_time examined; null while the account had no videos. */
	watermark: number | null;
	/** video_nos with create_time === watermark already examined (videos can share a millisecond). */
	ties: string[];
	/** The unfiltered list's total_count when it was last read (a hint, cross-checked at the next poll); null when unknown. */
	count: number | null;
	/** Stretches below the watermark still to examine (a poll ran out of time while reading them). */
	gaps: Gap[];
	/** Next page of a whole-list read in progress (the list was found out of order), or null. */
	wholeAt: Cursor | null;
	/** true while the first poll's baseline is still being read (it reports nothing). */
	learning: boolean;
	/** Next page of the UNPARSE list to read; null when the next poll starts a new pass. */
	unparseAt: Cursor | null;
	/** The first `unseen` video_nos of `pending` have not been seen since the current UNPARSE pass started. */
	unseen: number;
	/** video_nos last seen UNPARSE (or in an undocumented status): their outcome is still to come. Least recently seen first. */
	pending: string[];
	/**
	 * The most recent video_nos seen FAILED, re-read every poll so that a re-processing that skips the
	 * UNPARSE phase a poll could see (FAILED → PARSE between two polls) is still reported. Longest
	 * known first; null until the FAILED list was read once.
	 */
	failed: string[] | null;
	/** Pending videos in a status Memories.ai does not document: video_no → when it was first seen so (ms). */
	odd: Record<string, number>;
}

const isIdList = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((id) => typeof id === 'string' && id !== '');

const isTimeMap = (value: unknown): value is Record<string, number> =>
	isObject(value) &&
	Object.values(value).every((time) => typeof time === 'number' && Number.isFinite(time));

const isTime = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const isCursor = (value: unknown): value is Cursor =>
	isObject(value) &&
	isCount(value.page) &&
	value.page >= 1 &&
	isCount(value.size) &&
	value.size >= 1 &&
	(value.total === undefined || isCount(value.total));

const isGap = (value: unknown): value is Gap =>
	isObject(value) &&
	isTime(value.from) &&
	isTime(value.to) &&
	value.from <= value.to &&
	isIdList(value.known) &&
	isCount(value.at) &&
	(value.whole === undefined || value.whole === true || value.whole === 'next');

/**
 * The saved state as plain values, or undefined when there is none (first poll) or it cannot be
 * trusted (another format): both mean "record a baseline". States of versions 1 and 2 are carried
 * over (version 1 had no watched FAILED videos: the next poll learns them without reporting; version
 * 2 watched up to 1,000, of which the most recent MAX_WATCHED_FAILED are kept). Copies, so nothing
 * here aliases n8n's live static-data object.
 */
export function readState(staticData: IDataObject, maxFailed: number): TriggerState | undefined {
	const { v, uniqueId, watermark, ties, count, pending, failed, odd } = staticData;
	if (typeof uniqueId !== 'string' || !(watermark === null || isTime(watermark))) return undefined;
	if (!isIdList(ties) || !isIdList(pending)) return undefined;
	const carried = {
		uniqueId,
		watermark,
		ties: [...ties],
		pending: [...pending],
		gaps: [],
		wholeAt: null,
		learning: false,
		unparseAt: null,
		unseen: 0,
	};
	if (v === 1) return { v: 3, ...carried, count: null, failed: null, odd: {} };
	if (!isTimeMap(odd) || !(count === null || isCount(count))) return undefined;
	if (v === 2) {
		if (!isIdList(failed)) return undefined;
		return { v: 3, ...carried, count, failed: failed.slice(-maxFailed), odd: { ...odd } };
	}
	const { gaps, wholeAt, learning, unparseAt, unseen } = staticData;
	if (
		v !== 3 ||
		!(failed === null || isIdList(failed)) ||
		!Array.isArray(gaps) ||
		!gaps.every(isGap) ||
		!(wholeAt === null || isCursor(wholeAt)) ||
		typeof learning !== 'boolean' ||
		!(unparseAt === null || isCursor(unparseAt)) ||
		!(isCount(unseen) && unseen <= pending.length)
	)
		return undefined;
	return {
		v: 3,
		...carried,
		count,
		gaps: gaps.map((gap) => ({ ...gap, known: [...gap.known] })),
		wholeAt: wholeAt === null ? null : { ...wholeAt },
		learning,
		unparseAt: unparseAt === null ? null : { ...unparseAt },
		unseen,
		failed: failed === null ? null : [...failed],
		odd: { ...odd },
	};
}

/** True when `staticData` holds anything (a state this code cannot read still counts). */
export function hasAnyState(staticData: IDataObject): boolean {
	return Object.keys(staticData).length > 0;
}

/**
 * Replaces the node's static data with `state` in one step at the very end of a poll that succeeded
 * (or ran out of time and keeps what it read). n8n keeps the same static-data object in memory between
 * polls and saves it when a poll emits, so nothing may be written to it before that point. Writes
 * nothing when the state did not change (n8n then has nothing to save either).
 */
export function writeState(staticData: IDataObject, state: TriggerState): void {
	const next = JSON.parse(JSON.stringify(state)) as IDataObject;
	if (JSON.stringify(staticData) === JSON.stringify(next)) return;
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, next);
}
