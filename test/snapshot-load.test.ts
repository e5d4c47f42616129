import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../src/snapshot/load.js';
import { typeName, edgeLabelText, type HeapGraph } from '../src/snapshot/graph.js';
import { EDGE_KINDS } from '../src/snapshot/schema.js';
import { InputError } from '../src/errors.js';
import { SnapshotBuilder, toColumnar } from './snapshot-builder.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-load-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

/** The graph as names and ids only (string tables differ between layouts). */
function shape(g: HeapGraph) {
  const objects = Array.from({ length: g.n }, (_, i) => [g.ids[i], typeName(g, i), g.size[i], g.refcount[i], g.gen[i], g.flags[i]]);
  const edges: unknown[] = [];
  for (let i = 0; i < g.n; i++) {
    for (let e = g.firstEdge[i]; e < g.firstEdge[i + 1]; e++) edges.push([g.ids[i], g.ids[g.edgeTo[e]], edgeLabelText(g, e), EDGE_KINDS[g.edgeKind[e]]]);
  }
  return { header: g.header, objects, edges, roots: g.roots };
}

const WAYS = [{ streamAbove: Infinity }, { streamAbove: 0 }, { streamAbove: 0, chunkSize: 1 }, { streamAbove: 0, chunkSize: 7 }];

function sample(): SnapshotBuilder {
  const s = new SnapshotBuilder();
  const cache = s.obj('builtins.dict', { size: 1176 });
  const proto = s.obj('__proto__');
  const ctor = s.obj('constructor', { id: 140234567891234 });
  cache.ref(proto, "'__proto__'", 'value').ref(ctor, '("constructor", 1)', 'value');
  proto.ref(ctor, 'x').ref(proto, 'self', 'attr');
  s.root('module app.cache', 'module', [cache, '_CACHE']);
  return s;
}

describe('loadSnapshot', () => {
  it('reads friendly and columnar layouts, whole or streamed in any chunk size, to the same graph', async () => {
    const d = sample().doc();
    const expected = shape(await loadSnapshot(write('f.json', d), WAYS[0]));
    expect(expected.objects.map((o) => o[1])).toEqual(['builtins.dict', '__proto__', 'constructor']);
    expect(expected.roots).toEqual([{ name: 'module app.cache', kind: 'module', to: [{ index: 0, label: '_CACHE' }] }]);
    const shuffled = toColumnar(d, [2, 0, 3, 1]); // CSR must group by object, keeping file order within each
    for (const way of WAYS) {
      expect(shape(await loadSnapshot(write('f.json', JSON.stringify(d, null, 1)), way))).toEqual(expected);
      expect(shape(await loadSnapshot(write('c.json', toColumnar(d)), way))).toEqual(expected);
      expect(shape(await loadSnapshot(write('s.json', shuffled), way))).toEqual(expected);
    }
  });

  it('does not depend on key order (edges first, counts last, header at the end)', async () => {
    const d = sample().doc();
    const c = toColumnar(d) as unknown as Record<string, unknown>;
    const reorder = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
    const reversed = reorder({ ...c, objects: reorder(c.objects as Record<string, unknown>), edges: reorder(c.edges as Record<string, unknown>) });
    const expected = shape(await loadSnapshot(write('c.json', c), WAYS[0]));
    for (const way of WAYS) expect(shape(await loadSnapshot(write('r.json', reversed), way))).toEqual(expected);
    const f = reorder(d as unknown as Record<string, unknown>);
    for (const way of WAYS) expect(shape(await loadSnapshot(write('fr.json', f), way))).toEqual(expected);
  });

  it('loads the fixtures identically whole and streamed', async () => {
    for (const f of ['cache-before', 'cache-after', 'cycles', 'traps']) {
      const file = `fixtures/snapshots/${f}.json`;
      expect(shape(await loadSnapshot(file, { streamAbove: 0, chunkSize: 13 }))).toEqual(shape(await loadSnapshot(file)));
    }
  });

  it('streams a generated big-ish columnar file with tokens cut at chunk boundaries', async () => {
    const n = 60_000;
    const s = new SnapshotBuilder();
    const objs = Array.from({ length: n }, (_, i) => s.obj(i % 3 ? 'app.Node' : 'builtins.dict', { id: 140_000_000_000_000 + i * 16, size: 40 + (i % 50) }));
    for (let i = 0; i < n; i++) {
      objs[i].ref(objs[(i * 7 + 1) % n], `n${i % 5}`).ref(objs[(i + 1) % n], 'next', 'item').ref(objs[(i * 13) % n], '', 'other');
    }
    s.root('module app', 'module', [objs[0], 'HEAD']);
    const file = write('big.json', toColumnar(s.doc()));
    const whole = await loadSnapshot(file);
    expect(whole.edgeTo.length).toBe(3 * n);
    const columns = (g: HeapGraph) => [g.ids, g.type, g.size, g.refcount, g.gen, g.flags, g.firstEdge, g.edgeTo, g.edgeLabel, g.edgeKind].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64'));
    for (const chunkSize of [4093, 65_537]) {
      const streamed = await loadSnapshot(file, { streamAbove: 0, chunkSize });
      expect(columns(streamed)).toEqual(columns(whole));
      expect(streamed.strings).toEqual(whole.strings);
    }
  });
});

async function loadError(content: unknown, way: object = {}): Promise<string> {
  const file = write('bad.json', content);
  try {
    await loadSnapshot(file, way);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message.replace(file, 'bad.json');
  }
  throw new Error('expected an InputError');
}

/** The same error whether the file is parsed whole or streamed. */
async function bothWays(content: unknown): Promise<string> {
  const whole = await loadError(content, { streamAbove: Infinity });
  const streamed = await loadError(content, { streamAbove: 0, chunkSize: 5 });
  return `${whole}\n${streamed}`;
}

describe('loadSnapshot rejects bad input with file, place and expectation', () => {
  const good = () => sample().doc();
  const columnar = () => toColumnar(good()) as unknown as Record<string, Record<string, unknown>>;

  it('truncated or malformed JSON: line and column', async () => {
    const text = JSON.stringify(good(), null, 1);
    expect(await bothWays(text.slice(0, 200))).toMatch(/^bad\.json: line \d+, column \d+ \(in \$[^)]*\): expected .*got the end of the file \(truncated\?\)\nbad\.json: line \d+, column \d+ \(in \$.*truncated/);
    expect(await loadError('{"format": "gcdiag-snapshot",, }')).toBe('bad.json: line 1, column 30 (in $): expected a key (a quoted string), got ","');
    expect(await loadError('')).toBe('bad.json: line 1, column 1: expected a JSON value, got an empty file');
  });

  it('not a snapshot, unknown version or layout', async () => {
    expect(await bothWays({ ...good(), format: 'chrome-heap' })).toBe('bad.json: $.format: expected "gcdiag-snapshot" (got "chrome-heap"): not a gcdiag snapshot\n'.repeat(2).trim());
    expect(await bothWays({ ...good(), version: 2 })).toMatch(/^bad\.json: \$\.version: expected snapshot format version 1 \(got 2\)/);
    expect(await bothWays({ ...good(), layout: 'rows' })).toMatch(/\$\.layout: expected "friendly" or "columnar" \(got "rows"\)\n.*\$\.layout/);
    expect(await bothWays([1, 2])).toBe('bad.json: $: expected a JSON object (a gcdiag snapshot)\n'.repeat(2).trim());
    const { format: _f, ...noFormat } = good();
    expect(await bothWays(noFormat)).toMatch(/\$\.format: expected "gcdiag-snapshot" \(missing\)/);
  });

  it('dangling edges', async () => {
    const d = good();
    d.edges[1].to = 999;
    expect(await bothWays(d)).toBe('bad.json: $.edges[1].to: expected the id of an object in the snapshot (no object has id 999): a dangling edge\n'.repeat(2).trim());
    const c = columnar();
    (c.edges.to as number[])[2] = 3;
    expect(await bothWays(c)).toBe('bad.json: $.edges.to[2]: expected an object index below 3 (objects.count), got 3: a dangling edge\n'.repeat(2).trim());
    const r = good();
    r.roots[0].to[0].id = 5;
    expect(await bothWays(r)).toMatch(/^bad\.json: \$\.roots\[0\]\.to\[0\]\.id: expected the id of an object in the snapshot \(no object has id 5\)/);
  });

  it('duplicate ids', async () => {
    const d = good();
    d.objects[2].id = d.objects[0].id;
    expect(await bothWays(d)).toBe('bad.json: $.objects[2].id: expected unique ids, but 1 is also the id of $.objects[0]\n'.repeat(2).trim());
    const c = columnar();
    (c.objects.id as number[])[1] = (c.objects.id as number[])[0];
    expect(await bothWays(c)).toBe('bad.json: $.objects.id[1]: expected unique ids, but 1 is also the id at $.objects.id[0]\n'.repeat(2).trim());
  });

  it('columns of mismatched length, missing columns, bad values', async () => {
    const c = columnar();
    (c.objects.type as number[]).pop();
    expect(await bothWays(c)).toBe('bad.json: $.objects.type: expected 3 entries (objects.count), got 2: columns of mismatched length\n'.repeat(2).trim());
    const e = columnar();
    (e.edges.kind as number[]).push(0);
    expect(await bothWays(e)).toMatch(/\$\.edges\.kind: expected 4 entries \(edges\.count\), got 5/);
    const g = columnar();
    (g.objects.gen as number[])[1] = 9;
    expect(await loadError(g, { streamAbove: 0 })).toBe('bad.json: $.objects.gen[1]: expected a generation code from -1 (untracked) to 6 (got 9)');
    const s = columnar();
    (s.objects.id as unknown[])[1] = 'x';
    expect(await loadError(s, { streamAbove: 0 })).toBe('bad.json: $.objects.id[1]: expected an integer (got a string or literal)');
    expect(await loadError(s, { streamAbove: Infinity })).toMatch(/^bad\.json: \$\.objects\.id\[1\]: expected number, received string/);
    const t = columnar();
    (t.objects.type as number[])[0] = 77;
    expect(await bothWays(t)).toMatch(/\$\.objects\.type\[0\]: expected the string index of a type name, 1 to \d+ \(got 77\)/);
    const u = columnar();
    u.objects.extra = [1];
    expect(await loadError(u, { streamAbove: 0 })).toMatch(/\$\.objects\.extra: expected only count and the columns id, type/);
    const { kind: _k, ...noKind } = columnar().edges;
    expect(await bothWays({ ...columnar(), edges: noKind })).toMatch(/\$\.edges\.kind: expected/);
  });

  it('friendly objects that break the schema name the field', async () => {
    const d = good() as unknown as { objects: Record<string, unknown>[] };
    d.objects[1].refcount = -1;
    expect(await bothWays(d)).toMatch(/^bad\.json: \$\.objects\[1\]\.refcount: .*\nbad\.json: \$\.objects\[1\]\.refcount: /);
  });

  it('a missing file', async () => {
    await expect(loadSnapshot(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: no such file/);
  });
});
