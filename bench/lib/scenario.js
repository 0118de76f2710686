'use strict';
/**
 * The child side of proc.js `runScenario`: runs a scenario's main(), prints what it returns as the
 * one `BENCH_RESULT <json>` line the parent reads, and exits (1 with the error on failure).
 */
module.exports = function scenario(main) {
	main().then(
		(result) => {
			process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
			process.exit(0);
		},
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
};
