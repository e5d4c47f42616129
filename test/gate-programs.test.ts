// gcdiag gate on real snapshots: each fixtures/programs/gate_*.py runs its
// workload five times in python3 with a snapshot after each run, and the gate
// must give the right verdict: leaks through a module-level cache, a listener
// list and a bound method in a registry (with the path that holds them); a
// clean program that fills interpreter caches passes (and fails without the
// suppression list); cyclic garbage only is a warning; a one-object-per-run
// leak is caught; gc.garbage always fails. Also the bad inputs of issue 8 §6.
import { test, expect, describe, beforeAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { gcdiag } from './helpers/cli.js';
import { PYTHON } from './capture-helpers.js';
import { GATE_PROGRAMS, captureRuns, checkVerdict, gateJson, gateHere, failingTypes, type GateProgram } from './gate-helpers.js';
import { SUPPRESSION_IDS } from '../src/gate/suppressions.js';
import { findConfig } from '../src/gate/config.js';

const runs = new Map<GateProgram, string[]>();

beforeAll(() => {
  for (const p of GATE_PROGRAMS) runs.set(p, captureRuns(p, PYTHON));
});

describe(`gcdiag gate on real programs (${PYTHON})`, () => {
  for (const p of GATE_PROGRAMS) test(p, () => checkVerdict(p, runs.get(p)!));

  test('the clean program fails without the suppression list (it does fill the caches)', async () => {
    const { code, result } = await gateHere(runs.get('clean')!, { disableSuppressions: SUPPRESSION_IDS });
    expect(code).toBe(1);
    expect(failingTypes(result)).toEqual(expect.arrayContaining(['re.Pattern', 'logging.Logger']));
  });

  test('--fail-on-garbage fails the garbage-only program; --no-exit-code reports without failing', async () => {
    expect((await gateHere(runs.get('garbage')!, {}, true)).code).toBe(1);
    const r = gcdiag(['gate', ...runs.get('module_cache')!, '--no-exit-code']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gate FAILED');
  });

  test('a pair (baseline, current) gates by budget; a budget from the config lets the growth through', async () => {
    const files = runs.get('slow_leak')!;
    const pair = [files[1], files[files.length - 1]];
    expect((await gateHere(pair)).code).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-gate-budget-'));
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.gcdiag.types."__main__.Token"]\ncount = 3\nbytes = 1000\n\n[tool.gcdiag.maxGrowth]\nbytes = 4096\n');
    const { code, result } = await gateHere(pair, findConfig(undefined, dir).config);
    expect(result.series[0].mode).toBe('pair');
    expect(code).toBe(0);
  });

  test('junit and github output of a real leak', () => {
    const files = runs.get('bound_method')!;
    const xml = gcdiag(['gate', ...files, '--format', 'junit']);
    expect(xml.code).toBe(1);
    expect(XMLValidator.validate(xml.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' || n === 'testsuite' }).parse(xml.stdout);
    const failed = doc.testsuites.testsuite[0].testcase.filter((c: { failure?: unknown }) => c.failure).map((c: { name: string }) => c.name);
    expect(failed).toEqual(expect.arrayContaining(['__main__.Widget', 'builtins.method']));
    const gh = gcdiag(['gate', ...files, '--format', 'github']);
    expect(gh.stdout).toMatch(/^::error title=leak%3A __main__\.Widget in .*::.*held by: module __main__ → CALLBACKS/m);
  });

  test('markdown to a file with --out', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gcdiag-gate-md-')), 'summary.md');
    const r = gcdiag(['gate', ...runs.get('listeners')!, '--format', 'markdown', '--out', out]);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(readFileSync(out, 'utf8')).toMatch(/^## gcdiag leak gate: ❌ failed/);
  });

  test('json of a real leak holds the shipped schema and names the type', () => {
    const { code, result } = gateJson(runs.get('listeners')!);   // parses with GateReport.strict()
    expect(code).toBe(1);
    expect(failingTypes(result).length).toBeGreaterThan(0);
  });
});

describe('bad input (one line, exit 2)', () => {
  const oneLine = (args: string[], pattern: RegExp) => {
    const r = gcdiag(['gate', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  };

  test('fewer snapshots than warm-ups + 1', () => {
    const files = runs.get('clean')!;
    oneLine([...files.slice(0, 3), '--warmup', '3'], /^gcdiag: 3 snapshots with 3 warm-ups: the rule needs at least 4 \(the warm-ups, then at least one measured run\)$/m);
    oneLine([files[0]], /^gcdiag: gate needs at least two snapshots/);
    oneLine([...files, '--warmup', 'x'], /^gcdiag: --warmup expects a whole number/);
  });

  test('snapshots of different Python versions in one series are refused with why', () => {
    const files = runs.get('clean')!;
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-gate-versions-'));
    const other = join(dir, 'run-03.json');
    const doc = JSON.parse(readFileSync(files[2], 'utf8'));
    doc.python.version = '3.12.1';
    writeFileSync(other, JSON.stringify(doc));
    oneLine([files[0], files[1], other], new RegExp(`^gcdiag: ${other.replace(/[.]/g, '\\.')}: \\$\\.python\\.version: Python 3\\.12\\.1, but .* is Python 3\\.11\\.\\d+: one series must come from one Python version \\(object sizes`));
  });

  test('a missing file, a file that is not a snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-gate-bad-'));
    const files = runs.get('clean')!;
    oneLine([files[0], join(dir, 'nope.json')], /nope\.json: no such file/);
    writeFileSync(join(dir, 'bad.json'), '{"format": "gcdiag-typestats", "version": 1, "python": "3.11.7", "run": 1, "types": [["x", -1, 0]], "collected": 0, "garbage": 0}');
    copyFileSync(join(dir, 'bad.json'), join(dir, 'bad2.json'));
    oneLine([join(dir, 'bad.json'), join(dir, 'bad2.json')], /bad\.json: \$\.types\[0\]\[1\]: /);
  });
});
