// gcdiag gate over typestats files (what the pytest plugin writes after each
// run): grouped per test and ordered by run whatever the argument order,
// warm-ups as the files declare, retainer paths from the full.json beside
// them; and, when the plugin is on this branch, the real pytest plugin's output.
import { test, expect, describe } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { gcdiag, ROOT } from './helpers/cli.js';
import { PYTHON } from './capture-helpers.js';
import { TypeStats } from '../src/gate/typestats-schema.js';
import { gateHere, failingTypes } from './gate-helpers.js';

interface Run { run: number; types: [string, number, number][]; collected?: number; garbage?: number; python?: string }

function writeSeries(dir: string, test: string, runs: Run[], warmup = 2): string[] {
  const d = join(dir, test.replace(/[^\w.-]+/g, '_'));
  mkdirSync(d, { recursive: true });
  return runs.map((r) => {
    const file = join(d, `run-${String(r.run).padStart(2, '0')}.json`);
    const doc = {
      format: 'gcdiag-typestats', version: 1, python: r.python ?? '3.12.1', label: `run ${r.run}`, test, run: r.run, warmup,
      created: '2026-12-07T03:00:00Z', pid: 4242, gc: { enabled: true, threshold: [700, 10, 10], freeze_count: 0 },
      types: r.types, collected: r.collected ?? 0, garbage: r.garbage ?? 0,
    };
    expect(TypeStats.safeParse(doc).success).toBe(true);
    writeFileSync(file, JSON.stringify(doc));
    return file;
  });
}

const leaky = (k: number): Run => ({ run: k, types: [['app.models.Request', k, 56 * k], ['builtins.dict', 100, 9000], ['logging.Logger', k, 56 * k]] });
const clean = (k: number): Run => ({ run: k, types: [['app.models.Request', 3, 168], ['builtins.dict', 100 + (k % 2), 9000]], collected: 10 });

describe('typestats series', () => {
  test('grouped per test, ordered by run, warm-ups from the files, paths from full.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-gate-ts-'));
    const a = writeSeries(dir, 'tests/test_a.py::test_leak', [1, 2, 3, 4, 5].map(leaky));
    const b = writeSeries(dir, 'tests/test_b.py::test_ok', [1, 2, 3, 4, 5].map(clean));
    copyFileSync(join(ROOT, 'fixtures', 'snapshots', 'cache-after.json'), join(dir, 'tests_test_a.py_test_leak', 'full.json'));
    const { code, result } = await gateHere([...b.reverse(), a[3], a[0], a[4], a[2], a[1]]);
    expect(code).toBe(1);
    expect(result.series.map((s) => [s.test, s.warmup, s.failed])).toEqual([['tests/test_b.py::test_ok', 2, false], ['tests/test_a.py::test_leak', 2, true]]);
    expect(failingTypes(result)).toEqual(['app.models.Request']); // logging.Logger: the suppression list leaves it out
    const logging = result.suppressionList.entries.find((e) => e.id === 'logging')!;
    expect([logging.typestats, logging.snapshot]).toEqual([expect.stringContaining('types left out: logging.Logger'), expect.stringContaining('loggerDict')]);
    expect(result.suppressionList.entries.find((e) => e.id === 're')!.typestats).toContain('re.purge()');
    const leak = result.series[1];
    expect(leak.findings[0].countDeltas).toEqual([1, 1, 1]);
    expect(leak.fullSnapshot).toMatch(/full\.json$/);
    expect(leak.findings[0].path?.path.root?.name).toBe('module app.cache');
    expect(result.series[0].garbage).toMatchObject({ growing: true, perRun: { objects: 10, cycles: null } });
    // --warmup wins over the files: with 4 warm-ups one measured delta is left.
    const w = await (await import('../src/gate/gate.js')).runGate(a, { warmup: 4, config: { file: null, config: {} } });
    expect(w.series[0].findings[0].countDeltas).toEqual([1]);
  });

  test('JUnit groups the test cases per pytest test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-gate-ts-junit-'));
    const files = [...writeSeries(dir, 't.py::a', [1, 2, 3, 4].map(leaky), 1), ...writeSeries(dir, 't.py::b', [1, 2, 3, 4].map(clean), 1)];
    const r = gcdiag(['gate', ...files, '--format', 'junit']);
    expect(r.code).toBe(1);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(r.stdout);
    const suites = doc.testsuites.testsuite as { name: string; failures: string; testcase: { classname: string }[] }[];
    expect(suites.map((s) => [s.name, s.failures])).toEqual([['t.py::a', '1'], ['t.py::b', '0']]);
    expect(suites[0].testcase.every((c) => c.classname === 't.py::a')).toBe(true);
  });

  test('bad series: a duplicate run, mixed Python versions, too few runs for the warm-ups', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-gate-ts-bad-'));
    const files = writeSeries(dir, 't.py::a', [1, 2, 3].map(leaky));
    const dup = writeSeries(join(dir, 'x'), 't.py::a', [leaky(3)]);
    let r = gcdiag(['gate', ...files, ...dup]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^gcdiag: .*run-03\.json: \$\.run: run 3 of this test is also in .*\n$/)]);
    const mixed = writeSeries(join(dir, 'y'), 't.py::m', [leaky(1), leaky(2), { ...leaky(3), python: '3.11.7' }], 1);
    r = gcdiag(['gate', ...mixed]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run-03\.json: \$\.python: Python 3\.11\.7, but .*run-01\.json is Python 3\.12\.1: one series must come from one Python version/);
    r = gcdiag(['gate', ...files]); // the files declare 2 warm-ups: 3 runs are enough
    expect(r.code).toBe(1);
    r = gcdiag(['gate', ...files.slice(0, 2)]);
    expect([r.code, r.stderr.trim()]).toEqual([2, 'gcdiag: 2 snapshots for t.py::a with 2 warm-ups: the rule needs at least 3 (the warm-ups, then at least one measured run)']);
  });
});

const PLUGIN = join(ROOT, 'python', 'gcdiag_capture', 'pytest_plugin.py');
const hasPytest = spawnSync(PYTHON, ['-c', 'import pytest'], { encoding: 'utf8' }).status === 0;

describe('the pytest plugin\'s own output', () => {
  test.skipIf(!existsSync(PLUGIN) || !hasPytest)(`pytest --gcdiag-leaks, then gcdiag gate over what it wrote (${existsSync(PLUGIN) ? (hasPytest ? PYTHON : `${PYTHON} has no pytest`) : 'the plugin is not on this branch'})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-gate-plugin-'));
    writeFileSync(join(dir, 'test_suite.py'), [
      'import re', '', '_KEPT = []', '', '', 'class Record(object):', '    pass', '', '',
      'def test_leaks():', '    _KEPT.append(Record())', '', '',
      'def test_clean():', '    re.compile("x%d" % len(re.__dict__))', '    [Record() for _ in range(100)]', '',
    ].join('\n'));
    const out = join(dir, 'leaks');
    const r = spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'gcdiag_capture.pytest_plugin', '--gcdiag-leaks', '--gcdiag-dir', out, '-p', 'no:cacheprovider', 'test_suite.py'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(ROOT, 'python') }, timeout: 300_000,
    });
    expect(r.stdout + r.stderr).toMatch(/1 failed, 1 passed/);
    const files = readdirSync(out).flatMap((t) => readdirSync(join(out, t)).filter((f) => f.startsWith('run-')).map((f) => join(out, t, f)));
    const { code, result } = await gateHere(files);
    expect(code).toBe(1);
    expect(result.series.map((s) => [s.test, s.failed]).sort()).toEqual([['test_suite.py::test_clean', false], ['test_suite.py::test_leaks', true]]);
    expect(failingTypes(result)).toEqual(['test_suite.Record']);
    const leak = result.series.find((s) => s.failed)!;
    expect(leak.findings[0].path?.path.root).toMatchObject({ name: 'module test_suite', label: '_KEPT' });
  });
});
