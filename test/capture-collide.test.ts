// No lookup the capture makes by name may call the program's code: keys whose hash
// equals 'threading', 'weakref', 'finalize', '_registry', '_active', '_name',
// '__slots__', '__sizeof__' or '__module__' sit in the dicts it reads
// (fixtures/programs/capture_collide.py), and their __eq__ logs and raises.
import { describe, it, expect } from 'vitest';
import { EXTRA_PYTHONS, PYTHON, expectInvariants, programCapture } from './capture-helpers.js';

const pythons = [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS];

describe.each(pythons)('capture on $version with colliding keys', (py) => {
  const cap = programCapture('capture_collide', py.exe);

  it.skipIf(!py.exe)('calls no __eq__ of theirs', () => {
    expect(cap.side.log).toEqual([]);
  });

  it.skipIf(!py.exe)('still reads what those names hold', () => {
    expectInvariants(cap.v);
    const t = cap.v.index.get(cap.side.target)!;
    expect(cap.v.type[t]).toBe('__main__.Target');
    expect(cap.v.size[t]).toBeGreaterThan(0);
    // 3.11+ keeps the attribute inline; before, in the instance's __dict__.
    const holder = cap.v.follow(t, '__dict__')[0] ?? t;
    expect(cap.v.follow(holder, 'payload', 'attr')).toEqual([cap.v.index.get(cap.side.payload)]);
    expect(cap.v.root(`thread ${cap.side.thread}`)).toBeDefined();
    expect(cap.v.root('weakref.finalize')!.to.map((x) => x.id)).toContain(cap.side.finalize);
  });
});
