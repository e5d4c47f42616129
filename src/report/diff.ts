// Reporters for `gcdiag snapshot-diff`: one function per format over DiffResult.
import type { DiffResult, DiffRow, SnapshotSummary } from '../analysis/diff.js';
import { table, heading, bytes, fitLines, type ColumnSpec } from './format.js';
import { mdCode, mdText } from './markdown.js';
import { snapshotsLines } from './collector-note.js';
import type { CollectorState } from '../analysis/collector-state.js';
import type { DiffReport } from './schemas/diff.js';
import { pathText, signed, count, trapText, stepText } from './why-path.js';

const collectorOf = (r: DiffResult): [string, CollectorState][] => [['before', r.collector.before], ['after', r.collector.after]];

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const COLUMNS = ['count before', 'count after', 'Δ count', 'bytes before', 'bytes after', 'Δ bytes', 'new', 'gone', 'Δ retained'];
/** In a narrow terminal the growth stays, the before/after columns go first. */
const PRIORITY = [8, 5, 1, 9, 6, 3, 4, 7, 2];
const SPECS: ColumnSpec[] = [{ priority: 0, min: 16, overflow: 'type' }, ...PRIORITY.map((priority) => ({ priority }))];

export function signedBytes(n: number): string {
  return n > 0 ? `+${bytes(n)}` : n < 0 ? `-${bytes(-n)}` : '0';
}

function cells(r: DiffRow): string[] {
  return [count(r.countBefore), count(r.countAfter), signed(r.countDelta), bytes(r.bytesBefore), bytes(r.bytesAfter),
    signedBytes(r.bytesDelta), count(r.new), count(r.gone), signedBytes(r.retainedDelta)];
}

function about(s: SnapshotSummary): string {
  const what = [s.label && JSON.stringify(s.label), s.time, `Python ${s.python}`, `${count(s.objects)} objects`, bytes(s.bytes)].filter(Boolean);
  return `${s.file} (${what.join(', ')})`;
}

function omittedLine(r: DiffResult): string[] {
  return r.omitted ? [`(${count(r.omitted)} more ${r.groupBy}${r.omitted === 1 ? '' : 's'} not shown: see --top)`] : [];
}

function diffTable(r: DiffResult): string {
  const out = [
    heading(`Snapshot diff by ${r.groupBy}, sorted by growth`),
    `before: ${about(r.before)}`,
    `after:  ${about(r.after)}`,
    ...snapshotsLines(collectorOf(r), 'table'),
    table([r.groupBy, ...COLUMNS], [...r.rows.map((row) => [row.name, ...cells(row)]), ['total', ...cells(r.total)]],
      { align: ['left', ...COLUMNS.map(() => 'right' as const)], columns: SPECS }),
    ...omittedLine(r),
  ];
  if (r.notes.length) out.push('', heading('Notes'), ...r.notes.map((n) => `• ${n}`));
  if (r.paths.length) {
    out.push('', heading('Where the growth is held (a shortest path from a root to one new object)'));
    for (const p of r.paths) {
      const row = r.rows.find((x) => x.name === p.group);
      out.push(`${p.group} (${signed(row?.countDelta ?? 0)}): ${pathText(p.path)}`);
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
    `## Snapshot diff by ${r.groupBy}`, '',
    `- before: ${mdText(about(r.before))}`, `- after: ${mdText(about(r.after))}`, '',
    ...snapshotsLines(collectorOf(r), 'markdown').flatMap((l) => [l, '']),
    `| ${r.groupBy} | ${COLUMNS.join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|`,
    ...r.rows.map((row) => `| ${mdCode(row.name, true)} | ${cells(row).join(' | ')} |`),
    `| **total** | ${cells(r.total).join(' | ')} |`,
    ...omittedLine(r).map((l) => `\n${l}`),
  ];
  if (r.notes.length) out.push('', '**Notes**', '', ...r.notes.map((n) => `- ${mdText(n)}`));
  if (r.paths.length) {
    out.push('', '**Where the growth is held**', '');
    for (const p of r.paths) {
      out.push(`- ${mdCode(p.group)}: ${mdCode(pathText(p.path))}`);
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
