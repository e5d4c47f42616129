// Reporters for `gcdiag tune --measure`: one function per format over MeasureReport.
// With predictions (--trace) each cell is "predicted/measured", and a "!" marks
// collection counts outside 5 % (or ±1) of the measured ones.
import type { MeasureReport, MeasuredRow, PredictedFigures } from '../tune/measure-types.js';
import { rankByGcTime, relativeSpread } from '../tune/measure.js';
import { table } from './format.js';
import { ms, mib } from './tune-rows.js';

export const MEASURE_FORMATS = ['table', 'json', 'markdown'] as const;
export type MeasureFormat = (typeof MEASURE_FORMATS)[number];

/** Predicted collections count as right within 5 % of the measured ones, or ±1 for small counts. */
export function countsAgree(predicted: number, measured: number): boolean {
  return Math.abs(predicted - measured) <= Math.max(1, 0.05 * measured);
}

const kib = (kb: number | null | undefined) => mib(kb == null ? null : kb * 1024);

/** "168 ±4%": the median and half the min–max range, relative. */
function spread(row: MeasuredRow, get: (m: MeasuredRow['median']) => number, fmt: (v: number) => string): string {
  const mid = get(row.median);
  const half = (get(row.max) - get(row.min)) / 2;
  return mid > 0 ? `${fmt(mid)} ±${Math.round((100 * half) / mid)}%` : fmt(mid);
}

function header(r: MeasureReport): string {
  const what = [`CPython ${r.python}`, `${r.runsPerCandidate} run${r.runsPerCandidate === 1 ? '' : 's'} per candidate, interleaved; medians`];
  return `Measured: ${[r.interpreter, ...r.argv].join(' ')}\n${what.join(' · ')}${r.trace ? ` · predicted from ${r.trace}` : ''}`;
}

function rankLine(r: MeasureReport): string {
  const groups = rankByGcTime(r.rows);
  const names = groups.map((g) => g.map((i) => r.rows[i].candidate.label).join(' = '));
  const tie = groups.some((g) => g.length > 1) ? `  (= : within the run-to-run spread, ±${Math.round(50 * relativeSpread(r.rows))}%)` : '';
  return `Measured GC time, least first: ${names.join(' < ')}${tie}`;
}

function measuredCells(row: MeasuredRow): string[] {
  const m = row.median;
  return [row.candidate.label, m.collections.join('/'), spread(row, (x) => x.gcTimeMs, ms), ms(m.maxPauseMs), m.wallS.toFixed(2), kib(m.peakRssKb)];
}

function versusCells(row: MeasuredRow, p: PredictedFigures): string[] {
  const m = row.median;
  const agree = m.collections.every((real, g) => countsAgree(p.collections[g], real));
  const opt = (v: number | undefined) => (v === undefined ? '–' : ms(v));
  return [row.candidate.label, p.collections.join('/'), `${m.collections.join('/')}${agree ? '' : ' !'}`,
    opt(p.gcTimeMs), spread(row, (x) => x.gcTimeMs, ms), opt(p.maxPauseMs), ms(m.maxPauseMs)];
}

function rows(r: MeasureReport): { head: string[]; body: string[][] } {
  if (r.predicted) {
    return {
      head: ['candidate', 'predicted 0/1/2', 'measured 0/1/2', 'GC ms pred', 'measured', 'largest pred', 'meas.'],
      body: r.rows.map((row, i) => versusCells(row, r.predicted![i])),
    };
  }
  return {
    head: ['candidate', 'collections 0/1/2', 'GC ms', 'largest ms', 'wall s', 'peak RSS'],
    body: r.rows.map(measuredCells),
  };
}

function measureTable(r: MeasureReport): string {
  const { head, body } = rows(r);
  const align = head.map((_, i) => (i === 0 ? 'left' : 'right') as 'left' | 'right');
  const notes = ['GC ms: thread CPU time inside collections (±: half the min–max range over the runs); largest: the longest one.'];
  if (r.predicted) notes.push('! : a measured count differs from the predicted one by more than 5 % (and more than 1).');
  return [header(r), table(head, body, align), rankLine(r), ...notes].join('\n');
}

function measureMarkdown(r: MeasureReport): string {
  const { head, body } = rows(r);
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [header(r).split('\n').join('  \n'), '', line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...body.map(line), '', rankLine(r)].join('\n');
}

function measureJson(r: MeasureReport): string {
  return JSON.stringify(r, null, 2);
}

export const measureReporters = {
  table: measureTable,
  json: measureJson,
  markdown: measureMarkdown,
} satisfies Record<MeasureFormat, (r: MeasureReport) => string>;
