// Reference cycles as strongly connected components: Tarjan's algorithm
// ("Depth-first search and linear graph algorithms", SIAM J. Comput. 1972) with
// an explicit call stack. Only real cycles are kept: components of two or more
// objects, or one object that references itself.
import type { HeapGraph } from '../snapshot/graph.js';

export interface Components {
  /** Component of each object, or -1 for objects in no cycle. */
  comp: Int32Array;
  count: number;
  /** Members of component c are members[start[c] .. start[c+1]). */
  start: Uint32Array;
  members: Uint32Array;
}

export function cycleComponents(g: HeapGraph): Components {
  const { n, firstEdge, edgeTo } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const sccStack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Uint32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const members = new Uint32Array(n);
  const starts: number[] = [0];
  let kept = 0;
  let counter = 0;
  let ssp = 0;
  for (let r = 0; r < n; r++) {
    if (index[r] >= 0) continue;
    let csp = 0;
    const enter = (v: number) => {
      index[v] = low[v] = counter++;
      sccStack[ssp++] = v;
      onStack[v] = 1;
      callNode[csp] = v;
      callEdge[csp] = firstEdge[v];
      csp++;
    };
    enter(r);
    while (csp > 0) {
      const v = callNode[csp - 1];
      const e = callEdge[csp - 1];
      if (e < firstEdge[v + 1]) {
        callEdge[csp - 1] = e + 1;
        const w = edgeTo[e];
        if (index[w] < 0) enter(w);
        else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      csp--;
      if (low[v] === index[v]) {
        const from = ssp;
        do ssp--; while (sccStack[ssp] !== v);
        for (let k = ssp; k < from; k++) onStack[sccStack[k]] = 0;
        if (from - ssp > 1 || referencesItself(g, v)) {
          const c = starts.length - 1;
          for (let k = ssp; k < from; k++) { comp[sccStack[k]] = c; members[kept++] = sccStack[k]; }
          starts.push(kept);
        }
      }
      if (csp > 0) {
        const u = callNode[csp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  return { comp, count: starts.length - 1, start: Uint32Array.from(starts), members: members.slice(0, kept) };
}

function referencesItself(g: HeapGraph, v: number): boolean {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) if (g.edgeTo[e] === v) return true;
  return false;
}
