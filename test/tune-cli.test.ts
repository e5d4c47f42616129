// gcdiag tune end to end: object-trace fixtures (each candidate an exact model
// replay), a real recording of fixtures/programs/steady_cycles.py made here with
// python3 and checked against python3 itself, the report formats, bad input.
import { test, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gcdiag, ROOT } from './helpers/cli.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-tune-cli-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasPython = spawnSync('python3', ['-c', 'import gc'], { encoding: 'utf8' }).status === 0;

test('object trace: the program\'s own policy gives the same collections as gcdiag replay; json, markdown, table', () => {
  const trace = 'fixtures/traces/automatic-collections.json';
  const run = gcdiag(['tune', trace, '--thresholds', '100,10,10', '0', 'disable+collect/300', '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const r = JSON.parse(run.stdout);
  expect(r.format).toBe('gcdiag-tune');
  expect(r.version).toBe(1);
  expect(r.candidates.map((c: { candidate: { label: string } }) => c.candidate.label)).toEqual(['as-run', '700,10,10', '100,10,10', '0', 'disable+collect/300']);
  const replay = JSON.parse(gcdiag(['replay', trace, '--format', 'json']).stdout);
  expect(r.candidates[0].predicted.collections).toEqual(replay.end.stats.map((s: { collections: number }) => s.collections));
  expect(r.candidates[0].predicted.examinedTotal).toBe(replay.collections.reduce((s: number, c: { examined: number }) => s + c.examined, 0));
  // With automatic collection off only the trace's own gc.collect() runs.
  expect(r.candidates[3].predicted.collections).toEqual([0, 0, 1]);
  expect(r.candidates.some((c: { pareto: boolean }) => c.pareto)).toBe(true);
  const md = gcdiag(['tune', trace, '--thresholds', '100,10,10', '--format', 'markdown']);
  expect(md.code).toBe(0);
  expect(md.stdout).toMatch(/^## gcdiag tune/);
  expect(md.stdout).toMatch(/\| candidate \| gen 0\/1\/2 \|/);
  const table = gcdiag(['tune', trace, '--thresholds', '100,10,10']);
  expect(table.code).toBe(0);
  for (const line of table.stdout.split('\n').filter((l) => l.startsWith('│') || l.startsWith('┌'))) expect(line.length).toBeLessThanOrEqual(80);
  expect(table.stdout).toMatch(/Recommendation\n.*\n {4}(gc\.|#)/);
});

test.skipIf(!hasPython)('real recording of steady_cycles.py (python3): own thresholds exact, other thresholds within 5 % of python3', () => {
  const rec = join(dir, 'steady.ndjson.gz');
  const made = gcdiag(['record', '--out', rec, '--', 'python3', join(ROOT, 'fixtures/programs/steady_cycles.py'), '40000']);
  expect(made.code).toBe(0);
  const run = gcdiag(['tune', rec, '--thresholds', '2000,10,10', '5000,20,20', '--format', 'json']);
  expect(run.code).toBe(0);
  const r = JSON.parse(run.stdout);
  expect(r.ownCheck.exact).toBe(true);
  expect(r.ownCheck.predicted).toEqual(r.ownCheck.recorded);
  const at = (label: string): number => r.candidates.findIndex((c: { candidate: { label: string } }) => c.candidate.label === label);
  for (const t of ['2000,10,10', '5000,20,20']) {
    const i = at(t);
    const real = spawnSync('python3', ['-c', `import gc, runpy, sys
gc.set_threshold(${t})
s = [x['collections'] for x in gc.get_stats()]
sys.argv = ['steady_cycles.py', '40000']
runpy.run_path(${JSON.stringify(join(ROOT, 'fixtures/programs/steady_cycles.py'))}, run_name='__main__')
print(*[x['collections'] - y for x, y in zip(gc.get_stats(), s)])`], { encoding: 'utf8' });
    const want = real.stdout.trim().split(' ').map(Number);
    const got: number[] = r.candidates[i].predicted.collections;
    got.forEach((g, k) => expect(Math.abs(g - want[k])).toBeLessThanOrEqual(Math.max(1, 0.05 * want[k])));
  }
  // Garbage waits longer under larger thresholds.
  expect(r.candidates[at('5000,20,20')].predicted.peakGarbageObjects).toBeGreaterThan(r.candidates[0].predicted.peakGarbageObjects);
}, 300_000);

test('bad input: one line, exit 2, nothing written', () => {
  const trace = 'fixtures/traces/automatic-collections.json';
  const out = join(dir, 'report.txt');
  const notRec = join(dir, 'notes.json');
  writeFileSync(notRec, '{"format": "something-else"}\n');
  const cases: [string[], RegExp][] = [
    [['tune', trace, '--thresholds=-5,10,10'], /candidate "-5,10,10": threshold 0 "-5" is negative/],
    [['tune', trace, '--thresholds', '1.5,10,10'], /candidate "1.5,10,10": threshold 0 "1.5" is not an integer/],
    [['tune', trace, '--thresholds', '700,10,10,5'], /4 thresholds given, gc.set_threshold takes 1 to 3/],
    [['tune', trace, '--thresholds', 'disable+collect/x'], /the collect interval "x" is not a number/],
    [['tune', trace, '--python', '3.14.2', '--thresholds', '2000,10,10', '2000,10,50'], /differs from "2000,10,10" only in t2, which the incremental collector of CPython 3.14.0-3.14.4 ignores/],
    [['tune', notRec], /notes.json: line 1: neither a gcdiag recording .* nor a gcdiag trace/],
    [['tune', join(dir, 'missing.ndjson')], /missing.ndjson: no such file/],
    [['tune', trace, '--max-garbage', 'lots'], /--max-garbage expects a number of objects/],
    [['tune', trace, '--python', '4.1'], /--python "4.1": unknown CPython version/],
  ];
  for (const [args, msg] of cases) {
    const run = gcdiag([...args, '--out', out]);
    expect(run.code, args.join(' ')).toBe(2);
    expect(run.stderr, args.join(' ')).toMatch(msg);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  }
  // A truncated recording: the reader's line-numbered error, nothing written.
  const cut = join(dir, 'cut.ndjson');
  writeFileSync(cut, `${JSON.stringify({ format: 'gcdiag-recording', version: 1, python: '3.11.7', implementation: 'CPython', argv: [], thresholds: [700, 10, 10], enabled: true, sampler: 'setprofile', exact: true, reason: null, start: { count: [0, 0, 0], long_lived_total: 0, long_lived_pending: 0, freelists: { list: 0, dict: 0, tuple: null }, freeze_count: 0 }, stats: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] })}\n{"op":"path","d":[1,2]}\n`);
  const run = gcdiag(['tune', cut, '--out', out]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/cut.ndjson: end of file: no "end" line/);
  expect(existsSync(out)).toBe(false);
});
