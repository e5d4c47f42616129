import { describe, it, expect } from 'vitest';
import { SnapshotBuilder } from './snapshot-builder.js';
import { findCycles, type CycleClass } from '../src/analysis/cycles.js';
import { loadSnapshot } from '../src/snapshot/load.js';
import { cycleText } from '../src/report/why-path.js';

/** Two Resource objects with __del__ pointing at each other, nothing else holding them. */
function delCycle(python: string) {
  const s = new SnapshotBuilder(python);
  const [x, y] = [s.obj('app.Resource', { finalizer: true }), s.obj('app.Resource', { finalizer: true })];
  x.ref(y, 'partner');
  y.ref(x, 'partner');
  return s.graph();
}

describe('find-cycles classification (the model decides garbage)', () => {
  it('classifies the fixture: one of every kind', async () => {
    const r = findCycles(await loadSnapshot('fixtures/snapshots/cycles.json'));
    const byFirstId = new Map(r.groups.map((gr) => [gr.sampleIds[0], gr.class]));
    const expected: [number, CycleClass][] = [
      [200, 'garbage'], [300, 'garbage-finalizers'], [310, 'uncollectable'], [321, 'uncollectable'],
      [400, 'live'], [410, 'live'], [420, 'live'],
    ];
    for (const [id, cls] of expected) expect(byFirstId.get(id)).toBe(cls);
    expect(r.totals.garbage).toEqual({ components: 3, objects: 6, bytes: 288, outsideCycles: 0 });
    const tree = r.groups.find((gr) => gr.sampleIds[0] === 400)!;
    expect(tree.heldBy?.root?.name).toBe('module app.tree');
    expect(r.groups.find((gr) => gr.sampleIds[0] === 321)!.reason).toMatch(/gc\.garbage/);
    expect(r.groups.find((gr) => gr.sampleIds[0] === 310)!.reason).toMatch(/tp_del/);
  });

  it('__del__ cycles: collected since 3.4 (PEP 442), uncollectable before', () => {
    const modern = findCycles(delCycle('3.11.7')).groups[0];
    expect(modern.class).toBe('garbage-finalizers');
    const legacy = findCycles(delCycle('3.3.7'));
    expect(legacy.pep442).toBe(false);
    expect(legacy.groups[0].class).toBe('uncollectable');
    expect(legacy.groups[0].reason).toMatch(/before Python 3\.4/);
  });

  it('a legacy tp_del type and the type named next in the string table stay apart in the model', () => {
    // The model keyed its types by string index * 8 + flag bits (up to 13), so
    // app.Legacy with tp_del and app.Plain shared one type.
    const s = new SnapshotBuilder('3.11.7');
    const legacy = s.obj('app.Legacy', { tp_del: true });
    legacy.ref(legacy, 'me');
    const [a, b] = [s.obj('app.Plain'), s.obj('app.Plain')];
    a.ref(b, 'other');
    b.ref(a, 'other');
    const r = findCycles(s.graph());
    expect(r.groups.map((gr) => [gr.class, gr.types[0].type])).toEqual([['uncollectable', 'app.Legacy'], ['garbage', 'app.Plain']]);
  });

  it('groups 10,000 copies of one leak into one row, whatever their dict keys', () => {
    const s = new SnapshotBuilder();
    for (let k = 0; k < 10_000; k++) {
      const req = s.obj('app.Request');
      const d = s.obj('builtins.dict');
      req.ref(d, '__dict__');
      d.ref(req, `['self_${k}']`, 'value');
    }
    const other = s.obj('app.Node');
    other.ref(other, 'me');
    const r = findCycles(s.graph());
    expect(r.groups.map((gr) => [gr.class, gr.count, gr.members])).toEqual([['garbage', 10_000, 2], ['garbage', 1, 1]]);
    expect(cycleText(r.groups[0].drawing.cycle)).toBe("Request.__dict__ → dict['self_0'] → ↺");
  });

  it('keeps shapes apart when types or attribute names differ', () => {
    const s = new SnapshotBuilder();
    const pair = (t: string, l1: string, l2: string) => {
      const [a, b] = [s.obj(t), s.obj(t)];
      a.ref(b, l1);
      b.ref(a, l2);
    };
    pair('Node', 'next', 'prev');
    pair('Node', 'next', 'prev');
    pair('Node', 'left', 'parent');
    pair('Leaf', 'next', 'prev');
    const r = findCycles(s.graph());
    expect(r.groups.map((gr) => gr.count)).toEqual([2, 1, 1]);
  });

  it('filters by size and limits the rows', () => {
    const s = new SnapshotBuilder();
    const ring = s.chain('Link', 5);
    ring[4].ref(ring[0], 'next');
    const me = s.obj('Solo');
    me.ref(me, 'self');
    expect(findCycles(s.graph(), { minSize: 3 }).groups.map((gr) => gr.members)).toEqual([5]);
    const limited = findCycles(s.graph(), { limit: 1 });
    expect(limited.groups).toHaveLength(1);
    expect(limited.omitted).toBe(1);
    expect(cycleText(findCycles(s.graph(), { minSize: 3 }).groups[0].drawing.cycle)).toBe('(Link.next ×5) → ↺');
  });
});

/**
 * A module whose _CACHE holds n two-Node cycles of a class with an __init__,
 * wired as a capture records it: instance → its type (kind `type`), the class
 * → its __dict__ → the function → __globals__ (and __builtins__) → the module's dict.
 */
function cachedLeak(n: number) {
  const s = new SnapshotBuilder();
  const module = s.obj('builtins.module');
  const globals = s.obj('builtins.dict');
  const builtins = s.obj('builtins.dict');
  const cls = s.obj('builtins.type');
  const mro = s.obj('builtins.tuple');
  const ns = s.obj('builtins.dict');
  const init = s.obj('builtins.function');
  const cache = s.obj('builtins.dict');
  module.ref(globals, '__dict__');
  globals.ref(builtins, '__builtins__').ref(cls, 'Node').ref(cache, '_CACHE');
  cls.ref(mro, '__mro__').ref(ns, '__dict__');
  mro.ref(cls, '[0]', 'item');
  ns.ref(init, '__init__');
  init.ref(globals, '__globals__').ref(builtins, '__builtins__');
  s.root('module app', 'module', [module]);
  for (let k = 0; k < n; k++) {
    const [a, b] = [s.obj('app.Node'), s.obj('app.Node')];
    a.ref(b, 'next').ref(cls, '', 'type');
    b.ref(a, 'next').ref(cls, '', 'type');
    cache.ref(a, `[${k}]`, 'value');
  }
  return s;
}

describe('structural references (an object → its type, a function → its globals) are not followed', () => {
  it('1,000 cached cycles of a class with methods are one row ×1,000, apart from the module', () => {
    const r = findCycles(cachedLeak(1000).graph(), { limit: 50, all: true });
    const nodes = r.groups.find((gr) => gr.types.some((t) => t.type === 'app.Node'))!;
    expect([nodes.class, nodes.count, nodes.members, nodes.types]).toEqual(['live', 1000, 2, [{ type: 'app.Node', count: 2 }]]);
    expect(cycleText(nodes.drawing.cycle)).toBe('Node.next → Node.next → ↺');
    expect(nodes.heldBy?.root?.name).toBe('module app');
    // The class keeps its own cycle (type ↔ __mro__); the module's functions no longer tie it to their globals.
    expect(r.groups.map((gr) => gr.members).sort()).toEqual([2, 2]);
    expect(r.groups.map((gr) => gr.origin)).toEqual(['program', 'interpreter']);
    expect(r.totals.live).toMatchObject({ components: 1001, objects: 2002 });
    // Without --all the class's own cycle is a line of totals, not a row.
    const listed = findCycles(cachedLeak(1000).graph(), { limit: 50 });
    expect(listed.groups.map((gr) => gr.origin)).toEqual(['program']);
    expect(listed.internal).toEqual({ shapes: 1, cycles: 1, objects: 2, bytes: r.groups[1].bytes, listed: false });
  });

  it('the verdict still follows them: a cycle held only through an instance\'s type is live', () => {
    const s = new SnapshotBuilder();
    const cls = s.obj('builtins.type');
    const ns = s.obj('builtins.dict');
    cls.ref(ns, '__dict__');
    const [a, b] = [s.obj('app.Registry'), s.obj('app.Registry')];
    a.ref(b, 'peer');
    b.ref(a, 'peer');
    ns.ref(a, 'default');
    const holder = s.obj('app.Holder');
    holder.ref(cls, '', 'type');
    s.root('module app', 'module', [holder]);
    const r = findCycles(s.graph());
    expect(r.groups.map((gr) => [gr.class, gr.members, gr.heldBy?.root?.name])).toEqual([['live', 2, 'module app']]);
  });
});
