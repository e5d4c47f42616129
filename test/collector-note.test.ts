// The collector's state is part of every report: captures of real programs
// that call gc.disable(), gc.freeze() and gc.set_threshold() say so in
// snapshot-diff, find-cycles and why (table, markdown, json), and find-cycles
// promises no collection when none runs by itself. The version defaults are
// checked against each installed interpreter's own gc.get_threshold().
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { EXTRA_PYTHONS, PYTHON, pythonName, runPython, tempDir } from './capture-helpers.js';
import { gcdiag } from './helpers/cli.js';
import { profileFor } from '../src/model/profiles.js';
import { collectorState } from '../src/analysis/collector-state.js';
import { snapshotsLines } from '../src/report/collector-note.js';
import type { SnapshotHeader } from '../src/snapshot/schema.js';

const PROGRAM = [
  'import gc, json, sys, gcdiag_capture',
  'class Node(object):',
  '    def __init__(self):',
  '        self.next = self',
  'mode = sys.argv[1]',
  "if mode == 'disable': gc.disable()",
  "if mode == 'freeze': gc.freeze()",
  "if mode == 'threshold': gc.set_threshold(50000, 20, 5)",
  "if mode == 'zero': gc.set_threshold(0)",
  'garbage = [Node() for _ in range(100)]',
  'del garbage',
  'gcdiag_capture.snapshot(sys.argv[2])',
  // What the interpreter itself says right after, for the test to compare with the snapshot's header.
  "print(json.dumps({'enabled': gc.isenabled(), 'threshold': list(gc.get_threshold()), 'freezeCount': gc.get_freeze_count()}))",
  '',
].join('\n');

const MODES = ['default', 'disable', 'freeze', 'threshold', 'zero'] as const;
type Mode = (typeof MODES)[number];
const snap = {} as Record<Mode, string>;
const own = {} as Record<Mode, { enabled: boolean; threshold: number[]; freezeCount: number }>;

function json(args: string[]): any {
  const r = gcdiag([...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

function text(args: string[]): string {
  const r = gcdiag(args);
  expect(r.stderr).toBe('');
  return r.stdout;
}

const DISABLED = 'the collector was disabled (gc.disable()): no collection runs by itself';

describe(`the collector's state in every report (${PYTHON})`, () => {
  beforeAll(() => {
    const dir = tempDir();
    const program = join(dir, 'gcstate.py');
    writeFileSync(program, PROGRAM);
    for (const mode of MODES) {
      snap[mode] = join(dir, `${mode}.json`);
      const r = runPython([program, mode, snap[mode]]);
      expect(r.stderr).not.toMatch(/Traceback/);
      own[mode] = JSON.parse(r.stdout.trim().split('\n').pop()!);
    }
  }, 120_000);

  it('find-cycles: disabled says so and promises no collection; the default promises the next one', () => {
    const off = text(['find-cycles', snap.disable]);
    expect(off).toContain(`⚠ collector: ${DISABLED}`);
    expect(off).toMatch(/#\d+ garbage ×100: unreachable: gc\.collect\(\) frees it, but no collection runs by itself/);
    expect(off).not.toContain('the next full collection frees it');
    const on = text(['find-cycles', snap.default]);
    expect(on).not.toContain('⚠ collector');
    expect(on).toMatch(/#\d+ garbage ×100: unreachable: the next full collection frees it/);
    const j = json(['find-cycles', snap.disable]);
    expect(j.collector).toMatchObject({ enabled: own.disable.enabled, automatic: false, thresholds: own.disable.threshold });
    expect(j.groups.filter((g: any) => g.unreachable).every((g: any) => !g.reason.includes('next full collection'))).toBe(true);
  }, 60_000);

  it('gc.set_threshold(0) turns automatic collection off too', () => {
    const j = json(['find-cycles', snap.zero]);
    expect(own.zero.threshold[0]).toBe(0);
    expect(j.collector).toMatchObject({ enabled: true, automatic: false, thresholds: own.zero.threshold });
    expect(j.collector.notes[0]).toMatch(/^threshold 0 is 0 \(gc\.set_threshold\(0\)\)/);
  }, 60_000);

  it('why: frozen objects are counted as the interpreter counted them', () => {
    expect(own.freeze.freezeCount).toBeGreaterThan(1000);
    const t = text(['why', snap.freeze, '--type', 'Node']);
    expect(t.split('\n')[1]).toBe(`⚠ collector: ${own.freeze.freezeCount.toLocaleString('en-US')} objects were frozen (gc.freeze()): no collection examines them, gc.collect() included, until gc.unfreeze(); cycles among them are never freed`);
    expect(json(['why', snap.freeze, '--type', 'Node']).collector).toMatchObject({ freezeCount: own.freeze.freezeCount, automatic: true });
    expect(text(['why', snap.disable, '--type', 'Node'])).toContain(`⚠ collector: ${DISABLED}`);
  }, 60_000);

  it('snapshot-diff: each snapshot\'s state, in table, markdown and json', () => {
    const defaults = profileFor(json(['find-cycles', snap.default]).python)!.thresholds;
    expect(defaults).toEqual(own.default.threshold);
    const changed = `thresholds (${own.threshold.threshold.join(', ')}), not Python`;
    const t = text(['snapshot-diff', snap.default, snap.threshold, '--top', '3']);
    expect(t).toContain(`⚠ collector: after snapshot: ${changed}`);
    expect(t).toContain(`default (${defaults.join(', ')}) (gc.set_threshold()): the youngest generation is collected less often`);
    const md = text(['snapshot-diff', snap.disable, snap.threshold, '--top', '3', '--format', 'markdown']);
    expect(md).toContain(`> ⚠ **collector:** before snapshot: ${DISABLED}`);
    expect(md).toContain(`> ⚠ **collector:** after snapshot: ${changed}`);
    const j = json(['snapshot-diff', snap.default, snap.threshold]);
    expect(j.collector.before).toMatchObject({ enabled: true, automatic: true, notes: [] });
    expect(j.collector.after).toMatchObject({ thresholds: own.threshold.threshold, defaultThresholds: defaults });
    expect(text(['snapshot-diff', snap.default, snap.default, '--top', '1'])).not.toContain('⚠ collector');
  }, 120_000);
});

describe('collector defaults', () => {
  const pythons = [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS];
  for (const py of pythons) {
    it.skipIf(!py.exe)(`${pythonName(py)}: the model's default thresholds are the interpreter's own`, () => {
      const r = runPython(['-c', 'import gc, platform; print(platform.python_version(), *gc.get_threshold())'], py.exe);
      const [version, ...t] = r.stdout.trim().split(' ');
      expect(profileFor(version)?.thresholds).toEqual(t.map(Number));
    });
  }

  it('a note both snapshots share is said once', () => {
    const h = { python: { version: '3.11.7' }, gc: { enabled: false, thresholds: [700, 10, 10], freezeCount: 0 } } as SnapshotHeader;
    const s = collectorState(h);
    expect(snapshotsLines([['before', s], ['after', s]], 'table')).toEqual([`⚠ collector: both snapshots: ${s.notes[0]}`]);
    expect(collectorState({ ...h, python: { version: '4.0.0' } } as SnapshotHeader).defaultThresholds).toBeNull();
  });
});
