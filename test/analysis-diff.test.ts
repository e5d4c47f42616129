import { describe, it, expect } from 'vitest';
import { SnapshotBuilder } from './snapshot-builder.js';
import { loadSnapshot } from '../src/snapshot/load.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { snapshotDiff } from '../src/analysis/diff.js';
import { pathText } from '../src/report/why-path.js';

const facts = async (name: string) => graphFacts(await loadSnapshot(`fixtures/snapshots/${name}.json`));

describe('snapshot-diff', () => {
  it('the cache fixture: Requests grow by 5, one of them at the reused id of a dead list', async () => {
    const d = snapshotDiff(await facts('cache-before'), await facts('cache-after'), { sort: 'count' });
    const req = d.rows.find((r) => r.name === 'app.models.Request')!;
    expect(req).toMatchObject({ countBefore: 2, countAfter: 7, countDelta: 5, new: 5, gone: 0, bytesDelta: 5 * 56 });
    expect(req.retainedAfter).toBe(7 * 56 + 6 * 184); // requests and their headers dicts
    expect(d.rows[0].name).toBe('app.models.Request'); // sorted by growth
    const list = d.rows.find((r) => r.name === 'builtins.list')!;
    expect(list).toMatchObject({ countBefore: 1, countAfter: 0, gone: 1 });
    expect(d.identity).toEqual({ same: 16, reusedOtherType: 1, reusedResized: 0, new: 25, gone: 1 });
    expect(d.notes[0]).toMatch(/^1 id was reused by objects of another type/);
    expect(pathText(d.paths[0].path)).toBe("module app.cache → _CACHE → dict[('/item/3', 3)] → Response.req → Request");
    expect(d.paths[0]).toMatchObject({ group: 'app.models.Request', count: 4, of: 5 }); // the fifth is held another way
  });

  it('an id kept by a str of another size is a new object; a list may grow in place', () => {
    const before = new SnapshotBuilder();
    before.obj('builtins.str', { id: 7, size: 50, gc: false });
    before.obj('builtins.list', { id: 8, size: 88 });
    const after = new SnapshotBuilder();
    after.obj('builtins.str', { id: 7, size: 60, gc: false });
    after.obj('builtins.list', { id: 8, size: 120 });
    const d = snapshotDiff(graphFacts(before.graph('b.json')), graphFacts(after.graph('a.json')));
    expect(d.rows.find((r) => r.name === 'builtins.str')).toMatchObject({ new: 1, gone: 1, countDelta: 0 });
    expect(d.rows.find((r) => r.name === 'builtins.list')).toMatchObject({ new: 0, gone: 0, bytesDelta: 32 });
    expect(d.identity.reusedResized).toBe(1);
    expect(d.notes.some((n) => /same immutable type but another size/.test(n))).toBe(true);
  });

  it('groups by module, limits rows and keeps totals over all rows', async () => {
    const d = snapshotDiff(await facts('cache-before'), await facts('cache-after'), { groupBy: 'module', top: 1 });
    expect(d.rows.map((r) => r.name)).toEqual(['builtins']);
    expect(d.omitted).toBe(2);
    expect(d.total.countAfter).toBe(41);
    expect(d.total.retainedAfter).toBe(d.after.bytes); // everything in the after snapshot is reachable
  });

  it('warns when the after snapshot was not preceded by gc.collect()', () => {
    const s = new SnapshotBuilder();
    s.obj('A');
    const d = snapshotDiff(graphFacts(s.graph()), graphFacts(s.graph()));
    expect(d.notes).toEqual([expect.stringMatching(/without gc\.collect\(\) first/)]);
    expect(d.paths).toEqual([]);
  });

  it('type names like __proto__ and constructor are just names', () => {
    const b = new SnapshotBuilder();
    b.obj('__proto__', { id: 1 });
    const a = new SnapshotBuilder();
    a.obj('__proto__', { id: 1 });
    a.obj('constructor', { id: 2 });
    a.obj('toString', { id: 3 });
    const d = snapshotDiff(graphFacts(b.graph()), graphFacts(a.graph()));
    expect(d.rows.map((r) => [r.name, r.countBefore, r.countAfter])).toEqual([['constructor', 0, 1], ['toString', 0, 1]]);
    expect(d.unchanged).toBe(1); // __proto__: Δ 0, not shown
    expect(({} as Record<string, unknown>).countBefore).toBeUndefined();
  });
});
