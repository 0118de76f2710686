/** Where the benchmark's private build of the packages lives (no imports: the scenario children load this). */
import path from 'node:path';

export const BENCH_DIR = path.resolve(__dirname, '..');
export const BUILD_DIR = path.join(BENCH_DIR, '.build');
/** Each package as n8n installs it (package.json + dist/), in BUILD_DIR/<package name>/. */
export const packageBuildDir = (name: string): string => path.join(BUILD_DIR, name);
/** BENCH_DIST: another build of the Memories.ai package to measure instead of the one in BUILD_DIR (for comparing a change). */
export const DIST = process.env.BENCH_DIST
	? path.resolve(process.env.BENCH_DIST)
	: path.join(packageBuildDir('n8n-nodes-memories-ai'), 'dist');
