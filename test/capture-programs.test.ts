// Real programs with real leaks, captured with the machine's python3: each
// snapshot validates against the schema and shows the leak by type and label.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FLAG_FINALIZER, FLAG_TP_DEL, FLAG_FINALIZED } from '../src/snapshot/schema.js';
import { loadSnapshot } from '../src/snapshot/load.js';
import { fullCollectionVerdict } from '../src/model/from-graph.js';
import { EXTRA_PYTHONS, captureAtExit, expectInvariants, pythonName, runPython, runSelfCapture, tempDir, type View } from './capture-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const one = (xs: number[]) => { expect(xs).toHaveLength(1); return xs[0]; };

describe('cache_service.py: an unbounded cache and lru_cache on a method', () => {
  let v: View;
  beforeAll(() => { v = captureAtExit('cache_service', dir, [], ['2000']); });

  it('validates and keeps the invariants', () => expectInvariants(v));

  it('names the cache from its module global and labels every entry by key', () => {
    const cache = one(v.ofType('__main__.RequestCache'));
    expect(v.root('module __main__')!.to).toContainEqual({ id: v.id[cache], label: 'cache' });
    const store = one(v.follow(cache, '_store', 'attr'));
    expect(v.type[store]).toBe('builtins.dict');
    const entries = v.out[store].map((k) => v.edges[k]);
    expect(entries).toHaveLength(2000);
    expect(entries.every((e) => e.kind === 'value' && /^\['page:\d+'\]$/.test(e.label))).toBe(true);
    const page = entries.find((e) => e.label === "['page:7']")!.to;
    expect(v.type[page]).toBe('builtins.bytes');
    expect(v.size[page]).toBeGreaterThan(600);
    expect(v.refcount[page]).toBe(1);
  });

  it('shows every PriceService kept alive by the lru_cache', () => {
    expect(v.ofType('__main__.PriceService')).toHaveLength(2000);
    expect(v.ofType('functools._lru_cache_wrapper').length).toBeGreaterThanOrEqual(1);
    expect(v.ofType('__main__.Session')).toHaveLength(50);
  });
});

describe('traps.py: weakref.finalize(obj, obj.close) and stored exceptions', () => {
  let v: View;
  beforeAll(() => { v = captureAtExit('traps', dir); });

  it('validates and keeps the invariants', () => expectInvariants(v));

  it('roots the finalize registry, whose bound-method callbacks hold their objects', () => {
    const root = v.root('weakref.finalize')!;
    const finalizers = root.to.filter((t) => v.type[v.index.get(t.id)!] === 'weakref.finalize');
    expect(finalizers).toHaveLength(3);
    const resources = v.ofType('__main__.Resource');
    expect(resources).toHaveLength(3);
    for (const r of resources) {
      const holders = v.inn[r].map((k) => v.edges[k]).filter((e) => e.kind === 'self');
      expect(holders.map((e) => v.type[e.from])).toEqual(['builtins.method']);
    }
  });

  it('follows an exception to its traceback, frame and the local it keeps', () => expectStoredFrames(v));

  for (const py of EXTRA_PYTHONS) {
    it.skipIf(!py.exe)(`does the same on ${pythonName(py)}`, () => {
      const other = captureAtExit('traps', dir, [], [], py.exe);
      expectInvariants(other);
      expectStoredFrames(other);
    });
  }
});

function expectStoredFrames(v: View): void {
  const errors = v.ofType('builtins.ValueError');
  expect(errors).toHaveLength(5);
  let tb = one(v.follow(errors[0], '__traceback__'));
  while (v.follow(tb, 'tb_next').length) tb = one(v.follow(tb, 'tb_next'));
  const frame = one(v.follow(tb, 'tb_frame'));
  expect(v.type[frame]).toBe('builtins.frame');
  const payload = one(v.follow(frame, 'payload', 'local'));
  expect(v.type[payload]).toBe('builtins.bytes');
  expect(v.size[payload]).toBeGreaterThan(65536);
  expect(v.follow(frame, 'record', 'local')).toHaveLength(1);
}

describe('batch_cycles.py: cycles piling up with the collector off', () => {
  it('holds every dropped batch, and the model finds exactly those unreachable', async () => {
    const v = captureAtExit('batch_cycles', dir);
    expectInvariants(v);
    expect(v.ofType('__main__.Batch')).toHaveLength(51);
    expect(v.ofType('__main__.Record')).toHaveLength(1001);
    const rec = v.ofType('__main__.Record')[0];
    expect(v.type[one(v.follow(rec, 'batch', 'attr'))]).toBe('__main__.Batch');
    expect(v.doc.gc.enabled).toBe(false);

    const g = await loadSnapshot(join(dir, 'batch_cycles.json'));
    const { garbage } = fullCollectionVerdict(g);
    const dead = (name: string) => v.ofType(name).filter((i) => garbage[i]).length;
    expect(dead('__main__.Batch')).toBe(50);
    expect(dead('__main__.Record')).toBe(1000);
  });
});

describe('del_cycles.py: finalizer flags', () => {
  it('flags __del__, generators, legacy tp_del and objects already finalized', () => {
    const v = captureAtExit('del_cycles', dir);
    expectInvariants(v);
    const flags = (t: string) => v.ofType(t).map((i) => v.flags[i]);
    expect(flags('__main__.WithDel').every((f) => (f & FLAG_FINALIZER) !== 0)).toBe(true);
    expect(flags('__main__.Plain').every((f) => (f & FLAG_FINALIZER) === 0)).toBe(true);
    expect(flags('builtins.generator').some((f) => (f & FLAG_FINALIZER) !== 0)).toBe(true);
    const phoenix = flags('__main__.Phoenix');
    expect(phoenix).toHaveLength(1);
    expect(phoenix[0] & FLAG_FINALIZED).toBe(FLAG_FINALIZED);
    const legacy = runPython(['-c', 'import _testcapi; _testcapi.with_tp_del']).status === 0;
    if (legacy) {
      expect(flags('__main__.Legacy')).toHaveLength(1);
      expect(flags('__main__.Legacy')[0] & FLAG_TP_DEL).toBe(FLAG_TP_DEL);
    }
    expect(flags('__main__.WithDel').every((f) => (f & FLAG_TP_DEL) === 0)).toBe(true);
  });
});

describe('threads.py: worker threads allocating during the capture', () => {
  it('is consistent and roots every thread with its frames and their locals', () => {
    const { snap: v, side } = runSelfCapture('threads', dir);
    expectInvariants(v);
    expect(v.n).toBe(side.objects);
    for (const name of side.threads as string[]) {
      const root = v.root(`thread ${name}`)!;
      expect(root.to.some((t) => t.label!.startsWith('work '))).toBe(true);
      const work = v.doc.roots.find((r) => r.name.startsWith('frame work ') && r.name.endsWith(`in thread ${name}`))!;
      expect(work.to.map((t) => t.label).sort()).toEqual(['mine', 'name']);
      expect(v.type[v.index.get(work.to.find((t) => t.label === 'mine')!.id)!]).toBe('builtins.list');
    }
    expect(v.root('thread MainThread')).toBeDefined();
  });
});
