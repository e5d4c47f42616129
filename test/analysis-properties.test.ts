// Invariants of the graph analyses on random heaps, checked against naive
// reference computations (fast-check shrinks any counter-example to a tiny graph).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SnapshotBuilder, type Obj } from './snapshot-builder.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { immediateDominator, retainedSize, superRootStarts } from '../src/analysis/dominators.js';
import { cycleComponents } from '../src/analysis/scc.js';
import { snapshotDiff } from '../src/analysis/diff.js';
import { retainedByGroup } from '../src/analysis/retained-groups.js';
import type { HeapGraph } from '../src/snapshot/graph.js';

const TYPES = ['A', 'B', 'C', 'builtins.str'];

const heapArb = fc.record({
  types: fc.array(fc.nat(TYPES.length - 1), { minLength: 1, maxLength: 24 }),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
  roots: fc.array(fc.nat(), { maxLength: 4 }),
  external: fc.array(fc.nat(), { maxLength: 3 }),
  sizes: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 24, maxLength: 24 }),
});
type HeapSpec = typeof heapArb extends fc.Arbitrary<infer T> ? T : never;

function build(h: HeapSpec, ids?: number[]): HeapGraph {
  const s = new SnapshotBuilder();
  const n = h.types.length;
  const ext = new Set(h.external.map((k) => k % n));
  const objs: Obj[] = h.types.map((t, k) => s.obj(TYPES[t], { size: h.sizes[k], external: ext.has(k) ? 1 : 0, id: ids?.[k] }));
  for (const [a, b] of h.edges) objs[a % n].ref(objs[b % n], `e${b % 3}`);
  if (h.roots.length) s.root('module app', 'module', ...h.roots.map((k): [Obj, string] => [objs[k % n], `g${k}`]));
  return s.graph();
}

function successors(g: HeapGraph, v: number): number[] {
  return Array.from(g.edgeTo.subarray(g.firstEdge[v], g.firstEdge[v + 1]));
}

function reachableFrom(g: HeapGraph, from: number[]): Set<number> {
  const seen = new Set(from);
  const queue = [...from];
  while (queue.length) for (const w of successors(g, queue.shift()!)) if (!seen.has(w)) { seen.add(w); queue.push(w); }
  return seen;
}

/** Dominator sets by the textbook dataflow iteration, super-root = n. */
function naiveDominators(g: HeapGraph, starts: number[]): Map<number, Set<number>> {
  const s = g.n;
  const reach = reachableFrom(g, starts);
  const preds = new Map<number, number[]>([...reach].map((v) => [v, starts.includes(v) ? [s] : []]));
  for (const v of reach) for (const w of successors(g, v)) preds.get(w)!.push(v);
  const dom = new Map<number, Set<number>>([[s, new Set([s])]]);
  for (const v of reach) dom.set(v, new Set([s, ...reach]));
  for (let changed = true; changed;) {
    changed = false;
    for (const v of reach) {
      const ps = preds.get(v)!;
      const next = new Set([...dom.get(ps[0])!].filter((d) => ps.every((p) => dom.get(p)!.has(d))));
      next.add(v);
      if (next.size !== dom.get(v)!.size) { dom.set(v, next); changed = true; }
    }
  }
  dom.delete(s);
  return dom;
}

describe('dominator tree (property)', () => {
  it('matches the dataflow definition, and idom lies on the BFS retainer path', () => {
    fc.assert(fc.property(heapArb, (h) => {
      const g = build(h);
      const f = graphFacts(g);
      const starts = Array.from(superRootStarts(g, f.tree.outside));
      const dom = naiveDominators(g, starts);
      for (let v = 0; v < g.n; v++) {
        const doms = dom.get(v);
        if (!doms) {
          expect(immediateDominator(f.dominators, v)).toBe(-1);
          continue;
        }
        // idom: the strict dominator dominated by all the others (the largest dominator set).
        const strict = [...doms].filter((d) => d !== v);
        const idom = strict.reduce((best, d) => ((dom.get(d)?.size ?? 1) > (dom.get(best)?.size ?? 1) ? d : best));
        expect(immediateDominator(f.dominators, v)).toBe(idom);
        let retained = 0;
        for (const [u, du] of dom) if (du.has(v)) retained += g.size[u];
        expect(retainedSize(f.dominators, v)).toBe(retained);
        const onPath = new Set<number>([g.n]);
        for (let u = v; u >= 0; u = f.tree.parent[u]) onPath.add(u);
        expect(onPath.has(immediateDominator(f.dominators, v))).toBe(true);
      }
    }), { numRuns: 300 });
  });
});

describe('retained size per group (property)', () => {
  it('is the size of everything some member dominates, each object once', () => {
    fc.assert(fc.property(heapArb, fc.array(fc.nat(2), { minLength: 24, maxLength: 24 }), (h, groupPick) => {
      const g = build(h);
      const f = graphFacts(g);
      const dom = naiveDominators(g, Array.from(superRootStarts(g, f.tree.outside)));
      const groupOf = Int32Array.from({ length: g.n }, (_, v) => groupPick[v]);
      const expected = [0, 0, 0];
      for (const [u, du] of dom) {
        for (let grp = 0; grp < 3; grp++) if ([...du].some((d) => d < g.n && groupOf[d] === grp)) expected[grp] += g.size[u];
      }
      expect(Array.from(retainedByGroup(f.dominators, groupOf, 3))).toEqual(expected);
    }), { numRuns: 300 });
  });
});

describe('cycle components (property)', () => {
  it('group exactly the mutually reachable objects, and keep only real cycles', () => {
    fc.assert(fc.property(heapArb, (h) => {
      const g = build(h);
      const c = cycleComponents(g);
      const reach = Array.from({ length: g.n }, (_, v) => reachableFrom(g, successors(g, v)));
      for (let u = 0; u < g.n; u++) {
        expect(c.comp[u] >= 0).toBe(reach[u].has(u)); // on a cycle iff it reaches itself
        for (let v = 0; v < g.n; v++) {
          if (u !== v && c.comp[u] >= 0) expect(c.comp[u] === c.comp[v]).toBe(reach[u].has(v) && reach[v].has(u));
        }
      }
      let members = 0;
      for (let k = 0; k < c.count; k++) {
        for (let i = c.start[k]; i < c.start[k + 1]; i++) expect(c.comp[c.members[i]]).toBe(k);
        members += c.start[k + 1] - c.start[k];
      }
      expect(members).toBe(Array.from(c.comp).filter((x) => x >= 0).length);
    }), { numRuns: 300 });
  });
});

describe('snapshot diff (property)', () => {
  it('counts add up: survivors = before - gone = after - new, totals match the snapshots', () => {
    fc.assert(fc.property(heapArb, heapArb, fc.array(fc.nat(40), { minLength: 24, maxLength: 24 }), (hb, ha, idPool) => {
      // after-ids drawn from a pool overlapping the before-ids 1..n, some repeated kinds and types: reuse happens.
      const afterIds = [...new Set(idPool.map((x) => x + 1))];
      const ha2 = { ...ha, types: ha.types.slice(0, afterIds.length) };
      const before = build(hb, hb.types.map((_, k) => k + 1));
      const after = build(ha2, afterIds);
      const d = snapshotDiff(graphFacts(before), graphFacts(after), { top: 1000 });
      for (const r of d.rows) expect(r.countBefore - r.gone).toBe(r.countAfter - r.new);
      expect(d.total.countBefore).toBe(before.n);
      expect(d.total.countAfter).toBe(after.n);
      expect(d.identity.same + d.identity.new).toBe(after.n);
      expect(d.identity.same + d.identity.gone).toBe(before.n);
      expect(d.identity.same + d.identity.reusedOtherType + d.identity.reusedResized).toBeLessThanOrEqual(Math.min(before.n, after.n));
    }), { numRuns: 200 });
  });
});
