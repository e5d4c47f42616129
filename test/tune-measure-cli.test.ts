// `gcdiag tune --measure` and `--calibrate` through the built CLI: a real
// program measured end to end, the program's failure passed on, bad usage as
// one line with exit 2, and a calibration file that `tune --cost` accepts.
import { test, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcdiag } from './helpers/cli.js';
import { Calibration } from '../src/tune/calibrate-schema.js';
import { TuneMeasureReport } from '../src/report/schemas/tune.js';

const dir = mkdtempSync(join(tmpdir(), 'gcdiag-measure-cli-'));
const PROGRAM = join(dir, 'small.py');
writeFileSync(PROGRAM, `
import gc, sys
class Node(object):
    pass
kept = []
for i in range(int(sys.argv[1])):
    a = Node(); b = Node(); a.peer = b; b.peer = a
    kept.append([i])
print("ran", sys.argv[1])
`);

test('measures each candidate in real runs and reports them as table and json', () => {
  const json = join(dir, 'm.json');
  const r = gcdiag(['tune', '--measure', '--runs', '2', '--thresholds', '700,10,10', '5000,20,20', 'disable+collect/8000', '--format', 'json', '--out', json, '--', 'python3', PROGRAM, '10000']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  expect(doc.format).toBe('gcdiag-tune-measure');
  expect(doc.version).toBe(1);
  TuneMeasureReport.strict().parse(doc);   // schema/tune-measure-report.schema.json holds
  expect(doc.rows.map((row: { candidate: { label: string } }) => row.candidate.label)).toEqual(['700,10,10', '5000,20,20', 'disable+collect/8000']);
  for (const row of doc.rows) {
    expect(row.runs).toHaveLength(2);
    // The median of two runs of a deterministic program is its count.
    expect(row.median.collections).toEqual(row.runs[0].stats.map((s: number[]) => s[0]));
  }
  const [t700, t5000, dc] = doc.rows.map((row: { median: { collections: number[] } }) => row.median.collections);
  expect(t700[0]).toBeGreaterThan(t5000[0]);
  expect(dc.slice(0, 2)).toEqual([0, 0]);
  const table = gcdiag(['tune', '--measure', '--runs', '1', '--thresholds', '700,10,10', '--', 'python3', PROGRAM, '3000']);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/^Measured: python3 .*small\.py 3000\nCPython 3\.\d+\.\d+ · 1 run per candidate/);
  expect(table.stdout).toContain('collections 0/1/2');
  expect(table.stdout).not.toContain('ran 3000');   // the program's own output is not mixed into the report
});

test('a failing program: its stderr shown, its exit code passed on, nothing written', () => {
  const bad = join(dir, 'bad.py');
  writeFileSync(bad, 'import sys\nsys.stderr.write("it broke\\n")\nsys.exit(4)\n');
  const out = join(dir, 'never.json');
  const r = gcdiag(['tune', '--measure', '--thresholds', '700', '--out', out, '--', 'python3', bad]);
  expect(r.code).toBe(4);
  expect(r.stderr).toBe('it broke\ngcdiag: the program failed under 700,10,10 (exit code 4)\n');
  expect(existsSync(out)).toBe(false);
});

test('bad usage is one line and exit 2', () => {
  for (const [args, message] of [
    [['tune', '--measure', '--thresholds', '700,-1', '--', 'python3', PROGRAM], /threshold 1 "-1" is negative/],
    [['tune', '--measure', '--thresholds', '700,10,10,10', '--', 'python3', PROGRAM], /4 thresholds given/],
    [['tune', '--measure', '--', 'python3', PROGRAM], /needs candidates/],
    [['tune', '--measure', '--thresholds', '700', '--', 'python3', join(dir, 'missing.py')], /script not found/],
    [['tune', '--measure', '--thresholds', '700', '--runs', 'x', '--', 'python3', PROGRAM], /--runs expects a positive integer/],
    [['tune', '--measure', '--grid', '--', 'python3', PROGRAM], /--grid cannot be measured/],
    [['tune', '--measure', '--thresholds', '700', '--python', 'no-such-python3', '--', PROGRAM], /cannot run no-such-python3: not found/],
    [['tune', '--runs', '3', 'x.ndjson'], /--runs and --trace go with --measure/],
    [['tune', '--calibrate', '--thresholds', '700'], /--calibrate takes only/],
  ] as const) {
    const r = gcdiag([...args]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }
});

test('--calibrate writes a gcdiag-calibration file that tune --cost reads', () => {
  const cal = join(dir, 'cost.json');
  const r = gcdiag(['tune', '--calibrate', '--out', cal]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/^gcdiag: wrote .*cost\.json: [\d.]+ µs per collection \+ [\d.]+ ns per object \(R² [\d.]+\)\n$/);
  const c = Calibration.parse(JSON.parse(readFileSync(cal, 'utf8')));
  expect(c.python).toMatch(/^3\.\d+\.\d+$/);
  expect(c.perObjectNs).toBeGreaterThan(0);
  expect(c.byGeneration?.map((f) => f.generation)).toEqual([0, 2]);
  // Young collections fit a line well even on a busy machine.
  expect(c.byGeneration![0].r2).toBeGreaterThan(0.8);
  const t = gcdiag(['tune', 'fixtures/traces/automatic-collections.json', '--thresholds', '700,10,10', '--cost', cal, '--format', 'json']);
  expect(t.code, t.stderr).toBe(0);
  expect(JSON.parse(t.stdout).cost).toMatchObject({ perObjectNs: c.perObjectNs, perCollectionNs: c.perCollectionNs, source: cal });
});
