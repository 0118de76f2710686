import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps in the workflow's static data (`node` scope) between polls. Only what the
 * next poll needs, never the library: O(pending) whatever the number of videos in the account.
 */
export interface TriggerState {
	/** Format version, so a future format can re-baseline instead of misreading this one. */
	v: 1;
	/** The Unique ID the state belongs to; a different one starts a new baseline. */
	uniqueId: string;
	/** Newest create_time seen by a completed scan; null while the account had no videos. */
	watermark: number | null;
	/** video_nos with create_time === watermark already seen (videos can share a millisecond). */
	ties: string[];
	/** video_nos last seen UNPARSE (or in an unknown, non-final status): their outcome is still to come. */
	pending: string[];
}

const STATE_KEYS: Array<keyof TriggerState> = ['v', 'uniqueId', 'watermark', 'ties', 'pending'];

const isIdList = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((id) => typeof id === 'string' && id !== '');

/**
 * The saved state as plain values, or undefined when there is none (first poll) or it cannot be
 * trusted (another format): both mean "record a baseline". Copies, so nothing here aliases n8n's
 * live static-data object.
 */
export function readState(staticData: IDataObject): TriggerState | undefined {
	const { v, uniqueId, watermark, ties, pending } = staticData;
	if (v !== 1 || typeof uniqueId !== 'string') return undefined;
	if (!(watermark === null || (typeof watermark === 'number' && Number.isFinite(watermark)))) return undefined;
	if (!isIdList(ties) || !isIdList(pending)) return undefined;
	return { v: 1, uniqueId, watermark, ties: [...ties], pending: [...pending] };
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
	const extraKeys = Object.keys(staticData).filter((key) => !(STATE_KEYS as string[]).includes(key));
	if (current && extraKeys.length === 0 && sameState(current, state)) return;
	for (const key of extraKeys) delete staticData[key];
	Object.assign(staticData, {
		v: state.v,
		uniqueId: state.uniqueId,
		watermark: state.watermark,
		ties: [...state.ties],
		pending: [...state.pending],
	});
}

function sameState(a: TriggerState, b: TriggerState): boolean {
	const sameSet = (x: string[], y: string[]) => x.length === y.length && new Set([...x, ...y]).size === x.length;
	return (
		a.uniqueId === b.uniqueId &&
		a.watermark === b.watermark &&
		sameSet(a.ties, b.ties) &&
		sameSet(a.pending, b.pending)
	);
}
