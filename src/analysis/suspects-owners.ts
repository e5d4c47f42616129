// Which object retains each new (or gone) object: Eclipse MAT's "accumulation
// point", found in one pass over the dominator tree in DFS preorder (a
// dominator always comes first). For each object in the set, climb its
// dominators while they are in the set too: the topmost one heads a structure
// that appeared as a whole (an HTTPError with its response and traceback), and
// that head's immediate dominator is the old object that holds it: the list,
// dict or listener collection the program keeps adding to.
// When only the super-root dominates the head (it is reachable from two roots,
// or held straight from one), the shortest retainer path decides instead, as
// memlab does: the nearest ancestor on it that is not in the set.
import type { GraphFacts } from './graph-facts.js';
import { HELD_FROM_OUTSIDE, HELD_NOT } from './retainers.js';

/** Owner codes beyond the object indices 0..n-1. */
export const OWNER_NONE = -1;

export interface Owners {
  /** Per object: the retaining object's index, n for "held from outside the snapshot", n + 1 for "unreachable", OWNER_NONE outside the set. */
  owner: Int32Array;
  /** Per object: the head of its structure (itself when its own dominator is not in the set), -1 outside the set. */
  head: Int32Array;
}

export function ownersOf(f: GraphFacts, inSet: Uint8Array): Owners {
  const g = f.graph;
  const n = g.n;
  const { vertex, idom } = f.dominators.dfs;
  const owner = new Int32Array(n).fill(OWNER_NONE);
  const head = new Int32Array(n).fill(-1);
  for (let w = 1; w < vertex.length; w++) {
    const v = vertex[w];
    if (!inSet[v]) continue;
    const d = idom[w];
    if (d > 0 && inSet[vertex[d]]) {
      head[v] = head[vertex[d]];
      owner[v] = owner[vertex[d]];
      continue;
    }
    head[v] = v;
    owner[v] = d > 0 ? vertex[d] : ownerOnShortestPath(f, inSet, v);
  }
  // Unreachable objects are not in the dominator tree: one group, each its own head.
  for (let v = 0; v < n; v++) if (inSet[v] && f.tree.held[v] === HELD_NOT) { owner[v] = n + 1; head[v] = v; }
  return { owner, head };
}

/** The nearest ancestor on v's shortest retainer path outside the set; else where the path starts. */
function ownerOnShortestPath(f: GraphFacts, inSet: Uint8Array, v: number): number {
  const { parent, held } = f.tree;
  let u = v;
  while (parent[u] >= 0 && inSet[parent[u]]) u = parent[u];
  if (parent[u] >= 0) return parent[u];
  return held[u] === HELD_FROM_OUTSIDE ? f.graph.n : u;
}
