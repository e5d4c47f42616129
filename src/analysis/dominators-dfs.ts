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

/**
 * Iterative DFS from the super-root, whose successors are `starts` in order.
 * Every unvisited successor is pushed (last first, so the first is taken
 * next) with the vertex that found it and its edge range, and numbered when
 * popped unvisited: the same preorder and tree as recursive DFS, but the loads
 * for a vertex's successors are issued together instead of one miss after
 * another when each is reached.
 */
export function depthFirst(g: HeapGraph, starts: Uint32Array): Preorder {
  const n = g.n;
  const { firstEdge, edgeTo } = g;
  const dfnum = new Int32Array(n).fill(-1);
  const vertex = new Int32Array(n + 1);
  const parent = new Int32Array(n + 1);
  vertex[0] = n;
  parent[0] = -1;
  let count = 1;
  // Entries of four: object, DFS number of the finder, first edge, end of edges.
  let stack: Int32Array = new Int32Array(4 * Math.max(1024, starts.length));
  let sp = 0;
  for (let k = starts.length - 1; k >= 0; k--) {
    const r = starts[k];
    stack[sp] = r; stack[sp + 1] = 0; stack[sp + 2] = firstEdge[r]; stack[sp + 3] = firstEdge[r + 1];
    sp += 4;
  }
  while (sp > 0) {
    sp -= 4;
    const v = stack[sp];
    if (dfnum[v] >= 0) continue;
    const w = count++;
    dfnum[v] = w;
    vertex[w] = v;
    parent[w] = stack[sp + 1];
    const from = stack[sp + 2];
    const end = stack[sp + 3];
    if (sp + 4 * (end - from) > stack.length) stack = grown(stack, sp, sp + 4 * (end - from));
    for (let e = end; e-- > from;) {
      const x = edgeTo[e];
      if (dfnum[x] >= 0) continue;
      stack[sp] = x; stack[sp + 1] = w; stack[sp + 2] = firstEdge[x]; stack[sp + 3] = firstEdge[x + 1];
      sp += 4;
    }
  }
  return { dfnum, vertex: vertex.subarray(0, count), parent: parent.subarray(0, count), count };
}

/** a with room for `need` entries, its first `used` kept. */
function grown(a: Int32Array, used: number, need: number): Int32Array {
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new Int32Array(size);
  b.set(a.subarray(0, used));
  return b;
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
