import { describe, it, expect } from 'vitest';
import { SnapshotBuilder } from './snapshot-builder.js';
import { cycleComponents } from '../src/analysis/scc.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { immediateDominator, retainedSize } from '../src/analysis/dominators.js';
import { retainerPath } from '../src/analysis/paths.js';
import { retainedByGroup } from '../src/analysis/retained-groups.js';
import { HELD_BY_ROOT, HELD_BY_GC_GARBAGE, HELD_FROM_OUTSIDE, HELD_NOT } from '../src/analysis/retainers.js';
import { pathText, cycleText } from '../src/report/why-path.js';
import { drawCycle } from '../src/analysis/cycle-draw.js';
import type { HeapGraph } from '../src/snapshot/graph.js';

const at = (g: HeapGraph, id: number) => g.ids.indexOf(id);

describe('cycle components (Tarjan)', () => {
  it('finds two-object cycles and self-references, and nothing in a chain', () => {
    const s = new SnapshotBuilder();
    const [a, b] = [s.obj('Node'), s.obj('Node')];
    a.ref(b, 'next');
    b.ref(a, 'prev');
    const self = s.obj('builtins.list');
    self.ref(self, '[0]', 'item');
    const chain = s.chain('Link', 5);
    chain[4].ref(a, 'tail');
    const g = s.graph();
    const c = cycleComponents(g);
    expect(c.count).toBe(2);
    const members = (k: number) => Array.from(c.members.subarray(c.start[k], c.start[k + 1]), (v) => g.ids[v]).sort();
    expect([members(0), members(1)].sort()).toEqual([[a.id, b.id], [self.id]]);
    for (const o of chain) expect(c.comp[at(g, o.id)]).toBe(-1);
  });

  it('separates cycles joined by a one-way reference, and merges nested ones', () => {
    const s = new SnapshotBuilder();
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((t) => s.obj(t));
    a.ref(b).ref(c);
    b.ref(a);
    c.ref(d);
    d.ref(c).ref(a); // d → a closes a loop through c: all four are one component
    const e = s.obj('E');
    const f = s.obj('F');
    e.ref(f);
    f.ref(e);
    a.ref(e); // one way only
    const g = s.graph();
    const comps = cycleComponents(g);
    expect(comps.count).toBe(2);
    const comp = (o: { id: number }) => comps.comp[at(g, o.id)];
    expect(new Set([a, b, c, d].map(comp)).size).toBe(1);
    expect(comp(e)).toBe(comp(f));
    expect(comp(e)).not.toBe(comp(a));
  });

  it('draws one copy of a cycle with its labels', () => {
    const s = new SnapshotBuilder();
    const t = s.obj('app.Tree');
    const kids = s.obj('builtins.list');
    const child = s.obj('app.Tree');
    t.ref(kids, 'children');
    kids.ref(child, '[0]', 'item');
    child.ref(t, 'parent');
    const g = s.graph();
    const c = cycleComponents(g);
    const d = drawCycle(g, c, 0);
    expect(d.nodes).toHaveLength(3);
    expect(d.edges).toHaveLength(3);
    expect(cycleText(d.cycle)).toMatch(/^(Tree\.children → list\[0\] → Tree\.parent|list\[0\] → Tree\.parent → Tree\.children|Tree\.parent → Tree\.children → list\[0\]) → ↺$/);
  });
});

describe('retainer paths', () => {
  it('are shortest, start at a named root and carry labels', () => {
    const s = new SnapshotBuilder();
    const cache = s.obj('builtins.dict');
    const resp = s.obj('app.models.Response');
    const req = s.obj('app.models.Request');
    cache.ref(resp, "[('/item/7', 7)]", 'value');
    resp.ref(req, 'req');
    const longWay = s.chain('Link', 4);
    longWay[3].ref(req, 'req');
    s.root('module app.cache', 'module', [cache, '_CACHE']);
    s.root('module app.slow', 'module', [longWay[0], 'HEAD']);
    const g = s.graph();
    const f = graphFacts(g);
    const p = retainerPath(g, f.tree, at(g, req.id));
    expect(p.held).toBe('root');
    expect(p.length).toBe(2);
    expect(pathText(p)).toBe("module app.cache → _CACHE → dict[('/item/7', 7)] → Response.req → Request");
  });

  it('prefer real roots over gc.garbage, then objects held from outside; the rest is unreachable', () => {
    const s = new SnapshotBuilder();
    const saved = s.obj('Node');
    const both = s.obj('Node');
    saved.ref(both, 'next');
    const mod = s.obj('builtins.dict');
    mod.ref(both, 'b');
    const ext = s.obj('ext.Handle', { external: 1 });
    const lost = s.obj('Node');
    lost.ref(lost, 'self');
    s.root('gc.garbage', 'garbage', [saved, '[0]']);
    s.root('module app', 'module', [mod, 'STATE']);
    const g = s.graph();
    const { tree } = graphFacts(g);
    expect(tree.held[at(g, saved.id)]).toBe(HELD_BY_GC_GARBAGE);
    expect(tree.held[at(g, both.id)]).toBe(HELD_BY_ROOT);
    expect(tree.held[at(g, ext.id)]).toBe(HELD_FROM_OUTSIDE);
    expect(tree.held[at(g, lost.id)]).toBe(HELD_NOT);
    expect(pathText(retainerPath(g, tree, at(g, ext.id)))).toBe('held from outside the snapshot (refcount 1, 0 recorded) → Handle');
    expect(pathText(retainerPath(g, tree, at(g, lost.id)))).toBe('unreachable: no path from a root to Node');
  });

  it('merge runs of identical steps (a linked list reads as one step)', () => {
    const s = new SnapshotBuilder();
    const links = s.chain('Link', 10);
    s.root('module app', 'module', [links[0], 'HEAD']);
    const g = s.graph();
    const p = retainerPath(g, graphFacts(g).tree, at(g, links[9].id));
    expect(p.steps).toEqual([{ id: links[0].id, type: 'Link', label: 'next', kind: 'attr', repeat: 9 }]);
    expect(pathText(p)).toBe('module app → HEAD → (Link.next ×9) → Link');
  });
});

describe('dominators and retained size', () => {
  it('a diamond is dominated by its top; each side retains only itself', () => {
    const s = new SnapshotBuilder();
    const top = s.obj('Top', { size: 10 });
    const [l, r] = [s.obj('Left', { size: 20 }), s.obj('Right', { size: 30 })];
    const bottom = s.obj('Bottom', { size: 40 });
    top.ref(l).ref(r);
    l.ref(bottom);
    r.ref(bottom);
    s.root('module app', 'module', [top, 'T']);
    const g = s.graph();
    const { dominators: d } = graphFacts(g);
    expect(immediateDominator(d, at(g, bottom.id))).toBe(at(g, top.id));
    expect(immediateDominator(d, at(g, top.id))).toBe(g.n); // the super-root
    expect(retainedSize(d, at(g, top.id))).toBe(100);
    expect(retainedSize(d, at(g, l.id))).toBe(20);
    expect(d.total).toBe(100);
  });

  it('objects held from outside hang off the super-root; unreachable garbage is not in the tree', () => {
    const s = new SnapshotBuilder();
    const held = s.obj('A', { size: 5 });
    const ext = s.obj('B', { size: 7, external: 1 });
    held.ref(ext);
    const [x, y] = [s.obj('C'), s.obj('C')];
    x.ref(y);
    y.ref(x);
    s.root('module m', 'module', [held, 'A']);
    const g = s.graph();
    const { dominators: d } = graphFacts(g);
    expect(immediateDominator(d, at(g, ext.id))).toBe(g.n); // two ways in: the root path and outside
    expect(retainedSize(d, at(g, held.id))).toBe(5);
    expect(immediateDominator(d, at(g, x.id))).toBe(-1);
    expect(retainedSize(d, at(g, x.id))).toBe(0);
  });

  it('an object holding 5,000 others (the DFS stack grows past its first size)', () => {
    const s = new SnapshotBuilder();
    const hub = s.obj('Hub', { size: 1 });
    const leaves = Array.from({ length: 5000 }, () => s.obj('Leaf', { size: 2 }));
    for (const [k, leaf] of leaves.entries()) {
      hub.ref(leaf, `[${k}]`, 'item');
      if (k > 0) leaves[k - 1].ref(leaf, 'next'); // a second way in: the hub still dominates each leaf
    }
    s.root('module m', 'module', [hub, 'HUB']);
    const g = s.graph();
    const { dominators: d } = graphFacts(g);
    for (const leaf of [leaves[0], leaves[2500], leaves[4999]]) {
      expect(immediateDominator(d, at(g, leaf.id))).toBe(at(g, hub.id));
      expect(retainedSize(d, at(g, leaf.id))).toBe(2);
    }
    expect(retainedSize(d, at(g, hub.id))).toBe(1 + 2 * 5000);
    expect(d.preorder.length).toBe(5001);
  });

  it('retained size per type counts nested instances once', () => {
    const s = new SnapshotBuilder();
    const [n1, n2, n3] = [s.obj('Node', { size: 1 }), s.obj('Node', { size: 2 }), s.obj('Node', { size: 4 })];
    const leaf = s.obj('Leaf', { size: 8 });
    n1.ref(n2);
    n2.ref(n3);
    n3.ref(leaf);
    const other = s.obj('Node', { size: 16 });
    s.root('module m', 'module', [n1, 'a'], [other, 'b']);
    const g = s.graph();
    const { dominators } = graphFacts(g);
    const groupOf = Int32Array.from({ length: g.n }, (_, v) => (g.strings[g.type[v]] === 'Node' ? 1 : 0));
    expect(Array.from(retainedByGroup(dominators, groupOf, 2))).toEqual([8, 31]); // Leaf alone; Node: 1 + 2 + 4 + 8 and 16
  });
});
