// Fitting a table into a terminal's width: shrink the widest shrinkable column
// first, down to its minimum; when that is not enough, leave out the least
// important column and start again. Pure: cells in, cells and the columns kept out.

/** How a cell too wide for its column is shortened. */
/** 'type': a dotted name keeps its last parts (…models.Request), else is cut in the middle. */
export type Overflow = 'end' | 'middle' | 'type' | 'wrap' | 'none';

export interface ColumnSpec {
  /** Lower is more important; the highest is left out first (default: the column's index). */
  priority?: number;
  /** Narrowest the column's cells may be cut to (default 10; never wider than its widest cell). */
  min?: number;
  /** 'none' never cuts a cell (numbers); default 'none' for right-aligned columns, 'end' otherwise. */
  overflow?: Overflow;
  /** Never left out (key/value tables). */
  required?: boolean;
}

export interface Fitted {
  /** Indices of the columns kept, in their order. */
  keep: number[];
  head: string[];
  rows: string[][];
}

const DEFAULT_MIN = 10;
/** A class name longer than this is cut even in a type column. */
const TYPE_MAX = 32;
const ANSI = /\x1b\[[0-9;]*m/g;

export const plain = (s: string): string => s.replace(ANSI, '');

/** The largest f(x), 0 for none: a loop, as Math.max(...xs) overflows the stack on 100,000-row tables. */
function maxOf<T>(xs: readonly T[], f: (x: T) => number): number {
  let m = 0;
  for (const x of xs) { const v = f(x); if (v > m) m = v; }
  return m;
}

/** Code points in a line (the width of everything but East Asian wide characters). */
const codePoints = (l: string): number => {
  let n = 0;
  for (let k = 0; k < l.length; k++, n++) {
    const c = l.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < l.length && (l.charCodeAt(k + 1) & 0xfc00) === 0xdc00) k++; // a surrogate pair is one
  }
  return n;
};

/** Columns a string takes on a terminal (code points; the reports' Δ × → ↺ … are one column each). */
export const visibleWidth = (s: string): number => maxOf(plain(s).split('\n'), codePoints);

/** Shorten one line to w columns, the cut marked with …. */
export function cut(s: string, w: number, where: 'end' | 'middle'): string {
  const chars = [...plain(s)];
  if (chars.length <= w) return s;
  if (w <= 1) return '…'.slice(0, w);
  if (where === 'end') return `${chars.slice(0, w - 1).join('')}…`;
  // Keep more of the end: a type's class name and a path's target are there.
  const front = Math.floor((w - 1) * 0.4);
  return `${chars.slice(0, front).join('')}…${chars.slice(chars.length - (w - 1 - front)).join('')}`;
}

/** Break text into lines of at most w columns, at spaces where possible. */
export function wrap(s: string, w: number): string {
  if (visibleWidth(s) <= w) return s;
  const out: string[] = [];
  for (const para of plain(s).split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const cand = line ? `${line} ${word}` : word;
      if ([...cand].length <= w) { line = cand; continue; }
      if (line) out.push(line);
      const chars = [...word];
      let at = 0;
      for (; chars.length - at > w; at += w) out.push(chars.slice(at, at + w).join(''));
      line = chars.slice(at).join('');
    }
    out.push(line);
  }
  return out.join('\n');
}

/** app.models.Request in 12 columns: …ls.Request would hide where it ends, so …Request. */
export function cutType(s: string, w: number): string {
  const name = plain(s);
  if ([...name].length <= w) return s;
  const parts = name.split('.');
  for (let k = 1; k < parts.length; k++) {
    const tail = parts.slice(k).join('.');
    if ([...tail].length + 1 <= w) return `…${tail}`;
  }
  return cut(name, w, 'middle');
}

function shorten(s: string, w: number, overflow: Overflow): string {
  if (overflow === 'none' || visibleWidth(s) <= w) return s;
  if (overflow === 'wrap') return wrap(s, w);
  if (overflow === 'type') return s.split('\n').map((l) => cutType(l, w)).join('\n');
  return s.split('\n').map((l) => cut(l, w, overflow)).join('\n');
}

const longestWord = (s: string) => maxOf(plain(s).split(/[\s\n]+/), codePoints);
/** A table's width with these content widths: "│ a │ b │" borders and padding. */
export const tableWidth = (widths: number[]): number => widths.reduce((n, w) => n + w + 3, 1);

export function fitColumns(head: string[], rows: string[][], specs: ColumnSpec[], width: number): Fitted {
  const n = head.length;
  const all = [...Array(n).keys()];
  if (!Number.isFinite(width)) return { keep: all, head, rows };
  const cellMax = all.map((c) => maxOf(rows, (r) => visibleWidth(r[c] ?? '')));
  const natural = all.map((c) => Math.max(cellMax[c], visibleWidth(head[c])));
  const min = all.map((c) => {
    const s = specs[c];
    const cap = s.overflow === 'none' ? Infinity : (s.min ?? DEFAULT_MIN);
    // A type column keeps room for "…ClassName": the class is what the reader looks for.
    const own = s.overflow === 'type' ? Math.min(TYPE_MAX, 1 + maxOf(rows, (r) => visibleWidth((r[c] ?? '').split('.').pop()!))) : 0;
    return Math.max(Math.min(cellMax[c], Math.max(cap, own)), Math.min(longestWord(head[c]), cap), 1);
  });
  const keep = [...all];
  let widths = natural.slice();
  for (;;) {
    widths = natural.slice();
    // Widest first: cut the widest column that can give, one column at a time.
    while (tableWidth(keep.map((c) => widths[c])) > width) {
      let best = -1;
      for (const c of keep) if (widths[c] > min[c] && (best < 0 || widths[c] > widths[best])) best = c;
      if (best < 0) break;
      widths[best]--;
    }
    if (tableWidth(keep.map((c) => widths[c])) <= width) break;
    const droppable = keep.filter((c) => !specs[c].required);
    if (droppable.length === 0 || keep.length === 1) break;
    const prio = (c: number) => specs[c].priority ?? c;
    const drop = droppable.reduce((a, b) => (prio(b) >= prio(a) ? b : a));
    keep.splice(keep.indexOf(drop), 1);
  }
  const render = (): Fitted => ({
    keep,
    head: keep.map((c) => (visibleWidth(head[c]) <= widths[c] ? head[c] : wrap(head[c], widths[c]))),
    rows: rows.map((r) => keep.map((c) => shorten(r[c] ?? '', widths[c], specs[c].overflow ?? 'end'))),
  });
  let out = render();
  // Wrapping at spaces leaves columns narrower than they were given: hand what
  // is left back to the cut columns, most important first.
  for (let round = 0; round < 3; round++) {
    const actual = keep.map((_, k) => Math.max(visibleWidth(out.head[k]), maxOf(out.rows, (r) => visibleWidth(r[k]))));
    let slack = width - tableWidth(actual);
    const cut = keep.filter((c, k) => natural[c] > actual[k]).sort((a, b) => (specs[a].priority ?? a) - (specs[b].priority ?? b));
    if (slack <= 0 || cut.length === 0) break;
    keep.forEach((c, k) => { widths[c] = actual[k]; });
    for (const c of cut) {
      const more = Math.min(slack, natural[c] - widths[c]);
      widths[c] += more;
      slack -= more;
    }
    out = render();
  }
  return out;
}
