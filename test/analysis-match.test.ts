// Matching objects across processes (match-*.ts, identity.ts): path keys do
// not depend on ids or file order, a leak's extra objects are exactly the new
// ones, and what no path reaches is reported, not counted.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SnapshotBuilder, type Obj } from './snapshot-builder.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { heldFromOutside } from '../src/analysis/held.js';
import { pathKeys, NO_KEY } from '../src/analysis/match-paths.js';
import { matchKeys } from '../src/analysis/match-keys.js';
import { sameProcess } from '../src/analysis/match-process.js';
import { matchSnapshots } from '../src/analysis/identity.js';
import { snapshotDiff } from '../src/analysis/diff.js';
import type { HeapGraph } from '../src/snapshot/graph.js';
import type { SnapshotHeader } from '../src/snapshot/schema.js';

const TYPES = ['A', 'B', 'builtins.dict', 'builtins.str'];
const LABELS = ['', 'next', 'items', "['/item/7']"];

const heapArb = fc.record({
  types: fc.array(fc.nat(TYPES.length - 1), { minLength: 1, maxLength: 30 }),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(LABELS.length - 1)), { maxLength: 80 }),
  roots: fc.array(fc.tuple(fc.nat(), fc.nat(2)), { minLength: 1, maxLength: 4 }),
  external: fc.array(fc.nat(), { maxLength: 3 }),
  order: fc.array(fc.double({ noNaN: true }), { minLength: 30, maxLength: 30 }),
  edgeOrder: fc.array(fc.double({ noNaN: true }), { minLength: 80, maxLength: 80 }),
});
type HeapSpec = typeof heapArb extends fc.Arbitrary<infer T> ? T : never;

/** Positions 0..n-1 sorted by the random weights: a permutation. */
function permutation(n: number, weights: number[]): number[] {
  return Array.from({ length: n }, (_, k) => k).sort((x, y) => weights[x] - weights[y] || x - y);
}

/**
 * The heap of the spec, its objects written in `order` with ids from `idBase`
 * and its edges in `edgeOrder`, as another process would lay out one heap.
 * Returns the graph and the graph index of each spec object.
 */
function build(h: HeapSpec, pid: number, shuffle: boolean, idBase: number): { g: HeapGraph; at: number[] } {
  const s = new SnapshotBuilder();
  const n = h.types.length;
  const ext = new Set(h.external.map((k) => k % n));
  const order = shuffle ? permutation(n, h.order) : permutation(n, []);
  const objs: Obj[] = new Array(n);
  const at: number[] = new Array(n);
  order.forEach((k, pos) => {
    objs[k] = s.obj(TYPES[h.types[k]], { external: ext.has(k) ? 1 : 0, id: idBase + 16 * pos });
    at[k] = pos;
  });
  const edges = shuffle ? permutation(h.edges.length, h.edgeOrder) : permutation(h.edges.length, []);
  for (const e of edges) {
    const [a, b, l] = h.edges[e];
    objs[a % n].ref(objs[b % n], LABELS[l], l === 3 ? 'value' : l === 0 ? 'item' : 'attr');
  }
  const rootNames = ['module app', 'module app.cache', 'thread MainThread'];
  for (const [k, r] of h.roots) s.root(rootNames[r], 'module', [objs[k % n], `g${k % 5}`]);
  const g = s.graph();
  g.header.pid = pid;
  return { g, at };
}

const outside = (g: HeapGraph) => heldFromOutside(g).outside;

describe('path keys (property)', () => {
  it('do not depend on ids, object order or edge order', () => {
    fc.assert(fc.property(heapArb, (h) => {
      const one = build(h, 1, false, 1 << 20);
      const two = build(h, 2, true, 2 ** 40);
      const k1 = pathKeys(one.g, outside(one.g)).key;
      const k2 = pathKeys(two.g, outside(two.g)).key;
      for (let k = 0; k < h.types.length; k++) expect(k2[two.at[k]]).toBe(k1[one.at[k]]);
    }));
  });

  it('two processes with one heap: every object with a path is matched, none new or gone', () => {
    fc.assert(fc.property(heapArb, (h) => {
      const one = build(h, 1, false, 1 << 20);
      const two = build(h, 2, true, 2 ** 40);
      const m = matchSnapshots(one.g, two.g, [outside(one.g), outside(two.g)]);
      const keyed = Array.from(pathKeys(one.g, outside(one.g)).key).filter((k) => k !== NO_KEY).length;
      expect(m).toMatchObject({ method: 'path', sameProcess: false, same: keyed, unmatchedBefore: one.g.n - keyed, unmatchedAfter: one.g.n - keyed });
      expect(m.isNew.every((x) => x === 0) && m.survivesBefore.every((x) => x === 1)).toBe(true);
    }));
  });
});

describe('matching by path', () => {
  /** module app.cache → _CACHE → dict['/item/k'] → Item → list, for k < items. */
  function cacheHeap(items: number, pid: number, idBase: number, extra: (s: SnapshotBuilder) => void = () => {}): HeapGraph {
    const s = new SnapshotBuilder();
    const cache = s.obj('builtins.dict', { id: idBase });
    for (let k = 0; k < items; k++) {
      const item = s.obj('app.Item', { id: idBase + 16 * (2 * k + 1) });
      cache.ref(item, `['/item/${k}']`, 'value');
      item.ref(s.obj('builtins.list', { id: idBase + 16 * (2 * k + 2) }), 'payload');
    }
    s.root('module app.cache', 'module', [cache, '_CACHE']);
    extra(s);
    const g = s.graph();
    g.header.pid = pid;
    return g;
  }

  it('a run that caches 3 more items has exactly 3 new Items and 3 new lists, whatever the ids', () => {
    const d = snapshotDiff(graphFacts(cacheHeap(5, 100, 1 << 20)), graphFacts(cacheHeap(8, 200, 1 << 24)));
    expect(d.rows.find((r) => r.name === 'app.Item')).toMatchObject({ countDelta: 3, new: 3, gone: 0 });
    expect(d.rows.find((r) => r.name === 'builtins.list')).toMatchObject({ countDelta: 3, new: 3, gone: 0 });
    expect(d.identity).toMatchObject({ same: 11, new: 6, gone: 0 });
    expect(d.matching).toMatchObject({ method: 'path', unmatchedBefore: 0, unmatchedAfter: 0 });
    expect(d.notes[0]).toMatch(/^the snapshots come from different processes \(pids 100 and 200\): objects were matched by their labelled path.*\(every object has such a path\)/);
  });

  it('one pid and almost no id in common (two container runs, before process tokens): the notes suggest --match path', () => {
    const d = snapshotDiff(graphFacts(cacheHeap(600, 1, 1 << 20)), graphFacts(cacheHeap(600, 1, 1 << 24)));
    expect(d.identity).toMatchObject({ same: 0 });
    expect(d.matching.method).toBe('id');
    expect(d.notes[0]).toBe('only 0 objects kept their id, though the snapshots look like one process (pid 1 in both): if they come from two runs, use --match path');
  });

  it('the same heap in one process (same pid) is matched by id, as before', () => {
    const m = matchSnapshots(cacheHeap(5, 100, 1 << 20), cacheHeap(5, 100, 1 << 24), [new Uint8Array(11), new Uint8Array(11)]);
    expect(m).toMatchObject({ method: 'id', same: 0, sameProcess: true });
    const forced = matchSnapshots(cacheHeap(5, 100, 1 << 20), cacheHeap(5, 100, 1 << 24), [new Uint8Array(11), new Uint8Array(11)], 'path');
    expect(forced).toMatchObject({ method: 'path', same: 11 });
  });

  it('a cycle no root reaches is counted neither new nor gone, and the notes say how many', () => {
    const garbage = (s: SnapshotBuilder) => {
      const a = s.obj('app.Node');
      a.ref(s.obj('app.Node').ref(a, 'next'), 'next');
    };
    const d = snapshotDiff(graphFacts(cacheHeap(2, 1, 1 << 20)), graphFacts(cacheHeap(2, 2, 1 << 24, garbage)));
    expect(d.rows.find((r) => r.name === 'app.Node')).toMatchObject({ countDelta: 2, new: 0, gone: 0 });
    expect(d.identity).toMatchObject({ new: 0, gone: 0 });
    expect(d.matching).toMatchObject({ unmatchedBefore: 0, unmatchedAfter: 2 });
    expect(d.notes.some((n) => n.startsWith('0 objects before and 2 objects after could not be matched'))).toBe(true);
  });

  it('set members of one type share a path: paired by count, the surplus new', () => {
    const heap = (members: number, pid: number) => {
      const s = new SnapshotBuilder();
      const set = s.obj('builtins.set');
      for (let k = 0; k < members; k++) set.ref(s.obj('builtins.str', { gc: false }), '', 'item');
      s.root('module app', 'module', [set, 'SEEN']);
      const g = s.graph();
      g.header.pid = pid;
      return g;
    };
    const m = matchSnapshots(heap(4, 1), heap(6, 2), [new Uint8Array(5), new Uint8Array(7)]);
    expect(m).toMatchObject({ same: 5, sharedPath: 4 });
    expect(Array.from(m.isNew).filter(Boolean)).toHaveLength(2);
  });

  it('a dict keyed by id() matches across runs although the addresses differ', () => {
    const heap = (base: number, pid: number) => {
      const s = new SnapshotBuilder();
      const cls = s.obj('builtins.type', { id: base });
      const reg = s.obj('builtins.dict', { id: base + 16 });
      reg.ref(s.obj('weakref.ReferenceType', { id: base + 32 }), `[${base}]`, 'value'); // {id(cls): ref}
      reg.ref(s.obj('weakref.ReferenceType', { id: base + 48 }), `[${2 ** 46 + base}]`, 'value'); // a static type's address
      s.root('module app', 'module', [cls, 'Base'], [reg, 'REGISTRY']);
      const g = s.graph();
      g.header.pid = pid;
      return g;
    };
    const m = matchSnapshots(heap(2 ** 40, 1), heap(2 ** 41, 2), [new Uint8Array(4), new Uint8Array(4)]);
    expect(m).toMatchObject({ method: 'path', same: 4, sharedPath: 0 });
  });

  it('objects held from outside are told apart by what they refer to', () => {
    const s = new SnapshotBuilder();
    const a = s.obj('builtins.dict', { external: 1 });
    const b = s.obj('builtins.dict', { external: 1 });
    a.ref(s.obj('builtins.wrapper_descriptor'), '__add__', 'value');
    b.ref(s.obj('builtins.wrapper_descriptor'), '__len__', 'value');
    const g = s.graph();
    const k = pathKeys(g, outside(g));
    expect(k).toMatchObject({ fromRoots: 0, fromOutside: 4 });
    expect(new Set(k.key).size).toBe(4);
  });
});

describe('matchKeys', () => {
  it('pairs up to the smaller count per key, in file order', () => {
    const m = matchKeys(Float64Array.of(5, 7, 7, NO_KEY, 9), Float64Array.of(7, 5, 11, NO_KEY, NO_KEY));
    expect(Array.from(m.survivesBefore)).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(m.isNew)).toEqual([0, 0, 1, 0, 0]);
    expect(m).toMatchObject({ same: 2, sharedKey: 1, gone: 2, new: 1, unkeyedBefore: 1, unkeyedAfter: 2 });
  });
});

describe('sameProcess', () => {
  const h = (pid?: number, process?: string) => ({ pid, process }) as SnapshotHeader;
  it('trusts the process token over the pid (containers run every program as pid 1)', () => {
    expect(sameProcess(h(1, 'aa'), h(1, 'bb'))).toEqual({ same: false, evidence: 'same pid 1, different process tokens' });
    expect(sameProcess(h(1, 'aa'), h(1, 'aa')).same).toBe(true);
  });
  it('falls back to the pid, then to one process', () => {
    expect(sameProcess(h(10), h(11))).toEqual({ same: false, evidence: 'pids 10 and 11' });
    expect(sameProcess(h(10), h(10)).same).toBe(true);
    expect(sameProcess(h(), h(10))).toEqual({ same: true, evidence: 'no process recorded' });
  });
});
