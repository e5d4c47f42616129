// Drawing a table in time linear in its lines, with cli-table3's look (its
// default box characters, "compact" style: no rules between body rows). cli-table3
// itself re-measures each cell's whole content for every line it draws and lays
// rows out pairwise, so 20,000 printed lines took 19 s and 100,000 never finished;
// big tables are drawn here instead. Widths and colour state across a cell's
// lines come from cli-table3's own utilities, so both draw the same bytes
// (test/report-table-draw.test.ts compares them on random tables).
import { createRequire } from 'node:module';
import Table from 'cli-table3';

interface Utils {
  strlen(s: string): number;
  colorizeLines(lines: string[]): string[];
}
const utils = createRequire(import.meta.url)('cli-table3/src/utils.js') as Utils;

export type Align = 'left' | 'right';

/** Above this many drawn lines, tables skip cli-table3 (below, it draws them as it always did). */
export const OWN_DRAWING_ABOVE = 200;

export interface DrawOptions {
  head?: string[];
  align?: Align[];
}

const BOX = { top: ['┌', '┬', '┐'], mid: ['├', '┼', '┤'], bottom: ['└', '┴', '┘'] } as const;

function rule(widths: number[], [left, mid, right]: readonly string[]): string {
  return left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
}

// Most cells are plain printable ASCII: one column per character, no colour
// state to carry. cli-table3's measure (string-width) is for everything else.
const PLAIN = /^[\x20-\x7e]*$/;
const width = (line: string): number => (PLAIN.test(line) ? line.length : utils.strlen(line));

/** Each cell split into lines once; widths include one space of padding either side. */
function layout(rows: string[][], n: number) {
  const widths = new Array<number>(n).fill(0);
  const cells = rows.map((r) => r.map((content, c) => {
    const split = content.split('\n');
    const lines = content.includes('\x1b') ? utils.colorizeLines(split) : split;
    let w = 0;
    for (const l of lines) w = Math.max(w, width(l));
    if (w + 2 > widths[c]) widths[c] = w + 2;
    return lines;
  }));
  return { widths, cells };
}

function drawRow(cells: string[][], widths: number[], align: Align[] | undefined, out: string[]): void {
  let height = 0;
  for (const lines of cells) height = Math.max(height, lines.length);
  for (let line = 0; line < height; line++) {
    let s = '│';
    for (let c = 0; c < widths.length; c++) {
      const text = cells[c][line];
      if (text === undefined) s += ' '.repeat(widths[c]);
      else {
        const gap = ' '.repeat(widths[c] - 2 - width(text));
        s += align?.[c] === 'right' ? ` ${gap}${text} ` : ` ${text}${gap} `;
      }
      s += '│';
    }
    out.push(s);
  }
}

/** The table as cli-table3 ({ style: { head: [], border: [], compact: true } }) draws it, in linear time. */
export function drawTable(rows: string[][], opts: DrawOptions = {}): string {
  const all = opts.head ? [opts.head, ...rows] : rows;
  if (all.length === 0) return '';
  const n = all[0].length;
  const { widths, cells } = layout(all, n);
  const out = [rule(widths, BOX.top)];
  cells.forEach((row, r) => {
    if (r === 1 && opts.head) out.push(rule(widths, BOX.mid));
    drawRow(row, widths, opts.align, out);
  });
  out.push(rule(widths, BOX.bottom));
  return out.join('\n');
}

const STYLE = { head: [], border: [], compact: true };

/** Lines a row takes (its tallest cell). */
const height = (row: string[]): number => {
  let h = 1;
  for (const cell of row) {
    let lines = 1;
    for (let k = cell.indexOf('\n'); k >= 0; k = cell.indexOf('\n', k + 1)) lines++;
    h = Math.max(h, lines);
  }
  return h;
};

/** cli-table3 for ordinary tables, drawTable for big ones (or rows of uneven length, which only cli-table3 lays out). */
export function renderTable(rows: string[][], opts: DrawOptions = {}): string {
  const n = (opts.head ?? rows[0] ?? []).length;
  let lines = 0;
  for (const r of rows) lines += height(r);
  const even = n > 0 && rows.every((r) => r.length === n);
  if (even && lines > OWN_DRAWING_ABOVE) return drawTable(rows, opts);
  const t = new Table({ ...(opts.head ? { head: opts.head } : {}), style: STYLE, ...(opts.align ? { colAligns: opts.align } : {}) });
  for (const r of rows) t.push(r);
  return t.toString();
}
