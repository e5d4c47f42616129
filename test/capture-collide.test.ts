// No lookup the capture makes by name may call the program's code: keys whose hash
// equals 'threading', 'weakref', 'finalize', '_registry', '_active', '_name',
// '__slots__', '__sizeof__' or '__module__' sit in the dicts it reads
// (fixtures/programs/capture_collide.py), and their __eq__ logs and raises.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRA_PYTHONS, PROGRAMS, PYTHON, expectInvariants, readSnapshot, runPython, tempDir, type View } from './capture-helpers.js';

const pythons = [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS];

describe.each(pythons)('capture on $version with colliding keys', (py) => {
  let dir: string;
  let side: any;
  let v: View;
  beforeAll(() => {
    if (!py.exe) return;
    dir = tempDir();
    const r = runPython([join(PROGRAMS, 'capture_collide.py'), join(dir, 'snap.json'), join(dir, 'side.json')], py.exe);
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.status).toBe(0);
    side = JSON.parse(readFileSync(join(dir, 'side.json'), 'utf8'));
    v = readSnapshot(join(dir, 'snap.json'));
  }, 120_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it.skipIf(!py.exe)('calls no __eq__ of theirs', () => {
    expect(side.log).toEqual([]);
  });

  it.skipIf(!py.exe)('still reads what those names hold', () => {
    expectInvariants(v);
    const t = v.index.get(side.target)!;
    expect(v.type[t]).toBe('__main__.Target');
    expect(v.size[t]).toBeGreaterThan(0);
    // 3.11+ keeps the attribute inline; before, in the instance's __dict__.
    const holder = v.follow(t, '__dict__')[0] ?? t;
    expect(v.follow(holder, 'payload', 'attr')).toEqual([v.index.get(side.payload)]);
    expect(v.root(`thread ${side.thread}`)).toBeDefined();
    expect(v.root('weakref.finalize')!.to.map((x) => x.id)).toContain(side.finalize);
  });
});
