/** Where the benchmark's private build of the package lives (no imports: the scenario children load this). */
import path from 'node:path';

export const BENCH_DIR = path.resolve(__dirname, '..');
export const BUILD_DIR = path.join(BENCH_DIR, '.build');
/** The package as n8n installs it: package.json + dist/. */
export const PKG_DIR = path.join(BUILD_DIR, 'pkg');
/** BENCH_DIST: another build of the package to measure instead of bench/.build (for comparing a change). */
export const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(PKG_DIR, 'dist');
