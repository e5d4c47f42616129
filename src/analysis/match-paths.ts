// A stable identity for the objects of a snapshot: the key of the labelled
// path that reaches each one (`module app.cache → _CACHE → dict['/item/7']`),
// with the type of each object on the way. It does not depend on ids, on the
// order of objects or edges in the file, or on which of several shortest paths
// a search happens to find first:
//   key(start) = H(where the path starts, label, type)
//   key(object at depth d) = min over edges u → it with u at depth d-1 of H(key(u), label, kind, type)
// (depth: the breadth-first distance from the starts). Paths start first at
// the named roots; objects none reaches but held from outside the snapshot
// (what static builtin types and C modules hold) start a second search, keyed
// by their type, what they refer to and, for a class object, its name.
// Objects neither reaches (cyclic garbage) get no key.
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import { childKey, hashPair, parentLaneA, parentLaneB, referenceHash, rootKey, stepKey, stringHashes } from './match-hash.js';

/** The key of an object no path reaches. */
export const NO_KEY = -1;
const START_KIND = EDGE_KINDS.length;
const TYPE_KIND = EDGE_KINDS.indexOf('type');

export interface PathKeys {
  /** 53-bit key per object, NO_KEY when no path reaches it. */
  key: Float64Array;
  /** Objects keyed from a named root. */
  fromRoots: number;
  /** Objects keyed from an object held from outside the snapshot. */
  fromOutside: number;
}

class KeySearch {
  readonly key: Float64Array;
  readonly hash: Uint32Array;
  private readonly depth: Int32Array;
  private readonly queue: Int32Array;
  private head = 0;
  private tail = 0;

  constructor(private readonly g: HeapGraph) {
    this.key = new Float64Array(g.n).fill(NO_KEY);
    this.hash = stringHashes(g.strings, addressLabels(g));
    this.depth = new Int32Array(g.n).fill(-1);
    this.queue = new Int32Array(g.n);
  }

  /** Offer object v, not yet keyed, as a start of the next run with key k (the smallest offer wins). */
  start(v: number, k: number): void {
    if (this.depth[v] < 0) {
      this.depth[v] = 0;
      this.key[v] = k;
      this.queue[this.tail++] = v;
    } else if (this.depth[v] === 0 && k < this.key[v]) this.key[v] = k;
  }

  /** Breadth-first from the starts offered since the last run; returns how many objects it keyed. */
  run(): number {
    const first = this.head;
    const { key, hash, depth, queue } = this;
    const { type, firstEdge, edgeTo, edgeLabel, edgeKind } = this.g;
    // FIFO order: every object of depth d is dequeued before any of depth d+1,
    // so an object's key is final (all its parents seen) when it is dequeued.
    for (; this.head < this.tail; this.head++) {
      const u = queue[this.head];
      const next = depth[u] + 1;
      const pa = parentLaneA(key[u]);
      const pb = parentLaneB(key[u]);
      for (let e = firstEdge[u], end = firstEdge[u + 1]; e < end; e++) {
        const w = edgeTo[e];
        const dw = depth[w];
        if (dw >= 0 && dw !== next) continue; // reached by a shorter path (or an earlier search)
        const l = 2 * edgeLabel[e];
        const t = 2 * type[w];
        const k = childKey(pa, pb, hash[l], hash[l + 1], edgeKind[e], hash[t], hash[t + 1]);
        if (dw < 0) {
          depth[w] = next;
          key[w] = k;
          queue[this.tail++] = w;
        } else if (k < key[w]) key[w] = k;
      }
    }
    return this.head - first;
  }
}

/**
 * Labels that are an address: a dict keyed by id(), such as a class's own
 * registry of its subclasses (`[94484879861872]` → weakref). Addresses change
 * from run to run (ASLR), so such a label is hashed as `[id of TYPE]` when an
 * object of the snapshot has that id, else, for a number that can only be an
 * address (8-aligned, at least 2^32: a static type's), as `[an address]`.
 */
function addressLabels(g: HeapGraph): (s: string) => string | undefined {
  const numbers = new Set<number>();
  for (const s of g.strings) if (isNumberLabel(s)) numbers.add(Number(s.slice(1, -1)));
  const typeOfId = new Map<number, string>(); // only for the ids some label names
  if (numbers.size) {
    for (let v = 0; v < g.n; v++) if (numbers.has(g.ids[v])) typeOfId.set(g.ids[v], g.strings[g.type[v]]);
  }
  return (s) => {
    if (!isNumberLabel(s)) return undefined;
    const n = Number(s.slice(1, -1));
    const type = typeOfId.get(n);
    if (type !== undefined) return `[id of ${type}]`;
    return n >= 2 ** 32 && n % 8 === 0 ? '[an address]' : undefined;
  };
}

/** `[140234561234]`: a dict's int key long enough to be an address. */
function isNumberLabel(s: string): boolean {
  return s.length >= 8 && s[0] === '[' && /^\[\d+\]$/.test(s);
}

/** String index of the name of each class object (from its instances' `type` references; 0 when none). */
function classNames(g: HeapGraph): Int32Array {
  const out = new Int32Array(g.n);
  for (let u = 0; u < g.n; u++) {
    for (let e = g.firstEdge[u], end = g.firstEdge[u + 1]; e < end; e++) if (g.edgeKind[e] === TYPE_KIND) out[g.edgeTo[e]] = g.type[u];
  }
  return out;
}

/** outside: 1 for objects held from outside the snapshot (held.ts). */
export function pathKeys(g: HeapGraph, outside: Uint8Array): PathKeys {
  const s = new KeySearch(g);
  const { hash } = s;
  const typeHash = (v: number): [number, number] => [hash[2 * g.type[v]], hash[2 * g.type[v] + 1]];
  for (const r of g.roots) {
    const start = rootKey(r.name);
    for (const to of r.to) s.start(to.index, stepKey(start, ...hashPair(to.label), START_KIND, ...typeHash(to.index)));
  }
  const fromRoots = s.run();
  const names = classNames(g);
  const held = rootKey('held from outside the snapshot');
  for (let v = 0; v < g.n; v++) {
    if (!outside[v] || s.key[v] !== NO_KEY) continue;
    const [a, b] = referenceSums(g, hash, v);
    const name = 2 * names[v];
    s.start(v, stepKey(held, hash[name] ^ a, hash[name + 1] ^ b, START_KIND, ...typeHash(v)));
  }
  return { key: s.key, fromRoots, fromOutside: s.run() };
}

/**
 * What an object refers to, whatever the order: the sum of its references'
 * hashes (label, kind, target type). It tells apart objects held from outside
 * of one type, such as the namespaces of different builtin types.
 */
function referenceSums(g: HeapGraph, hash: Uint32Array, v: number): [number, number] {
  let a = 0;
  let b = 0;
  for (let e = g.firstEdge[v], end = g.firstEdge[v + 1]; e < end; e++) {
    const l = 2 * g.edgeLabel[e];
    const t = 2 * g.type[g.edgeTo[e]];
    a = (a + referenceHash(hash[l], g.edgeKind[e], hash[t])) >>> 0;
    b = (b + referenceHash(hash[l + 1], g.edgeKind[e], hash[t + 1])) >>> 0;
  }
  return [a, b];
}
