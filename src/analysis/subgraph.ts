// The part of a heap snapshot induced by a set of objects: those objects in
// their order, and the references among them in each object's own order (the
// traverse order the model relies on). Roots are dropped.
import type { HeapGraph } from '../snapshot/graph.js';

export function subgraph(g: HeapGraph, keep: Uint8Array): { graph: HeapGraph; index: Uint32Array } {
  const newIndex = new Int32Array(g.n).fill(-1);
  let n = 0;
  for (let v = 0; v < g.n; v++) if (keep[v]) newIndex[v] = n++;
  const index = new Uint32Array(n);
  for (let v = 0; v < g.n; v++) if (keep[v]) index[newIndex[v]] = v;
  const firstEdge = new Uint32Array(n + 1);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const v = index[k];
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) if (keep[g.edgeTo[e]]) m++;
    firstEdge[k + 1] = m;
  }
  const edgeTo = new Uint32Array(m);
  const edgeLabel = new Int32Array(m);
  const edgeKind = new Uint8Array(m);
  let at = 0;
  for (let k = 0; k < n; k++) {
    const v = index[k];
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      const w = newIndex[g.edgeTo[e]];
      if (w < 0) continue;
      edgeTo[at] = w;
      edgeLabel[at] = g.edgeLabel[e];
      edgeKind[at++] = g.edgeKind[e];
    }
  }
  const pick = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(n);
    for (let k = 0; k < n; k++) out[k] = a[index[k]];
    return out;
  };
  return {
    index,
    graph: {
      file: g.file, header: g.header, n, ids: pick(g.ids), type: pick(g.type), size: pick(g.size), refcount: pick(g.refcount),
      gen: pick(g.gen), flags: pick(g.flags), site: pick(g.site), strings: g.strings,
      firstEdge, edgeTo, edgeLabel, edgeKind, roots: [],
    },
  };
}
