'use strict';
/** Tiny deterministic PRNG (mulberry32) plus helpers. Same seed + stream -> same sequence. */

function mulberry32(seed) {
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
function streamSeed(seed, stream) {
	let h = 2166136261 >>> 0;
	const text = `${seed}:${stream}`;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 16777619) >>> 0;
	}
	return h;
}

const HEX = '0123456789abcdef';

function createRng(seed, stream = 'main') {
	const next = mulberry32(streamSeed(seed, stream));
	const rng = {
		next,
		/** Integer in [min, max] inclusive. */
		int(min, max) {
			return min + Math.floor(next() * (max - min + 1));
		},
		chance(p) {
			return next() < p;
		},
		pick(list) {
			return list[Math.floor(next() * list.length)];
		},
		/** String of n random decimal digits (leading zeros allowed). */
		digits(n) {
			let s = '';
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
	return rng;
}

module.exports = { createRng, mulberry32 };
