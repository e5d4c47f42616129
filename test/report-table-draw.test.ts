// The linear table drawer against cli-table3 itself: the same bytes for any
// table (colours, wide characters, multi-line cells, alignments), and big
// tables in linear time.
import { test, expect } from 'vitest';
import fc from 'fast-check';
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import { drawTable, renderTable, OWN_DRAWING_ABOVE, type Align } from '../src/report/table-draw.js';
import { table } from '../src/report/format.js';

const chalk = new Chalk({ level: 3 });

function cliTable3(rows: string[][], head?: string[], align?: Align[]): string {
  const t = new Table({ ...(head ? { head } : {}), style: { head: [], border: [], compact: true }, ...(align ? { colAligns: align } : {}) });
  for (const r of rows) t.push(r);
  return t.toString();
}

const piece = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('漢字', '😀', 'é', 'e\u0301', '\t', '\n', ' ', '…', 'Δ', '│', '0x7f00'),
  fc.string({ maxLength: 6 }).map((s) => chalk.red(s)),
  fc.string({ maxLength: 6 }).map((s) => chalk.bold(`${s}\n${s}`)),
  fc.string({ maxLength: 6 }).map((s) => chalk.bgBlue.underline(s)),
);
const cell = fc.array(piece, { maxLength: 4 }).map((ps) => ps.join(''));

test('drawTable draws what cli-table3 draws, byte for byte, on random tables', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(
      fc.option(fc.array(cell, { minLength: n, maxLength: n }), { nil: undefined }),
      fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 8 }),
      fc.option(fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: n, maxLength: n }), { nil: undefined }),
    )),
    ([head, rows, align]) => {
      if (!head && rows.length === 0) return;
      expect(drawTable(rows, { head, align })).toBe(cliTable3(rows, head, align));
    },
  ), { numRuns: 1000 });
});

test('tables above the threshold are drawn by drawTable and look the same', () => {
  const rows = Array.from({ length: OWN_DRAWING_ABOVE + 50 }, (_, i) => [String(i), i % 3 ? 'print' : 'del', i % 7 ? `line ${i}` : `a\nb ${i}`]);
  const head = ['event', 'kind', 'text'].map((h) => chalk.bold(h));
  expect(renderTable(rows, { head, align: ['right', 'left', 'left'] })).toBe(cliTable3(rows, head, ['right', 'left', 'left']));
  expect(renderTable(rows)).toBe(cliTable3(rows));
});

test('100,000 rows and a cell of 100,000 lines draw in seconds, not hours (cli-table3: 20,000 took 19 s)', () => {
  const n = 100_000;
  const t0 = performance.now();
  const many = table(['event', 'kind', 'text'], Array.from({ length: n }, (_, i) => [i, 'print', 'step']), { width: 80 });
  const one = table(['event', 'text'], [[0, Array.from({ length: n }, (_, i) => `line ${i}`).join('\n')]], { width: Infinity });
  const seconds = (performance.now() - t0) / 1000;
  expect(many.split('\n')).toHaveLength(n + 4);
  expect(one.split('\n')).toHaveLength(n + 4);
  expect(one.split('\n')[n + 2]).toBe(`│       │ line ${n - 1} │`);
  expect(seconds).toBeLessThan(30); // about 2 s on a loaded 2-core machine; quadratic drawing takes hours
});
