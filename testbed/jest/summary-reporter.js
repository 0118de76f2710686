// @ts-check
'use strict';
/**
 * Prints one plain closing line, "Tests: N passed, N failed", that CI reads to know tests ran.
 * Plain JS: jest loads reporters without transforming them.
 */
class SummaryReporter {
	/**
	 * @param {unknown} _contexts
	 * @param {import('@jest/test-result').AggregatedResult} results
	 */
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		process.stdout.write(
			`\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
		);
	}
}
module.exports = SummaryReporter;
