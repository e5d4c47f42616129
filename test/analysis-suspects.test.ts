// Leak suspects on heaps built in code: the new objects charged to the old
// object that retains them, churn not mistaken for growth, the path followed
// to the program's own class, allocation sites, --sort and --group-by site.
import { describe, it, expect } from 'vitest';
import { SnapshotBuilder, type Obj } from './snapshot-builder.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { snapshotDiff } from '../src/analysis/diff.js';
import { pathText } from '../src/report/why-path.js';
import { diffReporters } from '../src/report/diff.js';
import { DiffReport } from '../src/report/schemas/diff.js';

/** A service module with a cache dict and an error list; `grow` adds n entries to the list and churns the cache. */
function heap(errors: number, cacheKey: string, opts: { site?: boolean; noise?: number } = {}) {
  const s = new SnapshotBuilder();
  const list = s.obj('builtins.list', { id: 100, size: 88 });
  const cache = s.obj('builtins.dict', { id: 200, size: 232 });
  const noise = s.obj('builtins.list', { id: 300, size: 88 });
  s.root('module app', 'module', [list, 'FAILED'], [cache, 'CACHE'], [noise, 'SEEN']);
  for (let k = 0; k < errors; k++) {
    const e = s.obj('app.HTTPError', { id: 1000 + 10 * k, size: 72, ...(opts.site ? { site: '/srv/lib/requests/models.py:1021' } : {}) });
    const resp = s.obj('app.Response', { id: 1001 + 10 * k, size: 56, ...(opts.site ? { site: '/srv/lib/requests/adapters.py:7' } : {}) });
    const body = s.obj('builtins.bytes', { id: 1002 + 10 * k, size: 500, gc: false });
    list.ref(e, `[${k}]`, 'item');
    e.ref(resp, 'response');
    resp.ref(body, '_content');
  }
  // The cache holds one page under a key that changes: one object replaced by another.
  cache.ref(s.obj('builtins.str', { id: cacheKey === 'a' ? 500 : 501, size: 60, gc: false }), `['${cacheKey}']`, 'value');
  for (let k = 0; k < (opts.noise ?? 0); k++) noise.ref(s.obj('builtins.int', { id: 5000 + k, size: 28, gc: false }), `[${k}]`, 'item');
  return s;
}

const facts = (s: SnapshotBuilder, file: string) => graphFacts(s.graph(file));

describe('leak suspects', () => {
  it('charge the new errors and everything under them to the list that keeps them', () => {
    const d = snapshotDiff(facts(heap(5, 'a'), 'b.json'), facts(heap(25, 'b'), 'a.json'));
    expect(d.nothingGrew).toBe(false);
    expect(d.suspects).toHaveLength(1);
    const [s] = d.suspects;
    expect(s).toMatchObject({ kind: 'object', newObjects: 60, newBytes: 20 * (72 + 56 + 500), goneObjects: 0, heads: 20 });
    expect(s.retainer).toMatchObject({ id: 100, type: 'builtins.list', new: false });
    expect(s.path.count).toBe(20);
    expect(pathText(s.path.path)).toMatch(/^module app → FAILED → list\[\d+\] → HTTPError$/);
    expect(s.types.map((t) => [t.type, t.count])).toEqual([['app.HTTPError', 20], ['app.Response', 20], ['builtins.bytes', 20]]);
    expect(s.sites).toEqual([]);
  });

  it('a replaced cache entry is churn, not growth: "nothing grew"', () => {
    const d = snapshotDiff(facts(heap(5, 'a'), 'b.json'), facts(heap(5, 'b'), 'a.json'));
    expect(d.identity).toMatchObject({ new: 1, gone: 1 });
    expect(d.suspects).toEqual([]);
    expect(d.nothingGrew).toBe(true);
    expect(d.rows).toEqual([]); // str: 1 gone, 1 new, Δ 0 everywhere
    expect(d.unchanged).toBeGreaterThan(0);
    const text = diffReporters.table(d);
    expect(text.split('\n').filter((l) => /Nothing grew/.test(l))).toHaveLength(1);
    expect(text).not.toMatch(/Leak suspects/);
    const json = DiffReport.parse(JSON.parse(diffReporters.json(d)));
    expect(json.nothingGrew).toBe(true);
  });

  it('below --min-growth a retainer is churn; at it, a suspect', () => {
    const before = facts(heap(5, 'a'), 'b.json');
    const after = facts(heap(5, 'a', { noise: 4 }), 'a.json');
    expect(snapshotDiff(before, after).nothingGrew).toBe(false); // 4 more objects in total: the count grew
    expect(snapshotDiff(before, after).suspects).toEqual([]);
    const d = snapshotDiff(before, after, { suspects: { minObjects: 4 } });
    expect(d.suspects.map((s) => [s.retainer?.id, s.newObjects])).toEqual([[300, 4]]);
  });

  it('the biggest growth comes first, whatever the object counts', () => {
    const before = facts(heap(5, 'a'), 'b.json');
    const after = facts(heap(15, 'a', { noise: 40 }), 'a.json');
    const d = snapshotDiff(before, after);
    // 40 ints (1,120 B) under SEEN, 30 objects (6,280 B) under FAILED: bytes decide.
    expect(d.suspects.map((s) => [s.retainer?.id, s.newObjects])).toEqual([[100, 30], [300, 40]]);
    expect(snapshotDiff(before, after, { suspects: { limit: 1 } }).suspectsOmitted).toBe(1);
  });

  it('name the allocation site of the structures the path leads to', () => {
    const d = snapshotDiff(facts(heap(5, 'a', { site: true }), 'b.json'), facts(heap(25, 'a', { site: true }), 'a.json'));
    expect(d.suspects[0].sites).toEqual([{ site: '/srv/lib/requests/models.py:1021', count: 20 }]);
    expect(diffReporters.table(d)).toContain('allocated at: requests/models.py:1021 ×20');
  });

  it('follow a listener wrapper to the object the program leaks (function → cell → method.__self__)', () => {
    const build = (listeners: number) => {
      const s = new SnapshotBuilder();
      const deque = s.obj('collections.deque', { id: 10 });
      s.root('module app', 'module', [deque, 'LISTENERS']);
      for (let k = 0; k < listeners; k++) {
        const f = s.obj('builtins.function', { id: 100 + 10 * k });
        const cell = s.obj('builtins.cell', { id: 101 + 10 * k });
        const m = s.obj('builtins.method', { id: 102 + 10 * k });
        const repo = s.obj('app.OrderRepository', { id: 103 + 10 * k });
        const session = s.obj('app.Session', { id: 104 + 10 * k, size: 400 });
        deque.ref(f, `[${k}]`, 'item');
        f.ref(cell, '__closure__');
        cell.ref(m, 'cell_contents', 'cell');
        m.ref(repo, '__self__', 'self');
        repo.ref(session, 'session');
      }
      return s;
    };
    const d = snapshotDiff(facts(build(3), 'b.json'), facts(build(20), 'a.json'));
    expect(pathText(d.suspects[0].path.path)).toMatch(/deque\[\d+\] → function\.__closure__ → cell\.cell_contents → method\.__self__ → OrderRepository$/);
    expect(d.suspects[0].path.count).toBe(17);
  });

  it('--sort count, bytes and retained order the groups by that Δ', () => {
    const before = facts(heap(5, 'a'), 'b.json');
    const after = facts(heap(15, 'a', { noise: 40 }), 'a.json');
    const order = (sort: 'count' | 'bytes' | 'retained') => snapshotDiff(before, after, { sort }).rows.map((r) => r.name);
    expect(order('count')[0]).toBe('builtins.int');
    expect(order('bytes')[0]).toBe('builtins.bytes');
    expect(order('retained')[0]).toBe('builtins.list'); // the list retains the errors and the ints
    for (const sort of ['count', 'bytes', 'retained'] as const) {
      const key = { count: 'countDelta', bytes: 'bytesDelta', retained: 'retainedDelta' } as const;
      const rows = snapshotDiff(before, after, { sort }).rows;
      for (let k = 1; k < rows.length; k++) expect(rows[k - 1][key[sort]]).toBeGreaterThanOrEqual(rows[k][key[sort]]);
    }
  });

  it('--group-by site sums by allocation site', () => {
    const d = snapshotDiff(facts(heap(5, 'a', { site: true }), 'b.json'), facts(heap(25, 'a', { site: true }), 'a.json'), { groupBy: 'site', sort: 'count' });
    expect(d.rows.map((r) => [r.name, r.countDelta])).toEqual([
      ['(unknown site)', 20], ['/srv/lib/requests/models.py:1021', 20], ['/srv/lib/requests/adapters.py:7', 20], // ties: Δ bytes
    ]);
  });

  it('new cyclic garbage is its own suspect, and says so', () => {
    const before = new SnapshotBuilder();
    before.obj('builtins.list', { id: 1000 });
    const after = new SnapshotBuilder();
    after.obj('builtins.list', { id: 1000 });
    const nodes = after.chain('app.Node', 12);
    nodes[11].ref(nodes[0], 'next');
    const d = snapshotDiff(facts(before, 'b.json'), facts(after, 'a.json'));
    expect(d.suspects.map((s) => [s.kind, s.newObjects])).toEqual([['unreachable', 12]]);
    expect(diffReporters.table(d)).toMatch(/cyclic garbage not yet collected/);
  });
});

describe('why shows allocation sites', () => {
  it('of one object, and the commonest of a type', async () => {
    const { why } = await import('../src/analysis/why.js');
    const { whyReporters } = await import('../src/report/why.js');
    const f = facts(heap(3, 'a', { site: true }), 'a.json');
    const byType = why(f, { type: 'HTTPError' });
    expect(byType.sites).toEqual([{ site: '/srv/lib/requests/models.py:1021', count: 3 }]);
    expect(whyReporters.table(byType)).toMatch(/allocated at\s*│ requests\/models\.py:1021 ×3/);
    const one = why(f, { id: 1001 });
    expect(one.object?.site).toBe('/srv/lib/requests/adapters.py:7');
    expect(whyReporters.table(one)).toMatch(/allocated at\s*│ requests\/adapters\.py:7 /);
    expect(why(facts(heap(3, 'a'), 'b.json'), { type: 'HTTPError' }).sites).toEqual([]);
  });
});

describe('suspect owners (property)', () => {
  it('each object of the set is charged to an ancestor on its shortest path, never past an object outside the set it is dominated by', async () => {
    const fc = (await import('fast-check')).default;
    const { ownersOf } = await import('../src/analysis/suspects-owners.js');
    const { immediateDominator } = await import('../src/analysis/dominators.js');
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 20 }),
      edges: fc.array(fc.tuple(fc.nat(19), fc.nat(19)), { maxLength: 50 }),
      roots: fc.array(fc.nat(19), { maxLength: 3 }),
      external: fc.array(fc.nat(19), { maxLength: 2 }),
      inSet: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    });
    fc.assert(fc.property(arb, (h) => {
      const s = new SnapshotBuilder();
      const ext = new Set(h.external.map((k) => k % h.n));
      const objs: Obj[] = [...Array(h.n).keys()].map((k) => s.obj('A', { external: ext.has(k) ? 1 : 0 }));
      for (const [a, b] of h.edges) objs[a % h.n].ref(objs[b % h.n], `e${b % 3}`);
      if (h.roots.length) s.root('module app', 'module', ...h.roots.map((k): [Obj, string] => [objs[k % h.n], `g${k}`]));
      const f = graphFacts(s.graph());
      const inSet = Uint8Array.from(h.inSet.slice(0, h.n), Number);
      const { owner, head } = ownersOf(f, inSet);
      for (let v = 0; v < h.n; v++) {
        if (!inSet[v]) { expect(owner[v]).toBe(-1); continue; }
        if (f.tree.held[v] === 0) { expect(owner[v]).toBe(h.n + 1); continue; }
        const chain: number[] = [];
        for (let u = v; u >= 0; u = f.tree.parent[u]) chain.push(u);
        if (owner[v] === h.n) expect(chain.every((u) => inSet[u]) && f.tree.outside[chain[chain.length - 1]]).toBeTruthy();
        else expect(chain).toContain(owner[v]);
        // The head is in the set and is v or one of its dominators; the owner is outside the set unless it starts the path.
        expect(inSet[head[v]]).toBe(1);
        let d = v;
        while (d !== head[v] && d >= 0 && d < h.n) d = immediateDominator(f.dominators, d);
        expect(d).toBe(head[v]);
        if (owner[v] < h.n && inSet[owner[v]]) expect(f.tree.parent[owner[v]]).toBe(-1);
        const idom = immediateDominator(f.dominators, head[v]);
        if (idom >= 0 && idom < h.n) expect(owner[v]).toBe(idom);
      }
    }), { numRuns: 300 });
  });
});

describe('snapshot-diff options (built CLI)', () => {
  const S = 'fixtures/snapshots';
  it('--group-by site without tracemalloc, or an unknown --sort: one line, exit 2', async () => {
    const { gcdiag } = await import('./helpers/cli.js');
    const site = gcdiag(['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--group-by', 'site']);
    expect(site.code).toBe(2);
    expect(site.stderr).toMatch(/^gcdiag: fixtures\/snapshots\/cache-before\.json: \$\.tracemalloc: allocation sites for --group-by site: capture with tracemalloc on .*\n$/);
    const sort = gcdiag(['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--sort', 'size']);
    expect(sort.code).toBe(2);
    expect(sort.stderr).toBe('gcdiag: --sort expects retained or count or bytes (got "size")\n');
  });

  it('--suspects 0 hides the suspects without claiming nothing grew', async () => {
    const { gcdiag } = await import('./helpers/cli.js');
    const r = gcdiag(['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--suspects', '0', '--format', 'json']);
    const json = DiffReport.parse(JSON.parse(r.stdout));
    expect(json).toMatchObject({ suspects: [], suspectsOmitted: 1, nothingGrew: false });
  });
});
