// @ts-check
'use strict';
/**
 * `node -r ./testbed/register.js file.ts`: a `require` hook that runs the TypeScript tooling
 * (testbed/) with TypeScript's own transpileModule, no type check (`npm run typecheck`
 * does that). Plain JS because it is what makes .ts loadable.
 */
const fs = require('node:fs');
const ts = require('typescript');

const extensions =
	/** @type {Record<string, (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void>} */ (
		/** @type {unknown} */ (require.extensions)
	);

if (!extensions['.ts']) {
	extensions['.ts'] = function compileTs(module, filename) {
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
