// Reporters for `gcdiag snapshot-diff`: one function per format over DiffResult.
import type { DiffResult, DiffRow, SnapshotSummary } from '../analysis/diff.js';
import { table, heading, bytes } from './format.js';
import { pathText, signed, count, trapText, stepText } from './why-path.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const COLUMNS = ['count before', 'count after', 'Δ count', 'bytes before', 'bytes after', 'Δ bytes', 'new', 'gone', 'Δ retained'];

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
    table([r.groupBy, ...COLUMNS], [...r.rows.map((row) => [row.name, ...cells(row)]), ['total', ...cells(r.total)]],
      ['left', ...COLUMNS.map(() => 'right' as const)]),
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
  return out.join('\n');
}

function diffJson(r: DiffResult): string {
  return JSON.stringify(r, null, 2);
}

const md = (s: string) => s.replace(/\|/g, '\\|');

function diffMarkdown(r: DiffResult): string {
  const out = [
    `## Snapshot diff by ${r.groupBy}`, '',
    `- before: ${md(about(r.before))}`, `- after: ${md(about(r.after))}`, '',
    `| ${r.groupBy} | ${COLUMNS.join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|`,
    ...r.rows.map((row) => `| \`${md(row.name)}\` | ${cells(row).join(' | ')} |`),
    `| **total** | ${cells(r.total).join(' | ')} |`,
    ...omittedLine(r).map((l) => `\n${l}`),
  ];
  if (r.notes.length) out.push('', '**Notes**', '', ...r.notes.map((n) => `- ${md(n)}`));
  if (r.paths.length) {
    out.push('', '**Where the growth is held**', '');
    for (const p of r.paths) {
      out.push(`- \`${md(p.group)}\`: \`${pathText(p.path)}\``);
      for (const t of p.traps) out.push(`  - ⚠ ${t.kind}: \`${t.via.map((h) => stepText(h.type, h.label, h.kind)).join(' → ')}\`: ${md(t.explanation)}`);
    }
  }
  return out.join('\n');
}

export const diffReporters = {
  table: diffTable,
  json: diffJson,
  markdown: diffMarkdown,
} satisfies Record<DiffFormat, (r: DiffResult) => string>;
