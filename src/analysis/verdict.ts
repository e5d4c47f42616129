// What a full collection would free (the model's fullCollectionVerdict), with
// the model run only on the objects it could find unreachable. Building the
// model over a whole million-object heap costs more than every other analysis;
// the reachable bulk is settled first on the CSR, by the same rule as
// deduce_unreachable (CPython 3.11 Modules/gcmodule.c):
//   update_refs + subtract_refs: gc_refs = refcount - references from examined objects;
//   move_unreachable: examined objects with gc_refs > 0, and all they reach
//   through examined objects, are reachable.
// What is left has gc_refs 0 and no reference from the reachable part, so the
// model's own phases (deduce_unreachable, move_legacy_finalizers,
// move_legacy_finalizer_reachable) decide the same on it alone as on the whole.
// A heap recording more references than its refcounts allow (gc_refs < 0)
// makes move_unreachable depend on list order: the whole heap goes to the model.
import type { HeapGraph } from '../snapshot/graph.js';
import { FLAG_GC, FLAG_TRACKED, FLAG_IMMORTAL, GEN_PERMANENT } from '../snapshot/schema.js';
import { fullCollectionVerdict, profileForGraph, type FullCollectionVerdict } from '../model/from-graph.js';
import type { Profile } from '../model/profiles.js';
import { subgraph } from './subgraph.js';

/** The objects a full collection examines: tracked, not frozen (3.12/3.13: not immortal). */
export function examinedObjects(g: HeapGraph, profile: Profile): Uint8Array {
  const examined = new Uint8Array(g.n);
  const immortalOut = profile.immortalToPermanent ? FLAG_IMMORTAL : 0;
  for (let v = 0; v < g.n; v++) {
    const f = g.flags[v];
    examined[v] = (f & FLAG_GC) !== 0 && (f & FLAG_TRACKED) !== 0 && (f & immortalOut) === 0 && g.gen[v] !== GEN_PERMANENT ? 1 : 0;
  }
  return examined;
}

/**
 * 1 for examined objects that deduce_unreachable could leave unreachable; null
 * when some gc_refs is negative (the result then depends on the list order).
 */
export function possiblyUnreachable(g: HeapGraph, examined: Uint8Array): Uint8Array | null {
  const { n, firstEdge, edgeTo } = g;
  const gcRefs = new Int32Array(n);
  for (let v = 0; v < n; v++) if (examined[v]) gcRefs[v] = g.refcount[v];
  for (let v = 0; v < n; v++) {
    if (!examined[v]) continue;
    for (let e = firstEdge[v], end = firstEdge[v + 1]; e < end; e++) gcRefs[edgeTo[e]]--;
  }
  // Breadth-first from gc_refs > 0; `left` starts as the examined set and loses what is reached.
  const left = examined.slice();
  const queue = new Uint32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) {
    if (!examined[v]) continue;
    if (gcRefs[v] < 0) return null;
    if (gcRefs[v] > 0) { left[v] = 0; queue[tail++] = v; }
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let e = firstEdge[v], end = firstEdge[v + 1]; e < end; e++) {
      const w = edgeTo[e];
      if (left[w]) { left[w] = 0; queue[tail++] = w; }
    }
  }
  return left;
}

export function collectorVerdict(g: HeapGraph, profile: Profile = profileForGraph(g)): FullCollectionVerdict {
  const left = possiblyUnreachable(g, examinedObjects(g, profile));
  if (left === null) return fullCollectionVerdict(g, profile);
  const { graph, index } = subgraph(g, left);
  const sub = fullCollectionVerdict(graph, profile);
  const out: FullCollectionVerdict = { garbage: new Uint8Array(g.n), uncollectable: new Uint8Array(g.n) };
  for (let k = 0; k < index.length; k++) {
    out.garbage[index[k]] = sub.garbage[k];
    out.uncollectable[index[k]] = sub.uncollectable[k];
  }
  return out;
}
