// What `gcdiag replay` prints, recorded: tables for people, JSON for scripts.
import { test, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcdiag, expectGolden } from '../helpers/cli.js';

test('replay table: a __del__ cycle (tutorial 6.1)', () => {
  expectGolden('replay-6.1-table', gcdiag(['replay', 'fixtures/traces/tutorial-6.1-del-cycle.json']));
});

test('replay table on 3.14.2: automatic collections are increments', () => {
  expectGolden('replay-automatic-3.14.2', gcdiag(['replay', 'fixtures/traces/automatic-collections.json', '--python', '3.14.2']));
});

test('replay json has the collections, calls and end state', () => {
  const r = gcdiag(['replay', 'fixtures/traces/tutorial-12.1-cycle-saveall.json', '--format', 'json']);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout) as { collections: { collected: number }[]; end: { garbage: string[]; count: number[] }; calls: { text: string }[] };
  expect(j.collections.map((c) => c.collected)).toEqual([2]);
  expect(j.calls.map((c) => c.text)).toEqual(['Unreachable: 2', 'Garbage objects: 2']);
  expect(j.end.garbage).toEqual([]);
});

test('replay --against python3 marks agreement and exits 0', () => {
  const r = gcdiag(['replay', '--against', 'python3', 'fixtures/traces/tutorial-5-cycles.json']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/all \d+ observables agree/);
});

test('replay --against takes NDJSON traces too, and exits 1 on a difference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-against-'));
  const trace = JSON.parse(readFileSync('fixtures/traces/tutorial-5-cycles.json', 'utf8')) as { events: unknown[] };
  const { events, ...header } = trace;
  const nd = join(dir, 'cycles.ndjson');
  writeFileSync(nd, [header, ...events].map((x) => JSON.stringify(x)).join('\n') + '\n');
  const r = gcdiag(['replay', '--against', 'python3', nd]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/all \d+ observables agree/);
  // Modelled as another version than the interpreter runs: the counts differ.
  const d = gcdiag(['replay', '--against', 'python3', '--python', '3.10', nd]);
  expect(d.code).toBe(1);
  expect(d.stdout).toMatch(/^│ DIFF │/m);
});

test('replay --out writes the file whole, and a failed run leaves an existing file alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-out-'));
  const out = join(dir, 'result.json');
  const r = gcdiag(['replay', 'fixtures/traces/tutorial-5-cycles.json', '--format', 'json', '--out', out]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('');
  const direct = gcdiag(['replay', 'fixtures/traces/tutorial-5-cycles.json', '--format', 'json']).stdout;
  expect(readFileSync(out, 'utf8')).toBe(direct);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"format":"gcdiag-trace","version":1,"types":{},"events":[{"op":"unbind","vars":["x"]}]}');
  expect(gcdiag(['replay', bad, '--format', 'json', '--out', out]).code).toBe(2);
  expect(readFileSync(out, 'utf8')).toBe(direct);
  expect(readdirSync(dir).sort()).toEqual(['bad.json', 'result.json']);
});

test('replay --help shows examples', () => {
  expect(gcdiag(['replay', '--help']).stdout).toMatch(/Examples:[\s\S]*--against/);
});
