// A snapshot's sizes are what CPython allocated: fixtures/programs/capture_sizes.py
// makes 2,000 objects of each kind while tracemalloc traces (plain instances with
// 0-20 attributes, __slots__, lists), and the snapshot's sizes of those objects
// (with the __dict__ each owns, before 3.11) must sum to the bytes tracemalloc saw
// freed when they are dropped, within 1% or a byte per object (a dict or list taken
// from or returned to its free list is no allocation that tracemalloc sees; a few
// one-off blocks come and go with the first instances of a class).
// From 3.11 sys.getsizeof leaves out the attribute values array (_inline.py).
import { describe, it, expect } from 'vitest';
import { EXTRA_PYTHONS, PYTHON, programCapture } from './capture-helpers.js';

const pythons = [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS];
const KINDS = ['P0', 'P1', 'P3', 'P8', 'P20', 'Slots', 'list'];

describe.each(pythons)('sizes on $version', (py) => {
  const cap = programCapture('capture_sizes', py.exe);

  const bytes = (ids: number[]) => ids.reduce((sum, id) => {
    const i = cap.v.index.get(id)!;
    return sum + cap.v.size[i] + cap.v.follow(i, '__dict__').reduce((s, d) => s + cap.v.size[d], 0);
  }, 0);

  it.skipIf(!py.exe).each(KINDS)('%s: the snapshot’s bytes are tracemalloc’s', (kind) => {
    const k = cap.side.kinds[kind];
    expect(Math.abs(bytes(k.ids) - k.freed)).toBeLessThanOrEqual(Math.max(0.01 * k.freed, k.ids.length));
  });

  // Known gap, 3.11+: an instance whose __dict__ was made. 3.11/3.12 leave out the
  // values block's order prefix (one word); on 3.13 the dict is no referent of the
  // instance and its getsizeof counts the embedded values again.
  it.skipIf(!py.exe)('an instance with its own __dict__ (exact before 3.11)', () => {
    const k = cap.side.kinds.WithDict;
    const diff = Math.abs(bytes(k.ids) - k.freed) / k.freed;
    if (/^3\.(8|9|10)\./.test(cap.side.version)) expect(diff).toBeLessThanOrEqual(0.01);
    else expect(diff).toBeGreaterThan(0.01);
  });
});
