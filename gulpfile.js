const { src, dest } = require('gulp');

/** Copies the package entry, node icons and codex files next to the compiled code in dist/. */
function buildIcons() {
	return src(['index.js', 'nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
