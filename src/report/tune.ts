// Reporters for `gcdiag tune`: one function per format over TuneResult.
import type { TuneResult } from '../tune/types.js';
import { table, heading } from './format.js';
import { tuneChart } from './tune-chart.js';
import {
  shownRows, label, workRow, memoryRow, WORK_HEAD, MEMORY_HEAD, headline, costLine, ownCheckLine, LEGEND,
} from './tune-rows.js';

export const TUNE_FORMATS = ['table', 'json', 'markdown'] as const;
export type TuneFormat = (typeof TUNE_FORMATS)[number];

function recommendationLines(r: TuneResult): string[] {
  const rec = r.recommendation;
  if (!rec) return [`No candidate keeps peak garbage under ${r.maxGarbage.toLocaleString('en-US')} objects: raise --max-garbage or try lower thresholds.`];
  return [
    `${rec.label}: the lowest estimated GC time with peak garbage under ${r.maxGarbage.toLocaleString('en-US')} objects (--max-garbage).`,
    `    ${rec.paste}`,
    rec.summary,
  ];
}

function notesOf(r: TuneResult): string[] {
  const out: string[] = [];
  for (const c of r.python.changes) out.push(`rule change: ${c}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  return out;
}

function tuneTable(r: TuneResult): string {
  const rows = shownRows(r);
  const labels = rows.map((i) => label(r, i));
  const out: string[] = [headline(r)];
  const own = ownCheckLine(r);
  if (own) out.push(own);
  out.push(...notesOf(r));
  if (rows.length < r.candidates.length) out.push(`showing ${rows.length} of ${r.candidates.length} candidates: the Pareto front, the references and the recommendation (--format json has all)`);
  out.push('', heading('Collections and work (objects examined; largest = the longest pause)'));
  const right = (n: number): ('left' | 'right')[] => ['left', ...new Array<'right'>(n).fill('right')];
  out.push(table(['candidate', ...WORK_HEAD], rows.map((i, k) => [labels[k], ...workRow(r.candidates[i])]), right(WORK_HEAD.length)));
  out.push('', heading('Memory (peak garbage = cyclic garbage waiting for a collection; wait in counted allocations)'));
  out.push(table(['candidate', ...MEMORY_HEAD], rows.map((i, k) => [labels[k], ...memoryRow(r.candidates[i])]), right(MEMORY_HEAD.length)));
  out.push(LEGEND);
  const chartRows = rows.slice(0, 12);
  const chart = tuneChart(r, chartRows, chartRows.map((i) => r.candidates[i].candidate.label), 80);
  if (chart) out.push('', chart);
  out.push('', heading('Recommendation'), ...recommendationLines(r), '', costLine(r));
  return out.join('\n');
}

function mdTable(head: string[], rows: string[][]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function tuneMarkdown(r: TuneResult): string {
  const rows = shownRows(r);
  const labels = rows.map((i) => label(r, i));
  const out: string[] = ['## gcdiag tune', '', headline(r), ''];
  const own = ownCheckLine(r);
  if (own) out.push(own, '');
  for (const n of notesOf(r)) out.push(`- ${n}`);
  out.push('', '### Collections and work', '', mdTable(['candidate', ...WORK_HEAD], rows.map((i, k) => [labels[k], ...workRow(r.candidates[i])])));
  out.push('', '### Memory', '', mdTable(['candidate', ...MEMORY_HEAD], rows.map((i, k) => [labels[k], ...memoryRow(r.candidates[i])])), '', LEGEND.replace(/^\*/, '\\*').replace('\n  ', ' '), '');
  const rec = r.recommendation;
  out.push('### Recommendation', '');
  if (rec) out.push(`**${rec.label}**`, '', '```python', rec.paste, '```', '', rec.summary);
  else out.push(recommendationLines(r)[0]);
  out.push('', costLine(r));
  return out.join('\n');
}

function tuneJson(r: TuneResult): string {
  return JSON.stringify(r, null, 2);
}

export const tuneReporters = {
  table: tuneTable,
  json: tuneJson,
  markdown: tuneMarkdown,
} satisfies Record<TuneFormat, (r: TuneResult) => string>;
