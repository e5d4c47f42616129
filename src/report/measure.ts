// Reporters for `gcdiag tune --measure`: one function per format over MeasureReport.
// With predictions (--trace) each cell is "predicted/measured", and a "!" marks
// collection counts outside 5 % (or ±1) of the measured ones.
import type { MeasureReport, MeasuredRow, PredictedFigures } from '../tune/measure-types.js';
import { rankByGcTime, relativeSpread } from '../tune/measure.js';
import { table } from './format.js';

export const MEASURE_FORMATS = ['table', 'json', 'markdown'] as const;
export type MeasureFormat = (typeof MEASURE_FORMATS)[number];

/** Predicted collections count as right within 5 % of the measured ones, or ±1 for small counts. */
export function countsAgree(predicted: number, measured: number): boolean {
  return Math.abs(predicted - measured) <= Math.max(1, 0.05 * measured);
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const mib = (kb: number | null | undefined) => (kb == null ? '–' : (kb / 1024).toFixed(1));

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
  return [row.candidate.label, ...m.collections.map(String), spread(row, (x) => x.gcTimeMs, ms), ms(m.maxPauseMs), m.wallS.toFixed(2), mib(m.peakRssKb)];
}

function versusCells(row: MeasuredRow, p: PredictedFigures): string[] {
  const m = row.median;
  const gens = m.collections.map((real, g) => `${p.collections[g]}/${real}${countsAgree(p.collections[g], real) ? '' : ' !'}`);
  const opt = (v: number | undefined, real: number) => `${v === undefined ? '–' : ms(v)}/${ms(real)}`;
  return [row.candidate.label, ...gens, opt(p.gcTimeMs, m.gcTimeMs), opt(p.maxPauseMs, m.maxPauseMs)];
}

function rows(r: MeasureReport): { head: string[]; body: string[][] } {
  if (r.predicted) {
    return {
      head: ['candidate', 'gen0 p/m', 'gen1 p/m', 'gen2 p/m', 'GC ms p/m', 'max ms p/m'],
      body: r.rows.map((row, i) => versusCells(row, r.predicted![i])),
    };
  }
  return {
    head: ['candidate', 'gen0', 'gen1', 'gen2', 'GC ms', 'max ms', 'wall s', 'RSS MiB'],
    body: r.rows.map(measuredCells),
  };
}

function measureTable(r: MeasureReport): string {
  const { head, body } = rows(r);
  const align = head.map((_, i) => (i === 0 ? 'left' : 'right') as 'left' | 'right');
  const notes = ['GC ms: thread CPU time inside collections (±: half the min–max range over the runs); max ms: the largest one.'];
  if (r.predicted) notes.push('p/m: predicted/measured; ! : collections off by more than 5 % (and more than 1).');
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
