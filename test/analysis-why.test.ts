import { describe, it, expect } from 'vitest';
import { SnapshotBuilder } from './snapshot-builder.js';
import { loadSnapshot } from '../src/snapshot/load.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { why, UnknownObject } from '../src/analysis/why.js';
import { trapsOnPath } from '../src/analysis/traps.js';
import { pathText } from '../src/report/why-path.js';
import type { RetainerPath } from '../src/analysis/paths.js';

const traps = async () => graphFacts(await loadSnapshot('fixtures/snapshots/traps.json'));

describe('why', () => {
  it('flags weakref.finalize(c, c.close): the callback holds its own referent', async () => {
    const r = why(await traps(), { type: 'Connection' });
    expect(r.types).toEqual(['app.db.Connection']);
    expect(r.traps.map((t) => t.kind)).toEqual(['finalize-holds-referent']);
    expect(r.traps[0].via.map((h) => h.label)).toEqual(['func', '__self__']);
    expect(pathText(r.clusters[0].path)).toBe('weakref.finalize → _registry → dict[<key of type weakref.finalize>] → _Info.func → method.__self__ → Connection');
  });

  it('flags lru_cache on a method holding self, and stored exceptions holding frames', async () => {
    const f = await traps();
    expect(why(f, { type: 'app.service.Service' }).traps.map((t) => t.kind)).toEqual(['lru-cache-holds-self']);
    const payload = why(f, { type: 'Payload' });
    expect(payload.traps.map((t) => t.kind)).toEqual(['exception-holds-frames']);
    expect(payload.retained).toBe(48 + 80056);
    expect(payload.largest[0].dominator).toEqual({ id: 702, type: 'builtins.frame' });
  });

  it('an exception kept anywhere is flagged for the frames its traceback holds', async () => {
    const r = why(await traps(), { type: 'ValueError' });
    expect(r.traps.map((t) => [t.kind, t.via.map((h) => h.label)])).toEqual([['exception-holds-frames', ['__traceback__', 'tb_frame', '']]]);
  });

  it('--id: one shortest path per root reference, roots before gc.garbage', () => {
    const s = new SnapshotBuilder();
    const target = s.obj('app.Target');
    const viaA = s.obj('builtins.list');
    viaA.ref(target, '[0]', 'item');
    const viaB = s.chain('Link', 3);
    viaB[2].ref(target, 'target');
    s.root('gc.garbage', 'garbage', [viaA, '[0]']);
    s.root('module app.b', 'module', [viaB[0], 'B']);
    s.root('module app.a', 'module', [target, 'DIRECT']);
    const r = why(graphFacts(s.graph()), { id: target.id });
    expect(r.paths.map(pathText)).toEqual([
      'module app.a → DIRECT → Target',
      'module app.b → B → Link.next → Link.next → Link.target → Target',
      'gc.garbage → [0] → list[0] → Target',
    ]);
    expect(r.object?.dominator).toBeNull();
  });

  it('--id of an unreachable object says whether the collector would free it', () => {
    const s = new SnapshotBuilder();
    const [a, b] = [s.obj('Node'), s.obj('Node')];
    a.ref(b, 'next');
    b.ref(a, 'prev');
    const r = why(graphFacts(s.graph()), { id: a.id });
    expect(r.paths).toEqual([]);
    expect(r.object).toMatchObject({ held: 'unreachable', garbage: true, retained: 0 });
  });

  it('--type clusters instances by path shape and counts what holds them', () => {
    const s = new SnapshotBuilder();
    const cache = s.obj('builtins.dict');
    for (let k = 0; k < 5; k++) cache.ref(s.obj('app.Request'), `['/item/${k}']`, 'value');
    const current = s.obj('app.Request');
    const lost = s.obj('app.Request');
    lost.ref(lost, 'me');
    s.root('module app.cache', 'module', [cache, '_CACHE']);
    s.root('module app.main', 'module', [current, 'CURRENT']);
    const r = why(graphFacts(s.graph()), { type: 'Request' });
    expect(r.count).toBe(7);
    expect(r.clusters.map((c) => [c.count, pathText(c.path)])).toEqual([
      [5, "module app.cache → _CACHE → dict['/item/0'] → Request"],
      [1, 'module app.main → CURRENT → Request'],
      [1, 'unreachable: no path from a root to Request'],
    ]);
    expect(r.heldBy).toEqual({ root: 6, 'gc.garbage': 0, outside: 0, unreachable: 1 });
    expect(r.unreachableGarbage).toBe(1);
  });

  it('a short type name matches the qualified one even when a label has that name', () => {
    const s = new SnapshotBuilder();
    const cls = s.obj('builtins.type');
    const r = s.obj('__main__.Resource');
    s.root('module __main__', 'module', [cls, 'Resource'], [r, 'r']);
    expect(why(graphFacts(s.graph()), { type: 'Resource' }).types).toEqual(['__main__.Resource']);
  });

  it('unknown ids and types are reported with similar names', async () => {
    const f = await traps();
    expect(() => why(f, { id: 1 })).toThrow(UnknownObject);
    try {
      why(f, { type: 'connection' });
    } catch (e) {
      expect((e as UnknownObject).suggestions).toEqual(['app.db.Connection']);
    }
  });
});

describe('trap rules', () => {
  const path = (steps: [string, string, string][], target: string, root = { name: 'module m', kind: 'module', label: 'X' }): RetainerPath => ({
    held: 'root', root, target: { id: 1, type: target }, length: steps.length,
    steps: steps.map(([type, label, kind], k) => ({ id: k + 10, type, label, kind, repeat: 1 })),
  });

  it('finalize arguments are flagged more cautiously than a bound method __self__', () => {
    const args = path([['weakref.finalize._Info', 'args', 'slot'], ['builtins.tuple', '[0]', 'item']], 'app.File');
    expect(trapsOnPath(args).map((t) => t.kind)).toEqual(['finalize-holds-arguments']);
  });

  it('a plain lru_cache (no self in the key) is a milder finding', () => {
    const p = path([['functools._lru_cache_wrapper', '', 'other'], ['builtins.dict', '[42]', 'value']], 'app.Result');
    expect(trapsOnPath(p).map((t) => t.kind)).toEqual(['lru-cache']);
  });

  it('no false alarms on ordinary paths', () => {
    const p = path([['builtins.dict', "['k']", 'value'], ['app.Node', 'next', 'attr'], ['builtins.frame', 'x', 'local']], 'app.Node');
    expect(trapsOnPath(p)).toEqual([]);
  });
});
