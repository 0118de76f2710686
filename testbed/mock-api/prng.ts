/** Tiny deterministic PRNG (mulberry32) plus helpers. Same seed + stream -> same sequence. */

export interface Rng {
	/** Float in [0, 1). */
	next(): number;
	/** Integer in [min, max] inclusive. */
	int(min: number, max: number): number;
	chance(p: number): boolean;
	pick<T>(list: readonly T[]): T;
	/** String of n random decimal digits (leading zeros allowed). */
	digits(n: number): string;
	/** String of n random lowercase hex digits. */
	hex(n: number): string;
}

export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Derives an independent 32-bit seed for a named stream, so streams do not shift each other. */
function streamSeed(seed: number, stream: string): number {
	let h = 2166136261 >>> 0;
	const text = `${seed}:${stream}`;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 16777619) >>> 0;
	}
	return h;
}

const HEX = '0123456789abcdef';

export function createRng(seed: number, stream = 'main'): Rng {
	const next = mulberry32(streamSeed(seed, stream));
	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: (p) => next() < p,
		pick: (list) => list[Math.floor(next() * list.length)],
		digits(n) {
			let s = '';
			// 9 digits per draw: 10 ** 9 stays well inside a double's exact integers.
			while (n > 0) {
				const k = n > 9 ? 9 : n;
				s += String(Math.floor(next() * 10 ** k)).padStart(k, '0');
				n -= k;
			}
			return s;
		},
		hex(n) {
			let s = '';
			for (let i = 0; i < n; i++) s += HEX[Math.floor(next() * 16)];
			return s;
		},
	};
}
