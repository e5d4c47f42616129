// The two inputs of the dominator computation, in DFS numbers: the depth-first
// numbering from the super-root, and every reachable object's predecessors
// (renumbered once, so the semidominator pass reads them in order instead of
// chasing object indices all over the heap).
import type { HeapGraph } from '../snapshot/graph.js';
import type { ReverseEdges } from './reverse.js';

export interface Preorder {
  /** DFS number of each object (-1: unreachable); the super-root is number 0. */
  dfnum: Int32Array;
  /** Object of each DFS number (vertex[0] = n, the super-root). */
  vertex: Int32Array;
  /** DFS-tree parent, as a DFS number (-1 for the super-root). */
  parent: Int32Array;
  /** Reachable objects + 1. */
  count: number;
}

/** Iterative DFS from the super-root, whose successors are `starts` in order. */
export function depthFirst(g: HeapGraph, starts: Uint32Array): Preorder {
  const n = g.n;
  const { firstEdge, edgeTo } = g;
  const dfnum = new Int32Array(n).fill(-1);
  const vertex = new Int32Array(n + 1);
  const parent = new Int32Array(n + 1);
  const onStack = new Int32Array(n);
  const cursor = new Uint32Array(n);
  vertex[0] = n;
  parent[0] = -1;
  let count = 1;
  for (const r of starts) {
    if (dfnum[r] >= 0) continue;
    dfnum[r] = count;
    vertex[count] = r;
    parent[count++] = 0;
    onStack[0] = r;
    cursor[0] = firstEdge[r];
    let sp = 1;
    while (sp > 0) {
      const v = onStack[sp - 1];
      const end = firstEdge[v + 1];
      let e = cursor[sp - 1];
      let w = -1;
      while (e < end) {
        const x = edgeTo[e++];
        if (dfnum[x] < 0) { w = x; break; }
      }
      if (w < 0) { sp--; continue; }
      cursor[sp - 1] = e;
      dfnum[w] = count;
      vertex[count] = w;
      parent[count++] = dfnum[v];
      onStack[sp] = w;
      cursor[sp++] = firstEdge[w];
    }
  }
  return { dfnum, vertex: vertex.subarray(0, count), parent: parent.subarray(0, count), count };
}

/** Predecessors by DFS number: from[first[w] .. first[w+1]) are the numbers of w's reachable predecessors (0 for the super-root). */
export function predecessorsInPreorder(g: HeapGraph, rev: ReverseEdges, starts: Uint32Array, dfs: Preorder): { first: Uint32Array; from: Int32Array } {
  const { dfnum, vertex, count: N } = dfs;
  const { firstIn, inFrom } = rev;
  const isStart = new Uint8Array(g.n);
  for (const v of starts) isStart[v] = 1;
  const first = new Uint32Array(N + 1);
  const from = new Int32Array(inFrom.length + starts.length);
  let at = 0;
  for (let w = 1; w < N; w++) {
    first[w] = at;
    const v = vertex[w];
    if (isStart[v]) from[at++] = 0;
    for (let k = firstIn[v], end = firstIn[v + 1]; k < end; k++) {
      const p = dfnum[inFrom[k]];
      if (p >= 0) from[at++] = p;
    }
  }
  first[N] = at;
  return { first, from };
}
