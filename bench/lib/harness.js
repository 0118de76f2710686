'use strict';
/**
 * Loads the project's n8n-core test harness (test/helpers/n8n.ts: nodes run in n8n-core's real
 * Execute/Poll contexts, HTTP through n8n's real request helper) and the benchmark build of the nodes.
 */
const path = require('node:path');
require('../../tooling/register');

const ROOT = path.resolve(__dirname, '..', '..');
// BENCH_DIST: another build of the package to measure instead of bench/.build (for comparing a change).
const DIST = process.env.BENCH_DIST || path.join(ROOT, 'bench', '.build', 'pkg', 'dist');

function loadHarness() {
	return require(path.join(ROOT, 'tooling', 'harness', 'index.ts'));
}

function fromBuild(rel) {
	return require(path.join(DIST, rel));
}

module.exports = { ROOT, DIST, loadHarness, fromBuild };
