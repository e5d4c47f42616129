// find-cycles accounts for every object a full collection finds unreachable:
// cycle members, and the objects in no cycle that garbage keeps, each counted
// with the one shape whose cycles alone keep it, or in a line of its own.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SnapshotBuilder, type Obj } from './snapshot-builder.js';
import { findCycles, type CyclesResult } from '../src/analysis/cycles.js';
import { collectorVerdict } from '../src/analysis/verdict.js';
import type { HeapGraph } from '../src/snapshot/graph.js';

const ALL = { limit: 1_000_000 };

/** Ids find-cycles calls unreachable: every unreachable group's, then every unowned line's. */
function unreachableIds(r: CyclesResult): number[] {
  return [...r.groups.filter((gr) => gr.unreachable).flatMap((gr) => gr.ids!), ...r.unowned.flatMap((u) => u.ids)];
}

function verdictIds(g: HeapGraph): number[] {
  const v = collectorVerdict(g);
  return Array.from(g.ids).filter((_, i) => v.garbage[i] || v.uncollectable[i]);
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('what goes with the garbage cycles', () => {
  it('counts the dicts and lists only garbage keeps with the cycles that keep them (the reviewer\'s app3.py)', () => {
    const s = new SnapshotBuilder();
    for (let k = 0; k < 300; k++) {
      const [n, m] = [s.obj('app.Node', { size: 56 }), s.obj('app.Node', { size: 56 })];
      n.ref(m, 'next');
      m.ref(n, 'next');
      const f = s.obj('app.Fin', { finalizer: true, size: 56 });
      const d = s.obj('builtins.dict', { size: 184 });
      const l = s.obj('builtins.list', { size: 64 });
      f.ref(f, 'self').ref(d, 'd');
      d.ref(l, "['k']", 'value');
    }
    const g = s.graph();
    const r = findCycles(g, ALL);
    const fin = r.groups[0];
    expect([fin.class, fin.count, fin.members]).toEqual(['garbage-finalizers', 300, 1]);
    expect(fin.keeps).toEqual({ objects: 600, bytes: 300 * (184 + 64), types: [{ type: 'builtins.dict', count: 300 }, { type: 'builtins.list', count: 300 }] });
    expect(fin.ids).toHaveLength(900);
    expect(r.groups[1].keeps).toEqual({ objects: 0, bytes: 0, types: [] });
    expect(r.totals['garbage-finalizers']).toEqual({ components: 300, objects: 900, bytes: 300 * (56 + 184 + 64), outsideCycles: 600 });
    expect(r.totals.garbage).toMatchObject({ components: 300, objects: 600, outsideCycles: 0 });
    expect(sorted(unreachableIds(r))).toEqual(sorted(verdictIds(g)));
  });

  it('an object several copies of one shape keep belongs to that shape; one that two shapes keep, to neither', () => {
    const s = new SnapshotBuilder();
    const pair = (t: string) => {
      const [a, b] = [s.obj(t), s.obj(t)];
      a.ref(b, 'peer');
      b.ref(a, 'peer');
      return a;
    };
    const both = s.obj('builtins.dict');
    pair('app.A').ref(both, 'config');
    pair('app.A').ref(both, 'config');
    const shared = s.obj('builtins.list');
    const inner = s.obj('builtins.dict');
    shared.ref(inner, '[0]', 'item');
    pair('app.A').ref(shared, 'log');
    const fin = s.obj('app.Closing', { finalizer: true });
    fin.ref(fin, 'me').ref(shared, 'log');
    const g = s.graph();
    const r = findCycles(g, ALL);
    const a = r.groups.find((gr) => gr.types[0].type === 'app.A')!;
    expect([a.count, a.keeps!.objects]).toEqual([3, 1]); // `both`: kept by two copies of one shape
    expect(r.groups.find((gr) => gr.types[0].type === 'app.Closing')!.keeps!.objects).toBe(0);
    // `shared` and what it holds: kept by two shapes, counted under the first class in the table that keeps them.
    expect(r.unowned.map((u) => [u.class, u.objects, u.ids])).toEqual([['garbage-finalizers', 2, [shared.id, inner.id]]]);
    expect(r.unowned[0].reason).toMatch(/more than one shape/);
    expect(r.totals['garbage-finalizers']).toMatchObject({ objects: 3, outsideCycles: 2 });
    expect(r.totals.garbage).toMatchObject({ objects: 7, outsideCycles: 1 });
    expect(sorted(unreachableIds(r))).toEqual(sorted(verdictIds(g)));
  });

  it('a legacy tp_del object outside any cycle stays uncollectable even when only freed cycles keep it', () => {
    const s = new SnapshotBuilder();
    const [a, b] = [s.obj('app.Node'), s.obj('app.Node')];
    a.ref(b, 'next');
    b.ref(a, 'prev');
    const legacy = s.obj('ext.Legacy', { tp_del: true });
    const held = s.obj('builtins.list');
    a.ref(legacy, 'handle');
    legacy.ref(held, 'items', 'other');
    const g = s.graph();
    const r = findCycles(g, ALL);
    expect(r.groups.map((gr) => [gr.class, gr.keeps?.objects])).toEqual([['garbage', 0]]);
    expect(r.unowned.map((u) => [u.class, u.ids])).toEqual([['uncollectable', [legacy.id, held.id]]]);
    expect(r.unowned[0].reason).toMatch(/legacy finalizer/);
    expect(r.totals.uncollectable).toMatchObject({ components: 0, objects: 2, outsideCycles: 2 });
    expect(sorted(unreachableIds(r))).toEqual(sorted(verdictIds(g)));
  });

  it('garbage tied into a cycle only by a function\'s __globals__ is still a cycle (the structural rule steps aside)', () => {
    // Code exec'd into a namespace that was then dropped: the namespace holds the function, the function its globals.
    const s = new SnapshotBuilder();
    const ns = s.obj('builtins.dict');
    const f = s.obj('builtins.function');
    const code = s.obj('builtins.code', { gc: false, gen: -1 });
    ns.ref(f, "['handler']", 'value');
    f.ref(ns, '__globals__').ref(code, '__code__');
    const g = s.graph();
    const r = findCycles(g, ALL);
    expect(r.groups.map((gr) => [gr.class, gr.members, gr.ids])).toEqual([['garbage', 2, [ns.id, f.id]]]);
    expect(sorted(unreachableIds(r))).toEqual(sorted(verdictIds(g)));
  });

  it('--min-size lists fewer shapes; the totals still count every cycle and what it keeps', () => {
    const s = new SnapshotBuilder();
    const me = s.obj('Solo');
    me.ref(me, 'self').ref(s.obj('builtins.dict'), 'state');
    const ring = s.chain('Link', 3);
    ring[2].ref(ring[0], 'next');
    const r = findCycles(s.graph(), { minSize: 3 });
    expect(r.groups.map((gr) => gr.members)).toEqual([3]);
    expect([r.shapes, r.smaller, r.omitted]).toEqual([2, 1, 0]);
    expect(r.totals.garbage).toMatchObject({ components: 2, objects: 5, outsideCycles: 1 });
  });
});

// Random heaps with finalizers, legacy tp_del, type references and functions' globals.
const TYPES: [string, { finalizer?: boolean; tp_del?: boolean }][] = [
  ['app.A', {}], ['app.B', {}], ['app.Fin', { finalizer: true }], ['ext.Legacy', { tp_del: true }], ['builtins.function', {}], ['builtins.type', {}],
];
const heapArb = fc.record({
  types: fc.array(fc.nat(TYPES.length - 1), { minLength: 1, maxLength: 24 }),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(2)), { maxLength: 50 }),
  roots: fc.array(fc.nat(), { maxLength: 1 }),
});

/** The properties on one heap: unreachable = the verdict's, each once, kept objects owned by the one group that reaches them. */
function expectAccounted(g: HeapGraph): void {
  const r = findCycles(g, ALL);
  const ids = unreachableIds(r);
  expect(sorted(ids)).toEqual(sorted(verdictIds(g)));
  const v = collectorVerdict(g);
  const freed = Array.from(g.ids).filter((_, i) => v.garbage[i]).length;
  expect(r.totals.garbage.objects + r.totals['garbage-finalizers'].objects).toBe(freed);
  // Each kept object: reached (through unreachable objects in no cycle) from its own group's cycles and no other's.
  const index = (id: number) => id - 1;
  const inCycle = new Set(r.groups.flatMap((gr) => (gr.ids ?? []).slice(0, gr.count * gr.members)));
  const unreachable = new Set(ids);
  const reachedBy = (gr: (typeof r.groups)[number]) => {
    const seen = new Set<number>();
    const stack = gr.ids!.slice(0, gr.count * gr.members).map(index);
    while (stack.length) {
      const u = stack.pop()!;
      for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++) {
        const w = g.edgeTo[e];
        const id = g.ids[w];
        if (unreachable.has(id) && !inCycle.has(id) && !seen.has(id)) { seen.add(id); stack.push(w); }
      }
    }
    return seen;
  };
  const reach = r.groups.filter((gr) => gr.unreachable).map((gr) => ({ gr, seen: reachedBy(gr) }));
  for (const { gr } of reach) {
    for (const id of gr.ids!.slice(gr.count * gr.members)) expect(reach.filter((x) => x.seen.has(id)).map((x) => x.gr)).toEqual([gr]);
  }
  for (const u of r.unowned.filter((x) => /more than one/.test(x.reason))) {
    for (const id of u.ids) expect(reach.filter((x) => x.seen.has(id)).length).toBeGreaterThan(1);
  }
}

const edgeTo = (from: Obj, to: Obj, how: number, label: string) => {
  if (how === 1) from.ref(to, '', 'type');
  else if (how === 2) from.ref(to, '__globals__');
  else from.ref(to, label);
};

describe('find-cycles on random heaps (property)', () => {
  it('calls unreachable exactly what the collector finds unreachable, each object once, owned only by what alone keeps it', () => {
    fc.assert(fc.property(heapArb, (h) => {
      const s = new SnapshotBuilder();
      const n = h.types.length;
      const objs: Obj[] = h.types.map((t) => s.obj(TYPES[t][0], TYPES[t][1]));
      for (const [a, b, how] of h.edges) edgeTo(objs[a % n], objs[b % n], how, `e${b % 3}`);
      if (h.roots.length) s.root('module app', 'module', ...h.roots.map((k): [Obj, string] => [objs[k % n], `g${k}`]));
      expectAccounted(s.graph());
    }), { numRuns: 400 });
  });

  it('the same on heaps of small cycles with objects in no cycle hanging off them (shared often)', () => {
    const arb = fc.record({
      cycles: fc.array(fc.array(fc.nat(TYPES.length - 1), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
      loose: fc.array(fc.nat(TYPES.length - 1), { maxLength: 10 }),
      hang: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(2)), { maxLength: 30 }),
      extra: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(2)), { maxLength: 4 }),
      root: fc.option(fc.nat()),
    });
    fc.assert(fc.property(arb, (h) => {
      const s = new SnapshotBuilder();
      const rings = h.cycles.map((ts) => ts.map((t) => s.obj(TYPES[t][0], TYPES[t][1])));
      rings.forEach((ring, k) => ring.forEach((o, i) => o.ref(ring[(i + 1) % ring.length], `r${k % 2}`)));
      const loose = h.loose.map((t) => s.obj(TYPES[t][0], TYPES[t][1]));
      const all = [...rings.flat(), ...loose];
      const nc = all.length - loose.length;
      // Onto loose objects only, and only forwards among them: they stay in no cycle (unless an extra edge closes one).
      if (loose.length) {
        for (const [a, b, how] of h.hang) {
          const from = a % all.length;
          const to = nc + (b % loose.length);
          if (from < to) edgeTo(all[from], all[to], how, `h${b % 2}`);
        }
      }
      for (const [a, b, how] of h.extra) edgeTo(all[a % all.length], all[b % all.length], how, 'x');
      if (h.root !== null) s.root('module app', 'module', [all[h.root % all.length], 'g']);
      expectAccounted(s.graph());
    }), { numRuns: 400 });
  });
});
