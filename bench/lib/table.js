'use strict';
/** Plain-text table of benchmark lines: id, what, measured, target, result. */

const GROUPS = {
	1: '1. Memories.ai Video Get Many, Return All (mock at 5 requests/s per account)',
	2: '2. HeyGen / Konpro Folder Get Many, Return All',
	3: '3. Memories.ai Trigger, steady-state poll',
	4: '4. Execution overhead',
};

function verdict(pass) {
	if (pass === true) return 'MET';
	if (pass === false) return 'MISSED';
	return 'info';
}

function wrap(text, width) {
	const words = String(text).split(' ');
	const out = [];
	let line = '';
	for (const w of words) {
		if (line && line.length + 1 + w.length > width) {
			out.push(line);
			line = w;
		} else line = line ? `${line} ${w}` : w;
	}
	if (line) out.push(line);
	return out.length ? out : [''];
}

function renderTable(lines) {
	const W = { line: 62, measured: 58, target: 26, result: 6 };
	const row = (cells) => {
		const cols = [wrap(cells[0], W.line), wrap(cells[1], W.measured), wrap(cells[2], W.target), [cells[3]]];
		const height = Math.max(...cols.map((c) => c.length));
		const out = [];
		for (let i = 0; i < height; i++) {
			out.push(
				`${(cols[0][i] ?? '').padEnd(W.line)} | ${(cols[1][i] ?? '').padEnd(W.measured)} | ${(cols[2][i] ?? '').padEnd(W.target)} | ${cols[3][i] ?? ''}`,
			);
		}
		return out.join('\n');
	};
	const sep = `${'-'.repeat(W.line)}-+-${'-'.repeat(W.measured)}-+-${'-'.repeat(W.target)}-+-${'-'.repeat(W.result)}`;
	const parts = [row(['Line', 'Measured', 'Target', 'Result']), sep];
	let group = null;
	for (const l of lines) {
		if (l.group !== group) {
			group = l.group;
			parts.push(GROUPS[group] ?? `${group}.`);
		}
		parts.push(row([l.line, l.measured, l.target, verdict(l.pass)]));
	}
	return parts.join('\n');
}

module.exports = { renderTable, verdict };
