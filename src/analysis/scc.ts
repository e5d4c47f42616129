// Reference cycles as strongly connected components: Tarjan's algorithm
// ("Depth-first search and linear graph algorithms", SIAM J. Comput. 1972) with
// an explicit call stack. Only real cycles are kept: components of two or more
// objects, or one object that references itself. References marked in `cut`
// (structural.ts) are not followed.
import type { HeapGraph } from '../snapshot/graph.js';

export interface Components {
  /** Component of each object, or -1 for objects in no cycle. */
  comp: Int32Array;
  count: number;
  /** Members of component c are members[start[c] .. start[c+1]). */
  start: Uint32Array;
  members: Uint32Array;
  /** The references left out (1 each), or null: shapes and drawings leave them out too. */
  cut: Uint8Array | null;
}

/** Index of objects whose component is complete (Nuutila & Soisalon-Soininen's trick: no on-stack flags). */
const DONE = 0x7fffffff;

export function cycleComponents(g: HeapGraph, cut: Uint8Array | null = null): Components {
  const { n, firstEdge, edgeTo } = g;
  // Per object, side by side: its DFS index (-1: not visited) and its first
  // edge, so visiting an object costs one cache miss, not two (heaps of this
  // size do not fit in the cache, and the walk is a chain of dependent loads).
  const node = new Int32Array(2 * n + 2);
  for (let v = 0; v <= n; v++) { node[2 * v] = -1; node[2 * v + 1] = firstEdge[v]; }
  // The call stack holds the lowlink: only objects on it need one. The stacks
  // start small and double: most heaps are shallow, and four arrays of n would
  // be 112 MB of a 7M-object heap's memory budget, most of it never touched.
  let callNode = new Int32Array(Math.min(n, STACK_START));
  let callEdge = new Int32Array(callNode.length);
  let callLow = new Int32Array(callNode.length);
  let sccStack = new Int32Array(callNode.length);
  const comp = new Int32Array(n).fill(-1);
  const members = new Uint32Array(n);
  const starts: number[] = [0];
  let kept = 0;
  let counter = 0;
  let ssp = 0;
  for (let r = 0; r < n; r++) {
    if (node[2 * r] >= 0) continue;
    node[2 * r] = callLow[0] = counter++;
    sccStack[ssp++] = r;
    callNode[0] = r;
    callEdge[0] = node[2 * r + 1];
    let csp = 1;
    while (csp > 0) {
      const v = callNode[csp - 1];
      const end = node[2 * v + 3];
      let e = callEdge[csp - 1];
      let low = callLow[csp - 1];
      let next = -1;
      while (e < end) {
        if (cut !== null && cut[e] !== 0) { e++; continue; }
        const w = edgeTo[e++];
        const iw = node[2 * w];
        if (iw < 0) { next = w; break; }
        if (iw < low) low = iw; // finished objects have index DONE: never lower
      }
      callLow[csp - 1] = low;
      callEdge[csp - 1] = e;
      if (next >= 0) {
        // "call" strongconnect(next)
        if (csp === callNode.length) [callNode, callEdge, callLow] = [grown(callNode, n), grown(callEdge, n), grown(callLow, n)];
        if (ssp === sccStack.length) sccStack = grown(sccStack, n);
        node[2 * next] = callLow[csp] = counter++;
        sccStack[ssp++] = next;
        callNode[csp] = next;
        callEdge[csp] = node[2 * next + 1];
        csp++;
        continue;
      }
      csp--;
      if (low === node[2 * v]) {
        const from = ssp;
        do ssp--; while (sccStack[ssp] !== v);
        for (let k = ssp; k < from; k++) node[2 * sccStack[k]] = DONE;
        if (from - ssp > 1 || referencesItself(g, cut, v)) {
          const c = starts.length - 1;
          for (let k = ssp; k < from; k++) { comp[sccStack[k]] = c; members[kept++] = sccStack[k]; }
          starts.push(kept);
        }
      }
      if (csp > 0 && low < callLow[csp - 1]) callLow[csp - 1] = low;
    }
  }
  return { comp, count: starts.length - 1, start: Uint32Array.from(starts), members: trimmed(members, kept), cut };
}

const STACK_START = 1 << 16;

/** The first `kept` entries: a copy when that frees most of the array, else a view (no second array of n at the peak). */
function trimmed(a: Uint32Array, kept: number): Uint32Array {
  return kept > a.length / 2 ? a.subarray(0, kept) : a.slice(0, kept);
}

/** The stack twice as long (at most n), its entries kept. */
function grown(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.min(n, 2 * a.length));
  bigger.set(a);
  return bigger;
}

function referencesItself(g: HeapGraph, cut: Uint8Array | null, v: number): boolean {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) if (g.edgeTo[e] === v && (cut === null || cut[e] === 0)) return true;
  return false;
}
