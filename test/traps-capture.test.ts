// The traps on real captures: lru_cache bounds read at capture time (checked
// against the program's own cache_info() on every CPython 3.8-3.13 installed),
// bounded caches not called leaks unless they grew, and bound methods kept in
// listener registries (a stdlib observer list and logger filters; SQLAlchemy's
// event.listen on Debian's python3).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadSnapshot } from '../src/snapshot/load.js';
import { graphFacts, type GraphFacts } from '../src/analysis/graph-facts.js';
import { why } from '../src/analysis/why.js';
import { trapsOnPath, trapContext } from '../src/analysis/traps.js';
import { EXTRA_PYTHONS, PROGRAMS, PYTHON, pythonName, runPython, tempDir, captureAtExit } from './capture-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Twice { before: string; after: string; side: Record<'before' | 'after', Record<string, { maxsize: number | null; size: number }>> }

function captureTwice(python: string, tag: string): Twice {
  const [before, after, side] = ['before', 'after', 'side'].map((k) => join(dir, `lru-${tag}-${k}.json`));
  const r = runPython([join(PROGRAMS, 'lru_caches.py'), before, after, side], python);
  expect(r.stderr).not.toMatch(/Traceback/);
  expect(r.status).toBe(0);
  return { before, after, side: JSON.parse(readFileSync(side, 'utf8')) };
}

const kinds = (f: GraphFacts, type: string) => why(f, { type }).traps.map((t) => t.kind);

describe('lru_cache bounds read at capture', () => {
  for (const py of [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS]) {
    it.skipIf(!py.exe)(`lruCaches equals the program's cache_info() on ${pythonName(py)}`, async () => {
      const t = captureTwice(py.exe!, py.version);
      for (const when of ['before', 'after'] as const) {
        const g = await loadSnapshot(t[when]);
        const got = Object.fromEntries((g.header.lruCaches ?? []).filter((c) => c.function?.startsWith('__main__.')).map((c) => [c.function, { maxsize: c.maxsize, size: c.size }]));
        expect(got).toEqual(t.side[when]);
      }
    });
  }
});

describe('lru_cache bounds never run the program\'s code', () => {
  it('skips a wrapper built with another info type, and a patched functools._CacheInfo, without calling them', () => {
    const code = [
      'import functools, gc, sys',
      'from gcdiag_capture import _extras',
      'called = []',
      'class Evil(tuple):',
      '    def __new__(cls, *a):',
      '        called.append(a)',
      '        return tuple.__new__(cls, a)',
      'def f(x): return x',
      'w = functools._lru_cache_wrapper(f, 10, False, Evil)',
      'w(1)',
      'ok = functools.lru_cache(maxsize=5)(f)',
      'ok(1)',
      'ids = [c["id"] for c in _extras.collect(gc.get_objects())["lruCaches"]]',
      'assert id(w) not in ids and id(ok) in ids, ids',
      'functools._CacheInfo = Evil',
      'assert "lruCaches" not in _extras.collect(gc.get_objects())',
      'assert called == [], called',
      'print("ok")',
    ].join('\n');
    const r = runPython(['-c', code]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  });
});

describe('lru-cache trap (python3)', () => {
  let b: GraphFacts;
  let a: GraphFacts;
  beforeAll(async () => {
    const t = captureTwice(PYTHON, 'main');
    b = graphFacts(await loadSnapshot(t.before));
    a = graphFacts(await loadSnapshot(t.after));
  });

  it('flags the unbounded cache, with its numbers', () => {
    const t = why(a, { type: 'Loaded' }).traps;
    expect(t.map((x) => x.kind)).toEqual(['lru-cache']);
    expect(t[0].explanation).toContain('lru_cache of __main__.load: unbounded (maxsize=None), 100 entries');
  });

  it('does not flag bounded caches in one snapshot: urlsplit, re templates, a full maxsize=16', () => {
    expect(kinds(a, 'Steady')).toEqual([]);
    expect(kinds(a, 'Looked')).toEqual([]);
    for (const type of ['urllib.parse.SplitResult', 're._compiler.Template', 'builtins.list']) {
      // Whatever of these the version has: no lru-cache trap on their paths.
      let traps: string[] = [];
      try { traps = kinds(a, type); } catch { /* the type is not on this version */ }
      expect(traps).not.toContain('lru-cache');
    }
  });

  it('flags a bounded cache that grew between the snapshots, not one that stayed full', () => {
    const ctx = trapContext(a.graph, b.graph);
    const looked = why(a, { type: 'Looked' }).clusters[0].path;
    const t = trapsOnPath(looked, ctx);
    expect(t.map((x) => x.kind)).toEqual(['lru-cache']);
    expect(t[0].explanation).toContain('bounded (maxsize=1000), 100 entries, grew from 40 between the snapshots');
    expect(trapsOnPath(why(a, { type: 'Steady' }).clusters[0].path, ctx)).toEqual([]);
    expect(trapsOnPath(why(a, { type: 'SplitResult' }).clusters[0].path, ctx)).toEqual([]);
  });

  it('tells bounded from unbounded by shape in a snapshot without lruCaches', async () => {
    const doc = JSON.parse(readFileSync(a.graph.file, 'utf8'));
    delete doc.lruCaches;
    const old = join(dir, 'no-lru-field.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(old, JSON.stringify(doc));
    const f = graphFacts(await loadSnapshot(old));
    expect(f.graph.header.lruCaches).toBeUndefined();
    expect(kinds(f, 'Loaded')).toEqual(['lru-cache']);
    expect(kinds(f, 'Looked')).toEqual([]);
    expect(kinds(f, 'SplitResult')).toEqual([]);
  });
});

describe('listener-holds-self on a stdlib observer list and logger filters', () => {
  let f: GraphFacts;
  beforeAll(async () => {
    const v = captureAtExit('listeners_observer', dir);
    f = graphFacts(await loadSnapshot(join(dir, 'listeners_observer.json')));
    expect(v.ofType('__main__.Report')).toHaveLength(30);
  });

  it('names the registry, the method and the object kept', () => {
    const t = why(f, { type: 'Report' }).traps;
    expect(t.map((x) => x.kind)).toEqual(['listener-holds-self']);
    expect(t[0].via.map((h) => `${h.type}.${h.label}`)).toEqual(['__main__.PriceFeed.observers', 'builtins.list.[1]', 'builtins.method.__self__', '__main__.Report.']);
    expect(t[0].explanation).toContain('weakref.WeakMethod');
  });

  it('gives logging\'s own fix for a logger filter', () => {
    const t = why(f, { type: 'Audit' }).traps;
    expect(t.map((x) => x.kind)).toEqual(['listener-holds-self']);
    expect(t[0].explanation).toContain('logger.removeFilter(obj.method)');
  });

  it('finds conn.close kept by atexit (in the interpreter, outside the snapshot, on 3.11+)', () => {
    const r = why(f, { type: 'Connection' });
    expect(r.count).toBe(4);
    const t = r.traps.find((x) => x.kind === 'listener-holds-self');
    expect(t?.explanation).toContain('atexit.unregister(obj.method)');
  });

  it('finds a signal handler\'s object, kept by the signal module\'s C state', () => {
    const r = why(f, { type: 'Worker' });
    expect(r.count).toBe(1);
    expect(r.traps.find((x) => x.kind === 'listener-holds-self')?.explanation).toContain('signal.signal(signum, signal.SIG_DFL)');
  });

  const py38 = EXTRA_PYTHONS.find((p) => p.version === '3.8')!;
  it.skipIf(!py38.exe)(`finds it as the atexit module's reference on ${pythonName(py38)}`, async () => {
    const sub = join(dir, 'py38');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    captureAtExit('listeners_observer', sub, [], [], py38.exe!);
    const g = graphFacts(await loadSnapshot(join(sub, 'listeners_observer.json')));
    const r = why(g, { type: 'Connection' });
    expect(r.clusters[0].path.steps.map((s) => s.type)).toContain('builtins.module');
    expect(r.traps.find((x) => x.kind === 'listener-holds-self')?.explanation).toContain('atexit.unregister(obj.method)');
    expect(kinds(g, 'Report')).toEqual(['listener-holds-self']);
  });

  it('does not fire for a method kept as an attribute, or a classmethod in the list', () => {
    expect(kinds(f, 'Widget')).toEqual([]);
    const g = f.graph;
    const cls = g.roots.find((r) => r.name === 'module __main__')!.to.find((x) => x.label === 'Defaults')!.index;
    const r = why(f, { id: g.ids[cls] });
    expect(r.paths.some((p) => p.steps.some((s) => s.type === 'builtins.method'))).toBe(true);
    expect(r.traps.map((x) => x.kind)).not.toContain('listener-holds-self');
  });
});

const debianPython = '/usr/bin/python3';
const hasSqlAlchemy = spawnSync(debianPython, ['-c', 'import sqlalchemy'], { encoding: 'utf8' }).status === 0;

describe('listener-holds-self on SQLAlchemy event.listen', () => {
  it.skipIf(!hasSqlAlchemy)('(needs /usr/bin/python3 with python3-sqlalchemy) finds the Repository kept by the engine\'s listener collection, with sqlalchemy.event.remove as the fix', async () => {
    captureAtExit('listeners_sqlalchemy', dir, [], [], debianPython);
    const f = graphFacts(await loadSnapshot(join(dir, 'listeners_sqlalchemy.json')));
    const r = why(f, { type: 'Repository' });
    expect(r.count).toBe(20);
    expect(r.clusters[0].count).toBe(20);
    const t = r.traps.find((x) => x.kind === 'listener-holds-self');
    expect(t, 'trap found').toBeDefined();
    expect(t!.via.map((h) => h.type)).toContain('builtins.method');
    expect(t!.via.at(-1)!.type).toBe('__main__.Repository');
    expect(t!.explanation).toContain('sqlalchemy.event.remove(');
  });
});
