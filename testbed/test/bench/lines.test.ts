/**
 * The benchmark's lines are a pure function of a run's results and config: rebuilding them from the
 * stored results JSON (raw + config) gives back the lines stored beside them, so a change to the
 * line specs (bench/lib/lines.ts) that changes the output shows here without a 5-minute run.
 */
import fs from 'node:fs';
import path from 'node:path';

import { buildLines, type LineConfig } from '../../bench/lib/lines';
import type { Results, UploadRun } from '../../bench/lib/results';
import { renderTable, type BenchLine } from '../../bench/lib/table';

interface StoredRun {
	config: LineConfig;
	summary: { passed: number; missed: number; info: number };
	lines: BenchLine[];
	raw: Results;
}

const stored = (name: string): StoredRun =>
	JSON.parse(
		fs.readFileSync(path.join(__dirname, '../../bench/results', name), 'utf8'),
	) as StoredRun;

/** As written to the file: JSON turns NaN into null. */
const asStored = (lines: BenchLine[]): BenchLine[] =>
	JSON.parse(JSON.stringify(lines)) as BenchLine[];

describe('bench lines from stored results', () => {
	test('latest.json: every stored line, in order, and its summary', () => {
		const run = stored('latest.json');
		const rebuilt = asStored(buildLines(run.raw, run.config));
		expect(rebuilt).toEqual(run.lines);
		expect({
			passed: rebuilt.filter((l) => l.pass === true).length,
			missed: rebuilt.filter((l) => l.pass === false).length,
			info: rebuilt.filter((l) => l.pass === null).length,
		}).toEqual(run.summary);
	});

	test('shared-account.json: all lines, summary and printed table', () => {
		const run = stored('shared-account.json');
		const rebuilt = asStored(buildLines(run.raw, run.config));
		expect(rebuilt).toEqual(run.lines);
		expect({
			passed: rebuilt.filter((l) => l.pass === true).length,
			missed: rebuilt.filter((l) => l.pass === false).length,
			info: rebuilt.filter((l) => l.pass === null).length,
		}).toEqual(run.summary);
		expect(renderTable(rebuilt)).toBe(renderTable(run.lines));
	});

	// Upload lines for chosen figures: expected lines as the pre-spec run.ts built them.
	test('upload lines', () => {
		const MiB = 2 ** 20;
		const upload = (
			mib: number,
			ratio: number,
			mockBytes: number | null,
			thrown: string | null,
		): UploadRun => ({
			fileBytes: mib * MiB,
			ms: 1000,
			baselineRss: 50 * MiB,
			peakRssGrowth: ratio * mib * MiB,
			ratio,
			samples: 100,
			status: mockBytes === null ? null : 'UNPARSE',
			thrown: thrown === null ? null : { message: thrown, description: null },
			mockBytes,
		});
		const R: Results = {
			errors: {},
			upload: [
				upload(256, 0.125, 256 * MiB, null),
				upload(1024, 0.03125, 1024 * MiB, null),
				upload(1024, 0.0625, null, 'socket hang up'),
			],
		};
		const line = 'binary file on disk: peak RSS growth / file size';
		const target = '< 0.10 (under 100 MB for 1 GB)';
		expect(buildLines(R, stored('latest.json').config).filter((l) => l.group === 5)).toEqual([
			{
				id: '5.upload256',
				group: 5,
				line: `Video Upload, 256 MiB ${line}`,
				measured: '0.125 (32.0 MiB growth; mock received 268,435,456 bytes)',
				target: 'info',
				pass: null,
				value: 0.125,
			},
			{
				id: '5.upload1024',
				group: 5,
				line: `Video Upload, 1,024 MiB ${line}`,
				measured: '0.031 (32.0 MiB growth; mock received 1,073,741,824 bytes)',
				target,
				pass: true,
				value: 0.03125,
			},
			{
				id: '5.upload1024',
				group: 5,
				line: `Video Upload, 1,024 MiB ${line}`,
				measured: '0.063 (64.0 MiB growth; mock received nothing; socket hang up)',
				target,
				pass: false,
				value: 0.0625,
			},
		]);
	});
});
