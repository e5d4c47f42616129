// The id and variable tables against a plain Map: the hash placement (blocks of
// consecutive ids side by side) and backward-shift deletion must never lose or
// misplace an entry, whatever shape the ids have.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { IdTable, Variables, NameCache } from '../../src/model/idtable.js';

/** Id shapes a trace may use: consecutive, page-strided (addresses), above 2^32, strings. */
const idShapes = [
  fc.nat(5000),
  fc.nat(5000).map((n) => n * 4096),
  fc.nat(5000).map((n) => 0x7f0000000000 + n * 16),
  fc.string({ maxLength: 4 }),
];

describe('IdTable', () => {
  for (const [name, shape] of [['consecutive', idShapes[0]], ['page-strided', idShapes[1]], ['address-like', idShapes[2]], ['mixed', fc.oneof(...idShapes)]] as const) {
    it(`agrees with a Map under insert/forget churn (${name} ids)`, () => {
      fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), shape), { minLength: 500, maxLength: 3000 }), (ops) => {
        const t = new IdTable();
        const ref = new Map<string | number, number>();
        ops.forEach(([add, id], i) => {
          if (add) { t.set(id, i); ref.set(id, i); }
          else { const o = ref.get(id); if (o !== undefined) { t.forget(id, o); ref.delete(id); } }
        });
        for (const [id, o] of ref) expect(t.get(id)).toBe(o);
        for (const [, id] of ops) if (!ref.has(id)) expect(t.has(id)).toBe(false);
      }), { numRuns: 60 });
    });
  }

  it('keeps a million consecutive ids through growth, then forgets every other one', () => {
    const t = new IdTable();
    for (let i = 0; i < 1_000_000; i++) t.set(i, i);
    for (let i = 0; i < 1_000_000; i += 2) t.forget(i, i);
    for (let i = 0; i < 1_000_000; i += 1000) expect(t.get(i)).toBe(i % 2 ? i : undefined);
  });

  it('forget leaves an id that a later object took', () => {
    const t = new IdTable();
    t.set(7, 1);
    t.set(7, 2);
    t.forget(7, 1);
    expect(t.get(7)).toBe(2);
  });
});

describe('Variables', () => {
  it('agrees with a Map when names of one length keep replacing each other in the cache', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'req', 'res', 'keep1', 'keep2', 'x'.repeat(17), 'y'.repeat(1)), fc.integer({ min: -1, max: 99 })), { minLength: 50, maxLength: 400 }), (ops) => {
      const v = new Variables();
      const ref = new Map<string, number>();
      for (const [bind, name, o] of ops) {
        if (bind) expect(v.swap(name, o)).toBe(ref.get(name)), ref.set(name, o);
        else expect(v.take(name)).toBe(ref.get(name)), ref.delete(name);
      }
      for (const name of ['a', 'b', 'req', 'res', 'keep1', 'keep2']) expect(v.get(name)).toBe(ref.get(name));
    }));
  });

  it('a name equal to a cached one but another string object hits the same slot', () => {
    const c = new NameCache();
    c.set('req', 3);
    expect(c.get(['r', 'e', 'q'].join(''))).toBe(3);
    expect(c.get('res')).toBe(-1);
  });
});
