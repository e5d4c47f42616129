// The built CLI in a pipe and in an 80-column terminal: quiet when the reader
// goes away, colours only where wanted, tables that fit the terminal and are
// whole in pipes.
import { describe, test, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTerminal, inPipe, hasScript, columnsOf, ANSI } from './terminal-helpers.js';
import { gcdiag, ROOT } from '../helpers/cli.js';

const S = 'fixtures/snapshots';
const dir = mkdtempSync(join(tmpdir(), 'gcdiag-term-'));
/** A snapshot whose JSON report is far bigger than a pipe's 64 KiB buffer: 20,000 two-node cycles. */
const big = join(dir, 'big.json');

beforeAll(() => {
  const objects: object[] = [];
  const edges: object[] = [];
  for (let k = 0; k < 20_000; k++) {
    const a = 1000 + 2 * k;
    objects.push({ id: a, type: 'app.models.VeryLongClassNameForANode', size: 48, refcount: 1, gen: 2 }, { id: a + 1, type: 'app.models.VeryLongClassNameForANode', size: 48, refcount: 1, gen: 2 });
    edges.push({ from: a, to: a + 1, label: 'next', kind: 'attr' }, { from: a + 1, to: a, label: 'prev', kind: 'attr' });
  }
  const head = JSON.parse(readFileSync(`${S}/cycles.json`, 'utf8')) as Record<string, unknown>;
  writeFileSync(big, JSON.stringify({ ...head, roots: [], objects, edges }));
});

describe('in a pipe', () => {
  test.each([
    [['find-cycles', '--help']],
    [['find-cycles', big, '--format', 'json', '--limit', '100000']],
    [['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--format', 'json']],
  ])('gcdiag %j | head -1: no stack, no message, exit 0', (args) => {
    const r = inPipe(args, 'head -1');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').length).toBe(2);
  });

  test.skipIf(!existsSync('/dev/full'))('a full disk on stdout: one line, exit 2', () => {
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gcdiag.js'), 'find-cycles', `${S}/cycles.json`], { cwd: ROOT, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    closeSync(full);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('gcdiag: cannot write to standard output (ENOSPC)\n');
  });

  test('the report really is bigger than the pipe (else EPIPE would never happen)', () => {
    expect(gcdiag(['find-cycles', big, '--format', 'json', '--limit', '100000']).stdout.length).toBeGreaterThan(256 * 1024);
  });

  test('tables are whole (not fitted) and without colour when stdout is not a terminal', () => {
    const r = inPipe(['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`], 'cat');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(ANSI);
    expect(r.out).toMatch(/Δ retained/);
    expect(Math.max(...r.out.split('\n').map(columnsOf))).toBeGreaterThan(120);
  });

  test('FORCE_COLOR=1 colours a pipe; --no-color wins over it', () => {
    const args = ['why', `${S}/traps.json`, '--type', 'Connection'];
    expect(inPipe(args, 'cat', { FORCE_COLOR: '1' }).out).toMatch(ANSI);
    expect(inPipe([...args, '--no-color'], 'cat', { FORCE_COLOR: '1' }).out).not.toMatch(ANSI);
  });
});

describe.skipIf(!hasScript)('in an 80-column terminal (script(1))', () => {
  const REPORTS: string[][] = [
    ['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`],
    ['find-cycles', `${S}/cycles.json`],
    ['find-cycles', big],
    ['why', `${S}/cycles.json`, '--type', 'Node'],
    ['why', `${S}/traps.json`, '--type', 'Connection'],
    ['replay', 'fixtures/traces/tutorial-6.1-del-cycle.json'],
    ['replay', 'fixtures/traces/automatic-collections.json', '--python', '3.14.2'],
  ];

  test.each(REPORTS)('gcdiag %s …: every table line fits in 80 columns', (...args) => {
    const r = inTerminal(args, 80, { NO_COLOR: '1' });
    expect(r.code).toBe(0);
    const tableLines = r.out.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(tableLines.length).toBeGreaterThan(2);
    for (const l of tableLines) expect(columnsOf(l), l).toBeLessThanOrEqual(80);
  });

  test('the diff keeps the growth columns and says which it left out', () => {
    const r = inTerminal(REPORTS[0], 80, { NO_COLOR: '1' });
    expect(r.out).toMatch(/Δ count/);
    expect(r.out).toMatch(/\(left out to fit 80 columns: [^)]*count before/);
    const wide = inTerminal(REPORTS[0], 200, { NO_COLOR: '1' });
    expect(wide.out).not.toMatch(/left out/);
    expect(wide.out).toMatch(/Δ retained/);
  });

  test('a long type name is cut from the left, keeping the class name', () => {
    const r = inTerminal(['why', big, '--type', 'VeryLongClassNameForANode'], 44, { NO_COLOR: '1' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/…VeryLongClassNameForANode|…models\.VeryLongClassNameForANode/);
  });

  test('colours on a terminal; none with NO_COLOR=1 or --no-color; FORCE_COLOR=0 too', () => {
    const args = ['why', `${S}/traps.json`, '--type', 'Connection'];
    expect(inTerminal(args, 100).out).toMatch(ANSI);
    expect(inTerminal(args, 100, { NO_COLOR: '1' }).out).not.toMatch(ANSI);
    expect(inTerminal([...args, '--no-color'], 100).out).not.toMatch(ANSI);
    expect(inTerminal(['--no-color', ...args], 100, { FORCE_COLOR: '0' }).out).not.toMatch(ANSI);
  });

  test('--out FILE from a terminal: the file has whole tables and no colour', () => {
    const out = join(dir, 'diff.txt');
    const r = inTerminal(['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--out', out], 80);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(ANSI);
    expect(text).toMatch(/Δ retained/);
  });
});
