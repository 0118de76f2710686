'use strict';
/**
 * Minimal `require` hook for .ts files (TypeScript's transpileModule, no type check), so the plain-JS
 * benchmarks can load the test harness (test/helpers/n8n.ts) exactly as the jest tests use it.
 */
const fs = require('node:fs');
const ts = require('typescript');

if (!require.extensions['.ts']) {
	require.extensions['.ts'] = function compileTs(module, filename) {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2021,
				esModuleInterop: true,
				resolveJsonModule: true,
				sourceMap: false,
			},
		});
		module._compile(outputText, filename);
	};
}
