// The verdict with the model run on the possibly unreachable part only must be
// the model's verdict over the whole heap, whatever the flags, generations,
// refcounts (consistent or not) and Python version.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SnapshotBuilder, type Obj } from './snapshot-builder.js';
import { collectorVerdict, possiblyUnreachable, examinedObjects } from '../src/analysis/verdict.js';
import { fullCollectionVerdict, profileForGraph } from '../src/model/from-graph.js';

const PYTHONS = ['3.3.7', '3.8.18', '3.11.7', '3.12.3', '3.13.0', '3.14.2'];

const objArb = fc.record({
  type: fc.nat(3),
  gc: fc.boolean(),
  gen: fc.constantFrom(-1, 0, 1, 2, 2, 2, 3),
  finalizer: fc.boolean(),
  tp_del: fc.nat(9).map((k) => k === 0),
  immortal: fc.nat(9).map((k) => k === 0),
  external: fc.nat(5).map((k) => (k < 4 ? 0 : k - 3)),
  /** Sometimes a refcount below what the snapshot records (gc_refs < 0). */
  lower: fc.nat(7).map((k) => (k === 0 ? 1 : 0)),
});

const heapArb = fc.record({
  python: fc.constantFrom(...PYTHONS),
  objects: fc.array(objArb, { minLength: 1, maxLength: 30 }),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 70 }),
  roots: fc.array(fc.nat(), { maxLength: 3 }),
});

type HeapSpec = typeof heapArb extends fc.Arbitrary<infer T> ? T : never;

function build(h: HeapSpec, consistent: boolean) {
  const s = new SnapshotBuilder(h.python);
  const n = h.objects.length;
  const indegree = new Array<number>(n).fill(0);
  for (const [, b] of h.edges) indegree[b % n]++;
  for (const k of h.roots) indegree[k % n]++;
  const objs: Obj[] = h.objects.map((o, k) => s.obj(`T${o.type}`, {
    gc: o.gc, gen: o.gc ? o.gen : -1, finalizer: o.finalizer, tp_del: o.tp_del, immortal: o.immortal,
    external: o.external, ...(!consistent && o.lower ? { refcount: Math.max(0, indegree[k] - 1) } : {}),
  }));
  for (const [a, b] of h.edges) objs[a % n].ref(objs[b % n], `e${b % 3}`);
  if (h.roots.length) s.root('module app', 'module', ...h.roots.map((k): [Obj, string] => [objs[k % n], `g${k}`]));
  return s.graph();
}

describe('collector verdict', () => {
  it('equals the model over the whole heap (property)', () => {
    fc.assert(fc.property(heapArb, fc.boolean(), (h, consistent) => {
      const g = build(h, consistent);
      expect(collectorVerdict(g)).toEqual(fullCollectionVerdict(g));
    }), { numRuns: 1000 });
  });

  it('sends only the possibly unreachable objects to the model, and the whole heap when gc_refs < 0', () => {
    const s = new SnapshotBuilder('3.11.7');
    const held = s.chain('Node', 3);
    s.root('module app', 'module', [held[0], 'head']);
    const [a, b] = [s.obj('Node'), s.obj('Node')];
    a.ref(b, 'next');
    b.ref(a, 'prev');
    const g = s.graph();
    const left = possiblyUnreachable(g, examinedObjects(g, profileForGraph(g)));
    expect(Array.from(left!)).toEqual([0, 0, 0, 1, 1]);
    const low = new SnapshotBuilder('3.11.7');
    const [c, d] = [low.obj('Node', { refcount: 0 }), low.obj('Node')];
    c.ref(d).ref(d);
    d.ref(c);
    const lg = low.graph();
    expect(possiblyUnreachable(lg, examinedObjects(lg, profileForGraph(lg)))).toBeNull();
    expect(collectorVerdict(lg)).toEqual(fullCollectionVerdict(lg));
  });
});
