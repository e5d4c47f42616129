// A capture leaves the program's collector exactly as it found it and runs none of
// the program's code: fixtures/programs/capture_quiet.py calls snapshot() and a
// do-nothing stand-in the same way, with gen 0 full of finalizable cyclic garbage
// just below the threshold, with unusual thresholds, debug flags, frozen objects
// and gc.garbage, with the collector off, and with a thread making garbage the
// whole time. Whatever the stand-in's call moves, the capture's may move; nothing else.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRA_PYTHONS, PROGRAMS, PYTHON, PY_DIR, readSnapshot, runPython, tempDir } from './capture-helpers.js';

const SCENARIOS = ['nearThreshold', 'unusual', 'disabled', 'thread'] as const;
// What a profile or trace function may see of a capture: the calls that suspend and
// restore it (snapshot() itself and its small helpers), never the capture's work.
const SEEN = new Set(['snapshot', 'busy', 'begin', 'new_result', 'pause', 'resume', 'end',
  'isenabled', 'disable', '_getframe', 'get_count', 'get_threshold', 'get_debug', 'getprofile', 'gettrace',
  'setprofile', 'settrace', 'enable', 'append']);

const pythons = [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS];

describe.each(pythons)('capture on $version leaves the collector as it was', (py) => {
  let dir: string;
  let side: any;
  beforeAll(() => {
    if (!py.exe) return;
    dir = tempDir();
    const r = runPython([join(PROGRAMS, 'capture_quiet.py'), dir, join(dir, 'side.json')], py.exe);
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.status).toBe(0);
    side = JSON.parse(readFileSync(join(dir, 'side.json'), 'utf8'));
  }, 120_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it.skipIf(!py.exe)('finds the collector state, so that counts are put back exactly', () => {
    expect(side.countsRestored).toBe(true);
  });

  it.skipIf(!py.exe).each(SCENARIOS)('%s: no collection, no finalizer, counts moved as by a stand-in', (name) => {
    const s = side[name];
    expect(s.snapshot.collections).toBe(0);
    expect(s.snapshot.dels).toBe(0);
    // With another thread allocating, the counts move by whatever it did meanwhile.
    if (name !== 'thread') expect(s.snapshot.countDelta).toEqual(s.standIn.countDelta);
  });

  it.skipIf(!py.exe).each(SCENARIOS)('%s: enabled, thresholds, debug, freeze count, gc.garbage, callbacks, tracers unchanged', (name) => {
    const s = side[name].snapshot;
    expect(s.stateAfter).toEqual(s.stateBefore);
  });

  it.skipIf(!py.exe)('the cyclic garbage that existed at the call is in the snapshot', () => {
    for (const name of ['nearThreshold', 'unusual', 'disabled'] as const) {
      const ids: number[] = side[name].snapshot.garbageIds;
      expect(ids.length).toBeGreaterThan(100);
      const v = readSnapshot(join(dir, `${name}-snapshot.json`));
      expect(ids.filter((id) => !v.index.has(id))).toEqual([]);
    }
  });

  it.skipIf(!py.exe)('profile and trace functions see none of the capture’s own calls', () => {
    const pkg: string = side.package;
    const ours = (side.traced.snapshot as string[][]).filter((e) => e[3].startsWith(pkg));
    expect(ours.length).toBeGreaterThan(0);   // they do see snapshot() called
    expect([...new Set(ours.map((e) => e[2]).filter((n) => !SEEN.has(n)))]).toEqual([]);
    expect(ours.length).toBeLessThan(120);
  });
});

// Where the collector state cannot be written (3.14, Pyodide, no ctypes; forced here with
// GCDIAG_CAPTURE_NO_CTYPES=1), a reserve of tokens freed one by one brings gen 0's count
// back to at most where it was; still no collection runs inside the capture.
describe('capture without the collector state (GCDIAG_CAPTURE_NO_CTYPES=1)', () => {
  let dir: string;
  let side: any;
  beforeAll(() => {
    dir = tempDir();
    const r = spawnSync(PYTHON, [join(PROGRAMS, 'capture_quiet.py'), dir, join(dir, 'side.json')], {
      encoding: 'utf8', env: { ...process.env, PYTHONPATH: PY_DIR, GCDIAG_CAPTURE_NO_CTYPES: '1' }, timeout: 120_000,
    });
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.status).toBe(0);
    side = JSON.parse(readFileSync(join(dir, 'side.json'), 'utf8'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the counts are not written back, and keeps gen 0 at or below where it was', () => {
    expect(side.countsRestored).toBe(false);
    const s = side.nearThreshold;
    expect(s.snapshot.countDelta[0]).toBeLessThanOrEqual(s.standIn.countDelta[0]);
    expect(s.snapshot.countDelta[0]).toBeGreaterThanOrEqual(s.standIn.countDelta[0] - 1);
    expect(s.snapshot.stateAfter).toEqual(s.snapshot.stateBefore);
  });

  it.each(SCENARIOS)('%s: no collection and no finalizer inside the capture', (name) => {
    expect(side[name].snapshot.collections).toBe(0);
    expect(side[name].snapshot.dels).toBe(0);
  });
});
