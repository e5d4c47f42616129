// Reporters for `gcdiag snapshot-diff`: one function per format over DiffResult.
// Each leads with the leak suspects (diff-suspects.ts), or "Nothing grew", then
// the groups that changed, sorted by --sort.
import type { DiffResult } from '../analysis/diff.js';
import { table, heading, fitLines, type ColumnSpec } from './format.js';
import { mdCode, mdText } from './markdown.js';
import { snapshotsLines } from './collector-note.js';
import type { CollectorState } from '../analysis/collector-state.js';
import type { DiffReport } from './schemas/diff.js';
import { pathText, signed, count, trapText, stepText } from './why-path.js';

const collectorOf = (r: DiffResult): [string, CollectorState][] => [['before', r.collector.before], ['after', r.collector.after]];
import { COLUMNS, SORT_TITLE, cells, about } from './diff-cells.js';
import { suspectLines, suspectMarkdown } from './diff-suspects.js';

export { signedBytes } from './diff-cells.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** In a narrow terminal the growth stays, the before/after columns go first. */
const PRIORITY = [8, 5, 1, 9, 6, 3, 4, 7, 2];
const SPECS: ColumnSpec[] = [{ priority: 0, min: 16, overflow: 'type' }, ...PRIORITY.map((priority) => ({ priority }))];

function leftOutLines(r: DiffResult): string[] {
  const out: string[] = [];
  if (r.omitted) out.push(`${count(r.omitted)} more ${r.groupBy}${r.omitted === 1 ? '' : 's'} changed: see --top`);
  if (r.unchanged) out.push(`${count(r.unchanged)} ${r.groupBy}${r.unchanged === 1 ? '' : 's'} with Δ 0 not shown`);
  return out.length ? [`(${out.join('; ')})`] : [];
}

function pathsHeading(r: DiffResult): string {
  return `Where the growth is held (commonest path of each ${r.groupBy}'s new objects)`;
}

function diffTable(r: DiffResult): string {
  const out = [
    heading(`Snapshot diff by ${r.groupBy}, sorted by ${SORT_TITLE[r.sort]}`),
    `before: ${about(r.before)}`,
    `after:  ${about(r.after)}`,
    ...snapshotsLines(collectorOf(r), 'table'),
    '', ...suspectLines(r), '',
  ];
  if (r.rows.length) {
    out.push(heading(`By ${r.groupBy}`), table([r.groupBy, ...COLUMNS], [...r.rows.map((row) => [row.name, ...cells(row)]), ['total', ...cells(r.total)]],
      { align: ['left', ...COLUMNS.map(() => 'right' as const)], columns: SPECS }));
  }
  out.push(...leftOutLines(r));
  if (r.notes.length) out.push('', heading('Notes'), ...r.notes.map((n) => `• ${n}`));
  if (r.paths.length) {
    out.push('', heading(pathsHeading(r)));
    for (const p of r.paths) {
      const row = r.rows.find((x) => x.name === p.group);
      out.push(`${p.group} (${signed(row?.countDelta ?? 0)}): ×${count(p.count)} of ${count(p.of)} new: ${pathText(p.path)}`);
      for (const t of p.traps) out.push(...trapText(t, '  '));
    }
  }
  return fitLines(out.join('\n'));
}

function diffJson(r: DiffResult): string {
  const report: DiffReport = { format: 'gcdiag-snapshot-diff', version: 1, ...r };
  return JSON.stringify(report, null, 2);
}

function diffMarkdown(r: DiffResult): string {
  const out = [
    `## Snapshot diff by ${r.groupBy}, sorted by ${SORT_TITLE[r.sort]}`, '',
    `- before: ${mdText(about(r.before))}`, `- after: ${mdText(about(r.after))}`, '',
    ...snapshotsLines(collectorOf(r), 'markdown').flatMap((l) => [l, '']),
    ...suspectMarkdown(r), '',
  ];
  if (r.rows.length) {
    out.push(`### By ${r.groupBy}`, '',
      `| ${r.groupBy} | ${COLUMNS.join(' | ')} |`,
      `|---|${COLUMNS.map(() => '---:').join('|')}|`,
      ...r.rows.map((row) => `| ${mdCode(row.name, true)} | ${cells(row).join(' | ')} |`),
      `| **total** | ${cells(r.total).join(' | ')} |`);
  }
  out.push(...leftOutLines(r).map((l) => `\n${mdText(l)}`));
  if (r.notes.length) out.push('', '**Notes**', '', ...r.notes.map((n) => `- ${mdText(n)}`));
  if (r.paths.length) {
    out.push('', `**${mdText(pathsHeading(r))}**`, '');
    for (const p of r.paths) {
      out.push(`- ${mdCode(p.group)}: ×${count(p.count)} of ${count(p.of)} new: ${mdCode(pathText(p.path))}`);
      for (const t of p.traps) out.push(`  - ⚠ ${t.kind}: ${mdCode(t.via.map((h) => stepText(h.type, h.label, h.kind)).join(' → '))}: ${mdText(t.explanation)}`);
    }
  }
  return out.join('\n');
}

export const diffReporters = {
  table: diffTable,
  json: diffJson,
  markdown: diffMarkdown,
} satisfies Record<DiffFormat, (r: DiffResult) => string>;
