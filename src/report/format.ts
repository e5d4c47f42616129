// Shared helpers for reporters. Tables fit the terminal (fit.ts): each column
// can say how important it is, how narrow it may get and how it is cut.
import chalk from 'chalk';
import { fitColumns, wrap, visibleWidth, type ColumnSpec } from './fit.js';
import { outputWidth } from './terminal.js';
import { renderTable } from './table-draw.js';

export type { ColumnSpec, Overflow } from './fit.js';
export type Align = 'left' | 'right';

export interface TableOptions {
  align?: Align[];
  /** Per column: priority, minimum width, overflow (defaults: first column most important; numbers never cut). */
  columns?: ColumnSpec[];
  /** Columns available (default: the terminal's, unlimited when not a terminal). */
  width?: number;
}

function specsFor(n: number, align: Align[] | undefined, columns: ColumnSpec[] | undefined): ColumnSpec[] {
  return [...Array(n).keys()].map((c) => {
    const s = columns?.[c] ?? {};
    return { ...s, overflow: s.overflow ?? (align?.[c] === 'right' ? 'none' : 'end') };
  });
}

function leftOut(head: string[], keep: number[], width: number): string[] {
  const gone = head.map((h, c) => (keep.includes(c) ? '' : h.replace(/\s+/g, ' '))).filter(Boolean);
  return gone.length ? [`(left out to fit ${width} columns: ${gone.join(', ')})`] : [];
}

/** A table with a header row; the third argument is the column alignments or TableOptions. */
export function table(head: string[], rows: (string | number)[][], opts?: Align[] | TableOptions): string {
  const o: TableOptions = Array.isArray(opts) ? { align: opts } : (opts ?? {});
  const width = o.width ?? outputWidth();
  const specs = specsFor(head.length, o.align, o.columns);
  const fit = fitColumns(head, rows.map((r) => r.map(String)), specs, width);
  const align = o.align ? fit.keep.map((c) => o.align![c] ?? 'left') : undefined;
  const drawn = renderTable(fit.rows, { head: fit.head.map((h) => chalk.bold(h)), ...(align ? { align } : {}) });
  return [drawn, ...leftOut(head, fit.keep, width)].join('\n');
}

/** A two-column key/value table without a header row; long values wrap. */
export function kvTable(rows: [string, string | number][], opts: { width?: number } = {}): string {
  const specs: ColumnSpec[] = [{ required: true, overflow: 'end', min: 16 }, { required: true, overflow: 'wrap', min: 20 }];
  const fit = fitColumns(['', ''], rows.map(([k, v]) => [k, String(v)]), specs, opts.width ?? outputWidth());
  return renderTable(fit.rows);
}

/**
 * A line of prose wrapped at spaces to the terminal's width (whole in pipes and
 * files); continuation lines start with `hang` (e.g. to align under a label).
 */
export function para(text: string, hang = '', width = outputWidth()): string {
  if (!Number.isFinite(width) || visibleWidth(text) <= width) return text;
  const lead = /^ */.exec(text)![0];
  const body = wrap(text.slice(lead.length), Math.max(20, width - Math.max(lead.length, hang.length)));
  return body.split('\n').map((l, k) => (k === 0 ? lead : hang) + l).join('\n');
}

/** Where a wrapped line's continuation starts: under the text after a short label or a bullet. */
function hangFor(line: string): string {
  const m = /^\s*(?:[a-z][a-z ]{0,8}:|[•⚠]|\d+\.|×[\d,]+)\s+/i.exec(line);
  return ' '.repeat(m ? [...m[0]].length : /^ */.exec(line)![0].length + 2);
}

/** A whole text report fitted to the terminal: tables are already fitted; long prose lines wrap. */
export function fitLines(text: string, width = outputWidth()): string {
  if (!Number.isFinite(width)) return text;
  return text.split('\n').map((l) => (/^[┌│├└]/.test(l) || visibleWidth(l) <= width ? l : para(l, hangFor(l), width))).join('\n');
}

export function heading(s: string): string {
  return chalk.bold.underline(s);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function tuple(v: number[]): string {
  return `(${v.join(', ')})`;
}

/** An object id as Python's hex(id(obj)) prints it; every report shows ids this way. */
export function hexId(id: number): string {
  return `0x${id.toString(16)}`;
}
