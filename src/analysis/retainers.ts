// Shortest retainer paths for every object at once: breadth-first search from
// the named roots (iterative, over the forward CSR), in three phases so each
// object is explained by the strongest reason it is alive:
//   1. roots other than gc.garbage (modules, threads, frames, finalizers …);
//   2. gc.garbage (alive only because the collector, or DEBUG_SAVEALL, kept it);
//   3. objects held from outside the snapshot (refcount > recorded references).
// One pass is O(objects + edges); a path is then read off the parent links.
import type { HeapGraph } from '../snapshot/graph.js';
import { heldFromOutside, type OutsideReferences } from './held.js';
import type { ReverseEdges } from './reverse.js';

export const HELD_NOT = 0;
export const HELD_BY_ROOT = 1;
export const HELD_BY_GC_GARBAGE = 2;
export const HELD_FROM_OUTSIDE = 3;

export interface RetainerTree extends OutsideReferences {
  /** HELD_* for each object; HELD_NOT means unreachable (a full collection would examine it). */
  held: Uint8Array;
  /** Previous object on a shortest path (-1 where the path starts). */
  parent: Int32Array;
  /** The edge from parent (-1 where the path starts). */
  parentEdge: Int32Array;
  /** Where a path starts: the index into g.roots (-1 when held from outside). */
  startRoot: Int32Array;
  /** References on the shortest path. */
  depth: Int32Array;
}

export function retainerTree(g: HeapGraph, rev?: ReverseEdges): RetainerTree {
  const n = g.n;
  const t: RetainerTree = {
    held: new Uint8Array(n), parent: new Int32Array(n).fill(-1), parentEdge: new Int32Array(n).fill(-1),
    startRoot: new Int32Array(n).fill(-1), depth: new Int32Array(n), ...heldFromOutside(g, rev),
  };
  const { firstEdge, edgeTo } = g;
  const { held: heldBy, parent, parentEdge, depth } = t;
  // Entries of four: object, depth, first edge, end of edges, read when the
  // object is queued (those loads overlap; when it is dequeued they would be
  // one miss after another).
  const queue = new Int32Array(4 * n);
  const phase = (held: number, seed: (add: (v: number, root: number) => void) => void) => {
    let head = 0;
    let tail = 0;
    seed((v, root) => {
      if (t.held[v]) return;
      t.held[v] = held;
      t.startRoot[v] = root;
      queue[tail] = v; queue[tail + 1] = 0; queue[tail + 2] = firstEdge[v]; queue[tail + 3] = firstEdge[v + 1];
      tail += 4;
    });
    for (; head < tail; head += 4) {
      const v = queue[head];
      const d = queue[head + 1] + 1;
      for (let e = queue[head + 2], end = queue[head + 3]; e < end; e++) {
        const w = edgeTo[e];
        if (heldBy[w]) continue;
        heldBy[w] = held;
        parent[w] = v;
        parentEdge[w] = e;
        depth[w] = d;
        queue[tail] = w; queue[tail + 1] = d; queue[tail + 2] = firstEdge[w]; queue[tail + 3] = firstEdge[w + 1];
        tail += 4;
      }
    }
  };
  const fromRoots = (garbage: boolean) => (add: (v: number, root: number) => void) =>
    g.roots.forEach((r, ri) => { if ((r.kind === 'garbage') === garbage) for (const to of r.to) add(to.index, ri); });
  phase(HELD_BY_ROOT, fromRoots(false));
  phase(HELD_BY_GC_GARBAGE, fromRoots(true));
  phase(HELD_FROM_OUTSIDE, (add) => { for (let v = 0; v < n; v++) if (t.outside[v]) add(v, -1); });
  return t;
}
