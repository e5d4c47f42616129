// A full snapshot counted for the gate. Every object gets a fate:
//   live          reached from a followed root without passing through a
//                 suppressed cache, or held from outside the snapshot;
//   suppressed    reached only through suppressed caches or roots (an object
//                 held from outside that a cache also holds is the cache's);
//   uncollectable held by gc.garbage, or what a full collection would move
//                 there (legacy tp_del; the model's collector decides);
//   garbage       what a full collection frees (the find-cycles verdict).
// Only live objects are counted per type: cyclic garbage is never a leak.
import type { HeapGraph } from '../snapshot/graph.js';
import { recordedReferences } from '../analysis/reverse.js';
import { FLAG_IMMORTAL } from '../snapshot/schema.js';
import { fullCollectionVerdict, profileForGraph } from '../model/from-graph.js';
import { subgraph } from '../analysis/subgraph.js';
import { cycleComponents } from '../analysis/scc.js';
import { suppressionBlocks } from './snapshot-marks.js';
import type { Suppression } from './suppressions.js';
import { addTally, type Census, type Tally } from './census.js';

export const FATE_LIVE = 1;
export const FATE_SUPPRESSED = 2;
export const FATE_UNCOLLECTABLE = 3;
export const FATE_GARBAGE = 4;

/** A block mark no suppression entry uses (entries are numbered from 1). */
const GC_GARBAGE_LIST = 255;

export interface SnapshotCensus { census: Census; fate: Uint8Array }

/**
 * Breadth-first from the seeded objects over those with fate 0 (and not
 * blocked), giving them `fate`. `queue` has room for every object: each is
 * queued at most once over all the spreads.
 */
function spread(g: HeapGraph, fate: Uint8Array, value: number, blocked: Uint8Array | null, queue: Int32Array, seed: (add: (v: number) => void) => void): void {
  let tail = 0;
  const add = (v: number) => {
    if (fate[v] || (blocked && blocked[v])) return;
    fate[v] = value;
    queue[tail++] = v;
  };
  seed(add);
  const { firstEdge, edgeTo } = g;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let e = firstEdge[v], end = firstEdge[v + 1]; e < end; e++) {
      const w = edgeTo[e];
      if (fate[w] || (blocked && blocked[w])) continue;
      fate[w] = value;
      queue[tail++] = w;
    }
  }
}

export function snapshotCensus(g: HeapGraph, entries: readonly Suppression[]): SnapshotCensus {
  const { blocked, skippedRoot } = suppressionBlocks(g, entries);
  // gc.garbage is also the global `garbage` of module gc: what it holds is uncollectable, not live.
  const gcGarbage = g.roots.find((r) => r.kind === 'module' && r.name === 'module gc')?.to.find((t) => t.label === 'garbage')?.index;
  if (gcGarbage !== undefined) blocked[gcGarbage] = GC_GARBAGE_LIST;
  const fate = new Uint8Array(g.n);
  const queue = new Int32Array(g.n);
  const recorded = recordedReferences(g);
  const outside = (v: number) => g.refcount[v] > recorded[v] || (g.flags[v] & FLAG_IMMORTAL) !== 0;
  spread(g, fate, FATE_LIVE, blocked, queue, (add) => {
    g.roots.forEach((r, i) => { if (r.kind !== 'garbage' && !skippedRoot[i]) for (const t of r.to) add(t.index); });
  });
  spread(g, fate, FATE_UNCOLLECTABLE, null, queue, (add) => {
    for (const r of g.roots) if (r.kind === 'garbage') for (const t of r.to) add(t.index);
  });
  // What the caches and skipped roots hold, credited to the entry that reached it first.
  const suppressedBy = new Uint8Array(g.n);
  for (let v = 0; v < g.n; v++) if (!fate[v] && blocked[v] && blocked[v] !== GC_GARBAGE_LIST) suppressedBy[v] = blocked[v];
  if (gcGarbage !== undefined && !fate[gcGarbage]) fate[gcGarbage] = FATE_LIVE;
  g.roots.forEach((r, i) => { if (skippedRoot[i]) for (const t of r.to) if (!fate[t.index] && !suppressedBy[t.index]) suppressedBy[t.index] = skippedRoot[i]; });
  creditSuppressed(g, fate, suppressedBy, queue);
  // Held from outside the snapshot, and not already explained by a cache (an
  // lru_cache's linked list holds its entries by references no traverse shows).
  spread(g, fate, FATE_LIVE, blocked, queue, (add) => {
    for (let v = 0; v < g.n; v++) if (outside(v)) add(v);
  });
  settleUnreached(g, fate);
  return { census: tally(g, fate, suppressedBy, entries), fate };
}

/**
 * What no root, cache, gc.garbage or outside reference reaches: nothing
 * settled refers to it (every spread followed every reference out of what it
 * settled) and its refcount is all recorded references, so the collector's
 * verdict on it alone is its verdict in the whole heap (as verdict.ts argues
 * for what possiblyUnreachable leaves), without a pass over the rest.
 */
function settleUnreached(g: HeapGraph, fate: Uint8Array): void {
  const left = new Uint8Array(g.n);
  let any = false;
  for (let v = 0; v < g.n; v++) if (!fate[v]) { left[v] = 1; any = true; }
  if (!any) return;
  const { graph, index } = subgraph(g, left);
  const verdict = fullCollectionVerdict(graph, profileForGraph(g));
  // Neither garbage nor uncollectable: kept by a reference the snapshot does not show; count it live.
  for (let k = 0; k < index.length; k++) {
    fate[index[k]] = verdict.uncollectable[k] ? FATE_UNCOLLECTABLE : verdict.garbage[k] ? FATE_GARBAGE : FATE_LIVE;
  }
}

/** Breadth-first from the blocked objects: what they hold is suppressed, credited to the entry that reached it first. */
function creditSuppressed(g: HeapGraph, fate: Uint8Array, credit: Uint8Array, queue: Int32Array): void {
  let tail = 0;
  for (let v = 0; v < g.n; v++) if (credit[v]) { fate[v] = FATE_SUPPRESSED; queue[tail++] = v; }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let e = g.firstEdge[v], end = g.firstEdge[v + 1]; e < end; e++) {
      const w = g.edgeTo[e];
      if (fate[w]) continue;
      fate[w] = FATE_SUPPRESSED;
      credit[w] = credit[v];
      queue[tail++] = w;
    }
  }
}

function tally(g: HeapGraph, fate: Uint8Array, credit: Uint8Array, entries: readonly Suppression[]): Census {
  const byType = new Float64Array(g.strings.length * 2);
  const uncollectable = new Map<string, number>();
  let garbage = 0;
  let garbageBytes = 0;
  let unc = 0;
  const garbageMask = new Uint8Array(g.n);
  for (let v = 0; v < g.n; v++) {
    const f = fate[v];
    if (f === FATE_LIVE) { byType[2 * g.type[v]]++; byType[2 * g.type[v] + 1] += g.size[v]; } else if (f === FATE_GARBAGE) {
      garbage++;
      garbageBytes += g.size[v];
      garbageMask[v] = 1;
    } else if (f === FATE_UNCOLLECTABLE) {
      unc++;
      const t = g.strings[g.type[v]];
      uncollectable.set(t, (uncollectable.get(t) ?? 0) + 1);
    }
  }
  const live = new Map<string, Tally>();
  for (let t = 0; t < g.strings.length; t++) if (byType[2 * t]) addTally(live, g.strings[t], byType[2 * t], byType[2 * t + 1]);
  const h = g.header;
  return {
    file: g.file, kind: 'snapshot', python: h.python.version, pid: h.pid ?? null, test: null, run: null, warmup: null, live,
    garbage: { objects: garbage, bytes: garbageBytes, cycles: garbage ? cycleComponents(subgraph(g, garbageMask).graph).count : 0 },
    uncollectable: { objects: unc, types: uncollectable },
    suppressed: suppressedCounts(g, credit, entries),
  };
}

/** Suppressed objects per entry id. */
function suppressedCounts(g: HeapGraph, credit: Uint8Array, entries: readonly Suppression[]): Map<string, number> {
  const per = new Float64Array(entries.length + 1);
  for (let v = 0; v < g.n; v++) per[credit[v]]++;
  const out = new Map<string, number>();
  entries.forEach((s, k) => { if (per[k + 1]) out.set(s.id, per[k + 1]); });
  return out;
}
