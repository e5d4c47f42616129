// The table fitter and the Markdown escapes, as functions: what every reporter relies on.
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { fitColumns, tableWidth, visibleWidth, cut, cutType, type ColumnSpec } from '../../src/report/fit.js';
import { table, kvTable } from '../../src/report/format.js';
import { mdCode, mdText } from '../../src/report/markdown.js';
import { colorLevel } from '../../src/report/terminal.js';

const widthOf = (text: string) => Math.max(...text.split('\n').map(visibleWidth));

test('the old table(head, rows, align) call fits too: first column kept, widest cut first, last dropped first', () => {
  const rows = [['app.models.Request', 'a rather long description of the thing', '12'], ['builtins.dict', 'short', '3']];
  const whole = table(['type', 'what', 'n'], rows, ['left', 'left', 'right']);
  expect(table(['type', 'what', 'n'], rows, { align: ['left', 'left', 'right'], width: Infinity })).toBe(whole);
  const t = table(['type', 'what', 'n'], rows, { align: ['left', 'left', 'right'], width: 50 });
  expect(widthOf(t.split('\n(')[0])).toBeLessThanOrEqual(50);
  expect(t).toMatch(/app\.models\.Request/); // the widest column (what) gave way first
  expect(t).toMatch(/a rather long [a-z ]*…/);
  const narrow = table(['type', 'what', 'n'], rows, { align: ['left', 'left', 'right'], width: 24 });
  expect(narrow).toMatch(/left out to fit 24 columns: (what, )?n\)$/);
  expect(narrow).toMatch(/│ type/);
});

test('numbers are never cut; type names keep their class; key/value tables wrap values', () => {
  expect(cut('abcdefghij', 6, 'end')).toBe('abcde…');
  expect(cut('abcdefghij', 6, 'middle')).toBe('ab…hij');
  expect(cutType('app.models.Request', 12)).toBe('…Request');
  expect(cutType('app.models.Request', 16)).toBe('…models.Request');
  const t = table(['count before', 'n'], [['1,234,567', '8']], { align: ['right', 'right'], width: 14 });
  expect(t).toMatch(/1,234,567/);
  const kv = kvTable([['held by', 'roots 1, gc.garbage 0, outside the snapshot 0, unreachable 12 (12 are cyclic garbage)']], { width: 50 });
  expect(widthOf(kv)).toBeLessThanOrEqual(50);
  expect(kv.replace(/[│\s]+/g, ' ')).toMatch(/unreachable 12 \(12 are cyclic garbage\)/);
});

test('fitted tables never exceed the width when the minimums allow it, and keep the most important column', () => {
  const cell = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\n\r\t\x00-\x1f\x7f-\x9f]/g, ''));
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(
      fc.array(cell, { minLength: n, maxLength: n }),
      fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
      fc.array(fc.record({ priority: fc.integer({ min: 0, max: 9 }), min: fc.integer({ min: 1, max: 12 }), overflow: fc.constantFrom('end', 'middle', 'type', 'wrap') }), { minLength: n, maxLength: n }),
      fc.integer({ min: 20, max: 120 }),
    )),
    ([head, rows, specs, width]) => {
      const f = fitColumns(head, rows, specs as ColumnSpec[], width);
      const widths = f.keep.map((_, k) => Math.max(visibleWidth(f.head[k]), ...f.rows.map((r) => visibleWidth(r[k]))));
      const floor = Math.min(...specs.map((s) => s.priority));
      expect(f.keep.some((c) => specs[c].priority === floor)).toBe(true);
      if (f.keep.length > 1) expect(tableWidth(widths)).toBeLessThanOrEqual(width);
    },
  ), { numRuns: 500 });
});

test('Markdown: backticks and pipes cannot break a code span or a table cell', () => {
  expect(mdCode('plain')).toBe('`plain`');
  expect(mdCode('a`b')).toBe('``a`b``');
  expect(mdCode('`x`')).toBe('`` `x` ``');
  expect(mdCode('dict[a|b]', true)).toBe('`dict[a\\|b]`');
  expect(mdText('a|b `c` *d* _e_ [f](g) <h>')).toBe('a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\<h\\>');
});

test('colour level: --no-color, then FORCE_COLOR, then NO_COLOR (set and not empty), then none for files, then the terminal', () => {
  const level = (flag: boolean | undefined, env: Record<string, string>, toFile = false) => colorLevel(flag, env, toFile, 2);
  expect(level(undefined, {})).toBe(2);
  expect(level(false, { FORCE_COLOR: '3' })).toBe(0);
  expect(level(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(1);
  expect(level(undefined, { FORCE_COLOR: '' })).toBe(1);
  expect(level(undefined, { FORCE_COLOR: 'true' })).toBe(1);
  expect(level(undefined, { FORCE_COLOR: '0' })).toBe(0);
  expect(level(undefined, { FORCE_COLOR: 'false' })).toBe(0);
  expect(level(undefined, { NO_COLOR: '1' })).toBe(0);
  expect(level(undefined, { NO_COLOR: '' })).toBe(2);
  expect(level(undefined, {}, true)).toBe(0);
  expect(level(undefined, { FORCE_COLOR: '2' }, true)).toBe(2);
});
