// Dominator tree and retained sizes, by semi-NCA (Georgiadis, "Linear-time
// algorithms for dominators and related problems", 2005, ch. 3; the variant in
// LLVM's GenericDomTreeConstruction.h): Lengauer & Tarjan's semidominators with
// path compression, then each idom as the nearest common ancestor of its DFS
// parent and its semidominator in the tree built so far. No buckets and no
// second eval per vertex, which is what made the textbook version slow here:
// on heaps too big for the cache every step of a compressed path is a miss.
// The flowgraph has a super-root (index n) whose successors are the objects
// named roots hold and the objects held from outside the snapshot (refcount
// above the references it records): both are alive for a reason the snapshot
// cannot show as an edge. Unreachable objects (cyclic garbage) are not in the tree.
import type { HeapGraph } from '../snapshot/graph.js';
import type { ReverseEdges } from './reverse.js';
import { depthFirst, predecessorsInPreorder, type Preorder } from './dominators-dfs.js';

export interface DominatorTree {
  /** DFS number of each object (-1: unreachable, not in the tree); see immediateDominator and retainedSize. */
  dfnum: Int32Array;
  /** Reachable objects in DFS preorder (a dominator always comes before what it dominates). */
  preorder: Int32Array;
  /**
   * The same tree by DFS number (0 is the super-root, w >= 1 is preorder[w - 1]):
   * the object (vertex[0] = n), the immediate dominator's number, the retained
   * size (retained[0] = total). What an object dominates lies in its DFS
   * subtree, a run of numbers, so walks of the tree in this numbering stay local.
   */
  dfs: { vertex: Int32Array; idom: Int32Array; retained: Float64Array };
  /** Bytes reachable from the super-root. */
  total: number;
}

/** Immediate dominator of object v: an object index, n for the super-root, -1 if unreachable. */
export function immediateDominator(dom: DominatorTree, v: number): number {
  const w = dom.dfnum[v];
  return w < 0 ? -1 : dom.dfs.vertex[dom.dfs.idom[w]];
}

/** Retained size of object v: its own size plus everything it dominates (0 if unreachable). */
export function retainedSize(dom: DominatorTree, v: number): number {
  const w = dom.dfnum[v];
  return w < 0 ? 0 : dom.dfs.retained[w];
}

/** Successors of the super-root: objects named roots hold, then objects held from outside. */
export function superRootStarts(g: HeapGraph, outside: Uint8Array): Uint32Array {
  const starts: number[] = [];
  for (const r of g.roots) for (const t of r.to) starts.push(t.index);
  for (let v = 0; v < g.n; v++) if (outside[v]) starts.push(v);
  return Uint32Array.from(starts);
}

export function dominatorTree(g: HeapGraph, rev: ReverseEdges, starts: Uint32Array): DominatorTree {
  const dfs = depthFirst(g, starts);
  const idom = immediateDominators(dfs, predecessorsInPreorder(g, rev, starts, dfs));
  const { vertex, count: N } = dfs;
  const retainedDf = new Float64Array(N);
  for (let w = N - 1; w >= 1; w--) {
    retainedDf[w] += g.size[vertex[w]];
    retainedDf[idom[w]] += retainedDf[w];
  }
  return { dfnum: dfs.dfnum, preorder: vertex.subarray(1), dfs: { vertex, idom, retained: retainedDf }, total: retainedDf[0] };
}

/** Immediate dominators in DFS numbers (idom[0] is unused: 0 is the super-root). */
function immediateDominators(dfs: Preorder, pred: { first: Uint32Array; from: Int32Array }): Int32Array {
  const { parent, count: N } = dfs;
  // Per DFS number w, side by side (one cache line): the ancestor in the
  // compressed forest and the least semidominator on the compressed path (the
  // label's semidominator: the label itself is never needed).
  const rec = new Int32Array(2 * N);
  for (let w = 0; w < N; w++) { rec[2 * w] = parent[w]; rec[2 * w + 1] = w; }
  const semi = new Int32Array(N);
  const stack = new Int32Array(N);
  const { first, from } = pred;
  for (let w = N - 1; w >= 1; w--) {
    let s = parent[w];
    // Vertices numbered above w are processed ("linked" to their parent in the forest).
    for (let k = first[w], end = first[w + 1]; k < end; k++) {
      let v = from[k];
      if (v < w) { if (v < s) s = v; continue; } // not processed yet: its own number
      if (rec[2 * v] > w) {
        // eval(v): climb while the ancestor is linked, then compress top-down.
        let sp = 0;
        do { stack[sp++] = v; v = rec[2 * v]; } while (rec[2 * v] > w);
        let p = v;
        while (sp > 0) {
          const x = stack[--sp];
          rec[2 * x] = rec[2 * p];
          if (rec[2 * p + 1] < rec[2 * x + 1]) rec[2 * x + 1] = rec[2 * p + 1];
          p = x;
        }
        v = p;
      }
      if (rec[2 * v + 1] < s) s = rec[2 * v + 1];
    }
    semi[w] = s;
    rec[2 * w + 1] = s;
  }
  // idom = NCA(parent, semi): climb the dominators found so far (all numbered below w).
  const idom = new Int32Array(N);
  for (let w = 1; w < N; w++) {
    let d = parent[w];
    while (d > semi[w]) d = idom[d];
    idom[w] = d;
  }
  return idom;
}
