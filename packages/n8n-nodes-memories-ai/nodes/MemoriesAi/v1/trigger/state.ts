import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../../../shared/shapes';

/**
 * What the trigger keeps in the workflow's static data (`node` scope) between polls. Only what the
 * next poll needs, never the library: O(pending + watched failed) whatever the number of videos.
 */
export interface TriggerState {
	/** Format version, so a future format can re-baseline instead of misreading this one. */
	v: 2;
	/** The Unique ID the state belongs to; a different one starts a new baseline. */
	uniqueId: string;
	/** Newest create_time seen by a completed scan; null while the account had no videos. */
	watermark: number | null;
	/** video_nos with create_time === watermark already seen (videos can share a millisecond). */
	ties: string[];
	/** The unfiltered list's total_count when it was last read (a hint, cross-checked at the next poll); null when unknown. */
	count: number | null;
	/** video_nos last seen UNPARSE (or in an undocumented status): their outcome is still to come. */
	pending: string[];
	/**
	 * video_nos last seen FAILED, re-read every poll so that a re-processing that skips the UNPARSE
	 * phase a poll could see (FAILED → PARSE between two polls) is still reported. Longest known first.
	 */
	failed: string[];
	/** Pending videos in a status Memories.ai does not document: video_no → when it was first seen so (ms). */
	odd: Record<string, number>;
}

const STATE_KEYS: Array<keyof TriggerState> = [
	'v',
	'uniqueId',
	'watermark',
	'ties',
	'count',
	'pending',
	'failed',
	'odd',
];

const isIdList = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((id) => typeof id === 'string' && id !== '');

const isTimeMap = (value: unknown): value is Record<string, number> =>
	isObject(value) &&
	Object.values(value).every((time) => typeof time === 'number' && Number.isFinite(time));

/**
 * The saved state as plain values, or undefined when there is none (first poll) or it cannot be
 * trusted (another format): both mean "record a baseline". A version 1 state (before FAILED videos
 * were watched) is read with `failed` undefined: the next poll learns them without reporting. Copies,
 * so nothing here aliases n8n's live static-data object.
 */
export function readState(
	staticData: IDataObject,
): (Omit<TriggerState, 'failed'> & { failed?: string[] }) | undefined {
	const { v, uniqueId, watermark, ties, count, pending, failed, odd } = staticData;
	if ((v !== 1 && v !== 2) || typeof uniqueId !== 'string') return undefined;
	if (!(watermark === null || (typeof watermark === 'number' && Number.isFinite(watermark))))
		return undefined;
	if (!isIdList(ties) || !isIdList(pending)) return undefined;
	if (v === 1)
		return {
			v: 2,
			uniqueId,
			watermark,
			ties: [...ties],
			count: null,
			pending: [...pending],
			odd: {},
		};
	if (
		!isIdList(failed) ||
		!isTimeMap(odd) ||
		!(count === null || (typeof count === 'number' && Number.isFinite(count)))
	)
		return undefined;
	return {
		v: 2,
		uniqueId,
		watermark,
		ties: [...ties],
		count,
		pending: [...pending],
		failed: [...failed],
		odd: { ...odd },
	};
}

/** True when `staticData` holds anything (a state this code cannot read still counts). */
export function hasAnyState(staticData: IDataObject): boolean {
	return Object.keys(staticData).length > 0;
}

/**
 * Replaces the node's static data with `state` in one step at the very end of a successful poll.
 * n8n keeps the same static-data object in memory between polls and saves it when a poll emits,
 * so nothing may be written to it before the poll is known to have succeeded. Writes nothing when
 * the state did not change (n8n then has nothing to save either).
 */
export function writeState(staticData: IDataObject, state: TriggerState): void {
	const current = readState(staticData);
	const extraKeys = Object.keys(staticData).filter(
		(key) => !(STATE_KEYS as string[]).includes(key),
	);
	if (
		current &&
		staticData.v === 2 &&
		extraKeys.length === 0 &&
		sameState(current as TriggerState, state)
	)
		return;
	for (const key of extraKeys) delete staticData[key];
	Object.assign(staticData, {
		v: state.v,
		uniqueId: state.uniqueId,
		watermark: state.watermark,
		ties: [...state.ties],
		count: state.count,
		pending: [...state.pending],
		failed: [...state.failed],
		odd: { ...state.odd },
	});
}

function sameState(a: TriggerState, b: TriggerState): boolean {
	const sameSet = (x: string[], y: string[]) =>
		x.length === y.length && new Set([...x, ...y]).size === x.length;
	const oddKeys = Object.keys(a.odd);
	return (
		a.uniqueId === b.uniqueId &&
		a.watermark === b.watermark &&
		a.count === b.count &&
		sameSet(a.ties, b.ties) &&
		sameSet(a.pending, b.pending) &&
		sameSet(a.failed, b.failed) &&
		sameSet(oddKeys, Object.keys(b.odd)) &&
		oddKeys.every((key) => a.odd[key] === b.odd[key])
	);
}
