// Reverse adjacency (who references each object), by counting sort over the
// forward CSR, as DevTools builds retainers: firstIn[n+1], inFrom[]. The edge
// itself is not kept (a third of the random writes): referenceTo finds it.
import type { HeapGraph } from '../snapshot/graph.js';

export interface ReverseEdges {
  /** References to object i come from inFrom[firstIn[i] .. firstIn[i+1]). */
  firstIn: Uint32Array;
  /** The referencing object, once per reference, in order of object then edge (counting sort: stable). */
  inFrom: Uint32Array;
}

export function reverseEdges(g: HeapGraph): ReverseEdges {
  const { n, firstEdge, edgeTo } = g;
  const m = edgeTo.length;
  const firstIn = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) firstIn[edgeTo[e] + 1]++;
  for (let i = 0; i < n; i++) firstIn[i + 1] += firstIn[i];
  const next = firstIn.slice(0, n);
  const inFrom = new Uint32Array(m);
  for (let v = 0; v < n; v++) {
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) inFrom[next[edgeTo[e]]++] = v;
  }
  return { firstIn, inFrom };
}

/** The first reference from u to w (the one listed first for w in the reverse CSR), or -1. */
export function referenceTo(g: HeapGraph, u: number, w: number): number {
  for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++) if (g.edgeTo[e] === w) return e;
  return -1;
}

/** References recorded to each object: edges (counted from the reverse CSR when there is one) plus named-root references. */
export function recordedReferences(g: HeapGraph, rev?: ReverseEdges): Int32Array {
  const refs = new Int32Array(g.n);
  if (rev) for (let v = 0; v < g.n; v++) refs[v] = rev.firstIn[v + 1] - rev.firstIn[v];
  else for (let e = 0; e < g.edgeTo.length; e++) refs[g.edgeTo[e]]++;
  for (const r of g.roots) for (const t of r.to) refs[t.index]++;
  return refs;
}
