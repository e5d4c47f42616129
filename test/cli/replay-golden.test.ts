// What `gcdiag replay` prints, recorded: tables for people, JSON for scripts.
import { test, expect } from 'vitest';
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

test('replay --out writes the file whole', () => {
  const out = `/tmp/gcdiag-replay-${process.pid}.json`;
  const r = gcdiag(['replay', 'fixtures/traces/tutorial-5-cycles.json', '--format', 'json', '--out', out]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('');
});

test('replay --help shows examples', () => {
  expect(gcdiag(['replay', '--help']).stdout).toMatch(/Examples:[\s\S]*--against/);
});
