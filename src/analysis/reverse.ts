// Reverse adjacency (who references each object), by counting sort over the
// forward CSR, as DevTools builds retainers: firstIn[n+1], inFrom[], inEdge[].
import type { HeapGraph } from '../snapshot/graph.js';

export interface ReverseEdges {
  /** References to object i are inFrom/inEdge[firstIn[i] .. firstIn[i+1]). */
  firstIn: Uint32Array;
  /** The referencing object. */
  inFrom: Uint32Array;
  /** The forward edge index (for its label and kind). */
  inEdge: Uint32Array;
}

export function reverseEdges(g: HeapGraph): ReverseEdges {
  const { n, firstEdge, edgeTo } = g;
  const m = edgeTo.length;
  const firstIn = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) firstIn[edgeTo[e] + 1]++;
  for (let i = 0; i < n; i++) firstIn[i + 1] += firstIn[i];
  const next = firstIn.slice(0, n);
  const inFrom = new Uint32Array(m);
  const inEdge = new Uint32Array(m);
  for (let v = 0; v < n; v++) {
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) {
      const at = next[edgeTo[e]]++;
      inFrom[at] = v;
      inEdge[at] = e;
    }
  }
  return { firstIn, inFrom, inEdge };
}

/** References recorded to each object: edges (counted from the reverse CSR when there is one) plus named-root references. */
export function recordedReferences(g: HeapGraph, rev?: ReverseEdges): Int32Array {
  const refs = new Int32Array(g.n);
  if (rev) for (let v = 0; v < g.n; v++) refs[v] = rev.firstIn[v + 1] - rev.firstIn[v];
  else for (let e = 0; e < g.edgeTo.length; e++) refs[g.edgeTo[e]]++;
  for (const r of g.roots) for (const t of r.to) refs[t.index]++;
  return refs;
}
