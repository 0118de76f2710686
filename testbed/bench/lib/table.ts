/** Plain-text table of benchmark lines: what, measured, target, result. */

/** One line of the table (and of results JSON `lines`). `pass` null = for information. */
export interface BenchLine {
	id: string;
	group: number;
	line: string;
	measured: string;
	target: string;
	pass: boolean | null;
	value: number | null;
}

const GROUPS: Record<number, string> = {
	1: '1. Memories.ai Video Get Many, Return All (mock at 5 requests/s per account)',
	2: '2. HeyGen / Konpro Folder Get Many, Return All',
	3: '3. Memories.ai Trigger, steady-state poll',
	4: '4. Execution overhead',
	5: '5. Memories.ai Video Upload from a binary file (n8n binary data on disk)',
	6: '6. Several processes (n8n queue-mode workers) on ONE Memories.ai account, mock at 5 requests/s for all of them, started together',
};

export function verdict(pass: boolean | null): string {
	if (pass === true) return 'MET';
	if (pass === false) return 'MISSED';
	return 'info';
}

function wrap(text: string, width: number): string[] {
	const out: string[] = [];
	let line = '';
	for (const w of text.split(' ')) {
		if (line && line.length + 1 + w.length > width) {
			out.push(line);
			line = w;
		} else line = line ? `${line} ${w}` : w;
	}
	if (line) out.push(line);
	return out.length ? out : [''];
}

export function renderTable(lines: readonly BenchLine[]): string {
	const W = { line: 62, measured: 58, target: 26, result: 6 };
	const row = (cells: [string, string, string, string]): string => {
		const cols = [
			wrap(cells[0], W.line),
			wrap(cells[1], W.measured),
			wrap(cells[2], W.target),
			[cells[3]],
		];
		const height = Math.max(...cols.map((c) => c.length));
		const out: string[] = [];
		for (let i = 0; i < height; i++) {
			out.push(
				`${(cols[0][i] ?? '').padEnd(W.line)} | ${(cols[1][i] ?? '').padEnd(W.measured)} | ${(cols[2][i] ?? '').padEnd(W.target)} | ${cols[3][i] ?? ''}`,
			);
		}
		return out.join('\n');
	};
	const sep = `${'-'.repeat(W.line)}-+-${'-'.repeat(W.measured)}-+-${'-'.repeat(W.target)}-+-${'-'.repeat(W.result)}`;
	const parts = [row(['Line', 'Measured', 'Target', 'Result']), sep];
	let group: number | null = null;
	for (const l of lines) {
		if (l.group !== group) {
			group = l.group;
			parts.push(GROUPS[group] ?? `${group}.`);
		}
		parts.push(row([l.line, l.measured, l.target, verdict(l.pass)]));
	}
	return parts.join('\n');
}
