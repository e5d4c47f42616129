// A synthetic columnar snapshot for the benchmark: modules hold a random
// spanning tree (every live object reachable), two more random references per
// object knit most of the heap into one big strongly connected component (as
// module/class/function graphs do), and a slice of the heap is two-node garbage
// cycles. Written column by column, never as one string.
import { openSync, writeSync, closeSync } from 'node:fs';
import { rng } from '../gen/random.js';
import { FLAG_GC, FLAG_TRACKED, SNAPSHOT_FORMAT } from '../snapshot/schema.js';

export interface SyntheticOptions {
  objects: number;
  /** About this many references in all (the spanning tree, two random ones per object, random extras). */
  edges: number;
  seed: number;
  /** Share of objects in garbage cycles. */
  garbage: number;
  /** Objects whose type differs from the other variant's (ids "reused" across snapshots). */
  retype?: number;
}

const MODULES = 1000;
const BASE_ID = 0x7f00_0000_0000;

export function writeSyntheticSnapshot(file: string, o: SyntheticOptions): { objects: number; edges: number } {
  const random = rng(o.seed);
  const pick = (k: number) => Math.floor(random() * k);
  const n = o.objects;
  const live = Math.floor(n * (1 - o.garbage));
  const strings = ['', 'builtins.dict', 'builtins.list', 'builtins.tuple', 'builtins.str', 'app.Node', 'app.models.Response'];
  for (let t = 0; t < 200; t++) strings.push(`app.m${t % 20}.Model${t}`);
  const firstLabel = strings.length;
  for (let a = 0; a < 100; a++) strings.push(`attr${a}`);
  const type = new Int32Array(n);
  const size = new Float64Array(n);
  const refcount = new Int32Array(n);
  const gen = new Int8Array(n).fill(2);
  const flags = new Uint8Array(n).fill(FLAG_GC | FLAG_TRACKED);
  const m = o.edges + n; // room for the random extras' spread
  const from = new Uint32Array(m);
  const to = new Uint32Array(m);
  const label = new Int32Array(m);
  const kind = new Uint8Array(m);
  let e = 0;
  const edge = (a: number, b: number) => {
    from[e] = a; to[e] = b; label[e] = pick(3) ? firstLabel + pick(100) : 0; kind[e] = pick(3); e++;
    refcount[b]++;
  };
  for (let i = 0; i < live; i++) {
    const t = 1 + (i % 7 === 0 ? pick(4) : 6 + pick(200));
    type[i] = i < o.objects * (o.retype ?? 0) ? 6 : t; // same random sequence with or without retyping
    size[i] = 16 + pick(1000);
    if (type[i] === 4) { gen[i] = -1; flags[i] = 0; }
  }
  // Edges grouped by source in source order, as a capture writes them (tp_traverse order per object).
  const parent = new Int32Array(live);
  for (let i = MODULES; i < live; i++) parent[i] = pick(i);
  const children = new Uint32Array(live + 1);
  for (let i = MODULES; i < live; i++) children[parent[i] + 1]++;
  for (let i = 0; i < live; i++) children[i + 1] += children[i];
  const kids = new Uint32Array(live);
  const fill = children.slice(0, live);
  for (let i = MODULES; i < live; i++) kids[fill[parent[i]]++] = i;
  // Random extra references, on top of the tree edge and two random ones per object.
  let holders = 0;
  for (let i = 0; i < live; i++) if (type[i] !== 4) holders++;
  const extra = Math.max(0, o.edges - (live - MODULES) - 2 * holders - (n - live));
  for (let i = 0; i < live; i++) {
    for (let k = children[i]; k < children[i + 1]; k++) edge(i, kids[k]);
    if (type[i] === 4) continue; // strings hold nothing
    edge(i, pick(live));
    edge(i, pick(live));
    if (random() * holders < extra) edge(i, pick(live));
  }
  const next = strings.push('next') - 1;
  const prev = strings.push('prev') - 1;
  for (let i = live; i + 1 < n; i += 2) {
    // one leak repeated: Node.next ↔ Node.prev
    type[i] = type[i + 1] = 5;
    size[i] = size[i + 1] = 48;
    edge(i, i + 1);
    label[e - 1] = next; kind[e - 1] = 0;
    edge(i + 1, i);
    label[e - 1] = prev; kind[e - 1] = 0;
  }
  for (let i = 0; i < MODULES; i++) refcount[i]++; // the root reference
  for (let i = 0; i < live; i += 97) refcount[i]++; // held from outside the snapshot
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) ids[i] = BASE_ID + i * 48;
  writeColumnar(file, {
    strings, n, e,
    objects: { id: ids, type, size, refcount, gen, flags },
    edges: { from: from.subarray(0, e), to: to.subarray(0, e), label: label.subarray(0, e), kind: kind.subarray(0, e) },
    roots: Array.from({ length: MODULES }, (_, i) => ({ name: `module app.m${i}`, kind: 'module', to: [{ id: BASE_ID + i * 48, label: 'STATE' }] })),
  });
  return { objects: n, edges: e };
}

type Column = Float64Array | Int32Array | Uint32Array | Int8Array | Uint8Array;

interface ColumnarParts {
  strings: string[];
  n: number;
  e: number;
  objects: Record<string, Column>;
  edges: Record<string, Column>;
  roots: unknown[];
}

function writeColumnar(file: string, p: ColumnarParts): void {
  const fd = openSync(file, 'w');
  const put = (s: string) => writeSync(fd, s);
  const columns = (cols: Record<string, Column>) => {
    Object.entries(cols).forEach(([name, values], k) => {
      put(`${k ? ',\n' : ''}"${name}": [`);
      for (let start = 0; start < values.length; start += 1 << 16) {
        put((start ? ',' : '') + values.subarray(start, start + (1 << 16)).join(','));
      }
      put(']');
    });
  };
  const header = {
    format: SNAPSHOT_FORMAT, version: 1, label: 'synthetic', python: { version: '3.12.3' },
    gc: { enabled: true, thresholds: [2000, 10, 10], counts: [0, 0, 0], stats: [0, 1, 2].map(() => ({ collections: 0, collected: 0, uncollectable: 0 })) },
    collectedFirst: true, layout: 'columnar',
  };
  put(`${JSON.stringify(header).slice(0, -1)},\n"strings": ${JSON.stringify(p.strings)},\n"roots": ${JSON.stringify(p.roots)},\n`);
  put(`"objects": {"count": ${p.n},\n`);
  columns(p.objects);
  put(`},\n"edges": {"count": ${p.e},\n`);
  columns(p.edges);
  put('}}\n');
  closeSync(fd);
}
