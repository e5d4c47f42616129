// Dominator tree and retained sizes, by Lengauer & Tarjan, "A fast algorithm
// for finding dominators in a flowgraph" (TOPLAS 1979), simple version with
// path compression, O(m log n); DFS and compression use explicit stacks.
// The flowgraph has a super-root (index n) whose successors are the objects
// named roots hold and the objects held from outside the snapshot (refcount
// above the references it records): both are alive for a reason the snapshot
// cannot show as an edge. Unreachable objects (cyclic garbage) are not in the tree.
import type { HeapGraph } from '../snapshot/graph.js';
import type { ReverseEdges } from './reverse.js';

export interface DominatorTree {
  /** Immediate dominator of each object: an object index, n for the super-root, -1 if unreachable. */
  idom: Int32Array;
  /** Retained size: the object's own size plus everything it dominates (0 if unreachable). */
  retained: Float64Array;
  /** Reachable objects in DFS preorder (a dominator always comes before what it dominates). */
  preorder: Int32Array;
  /** Bytes reachable from the super-root. */
  total: number;
}

/** Successors of the super-root: objects named roots hold, then objects held from outside. */
export function superRootStarts(g: HeapGraph, outside: Uint8Array): Uint32Array {
  const starts: number[] = [];
  for (const r of g.roots) for (const t of r.to) starts.push(t.index);
  for (let v = 0; v < g.n; v++) if (outside[v]) starts.push(v);
  return Uint32Array.from(starts);
}

/** Depth-first numbering from the super-root: vertex[dfnum] and the DFS-tree parent (in dfnum). */
function depthFirst(g: HeapGraph, starts: Uint32Array) {
  const s = g.n;
  const { firstEdge, edgeTo } = g;
  const dfnum = new Int32Array(s + 1).fill(-1);
  const vertex = new Int32Array(s + 1);
  const parent = new Int32Array(s + 1);
  const nodeStack = new Int32Array(s + 1);
  const cursor = new Uint32Array(s + 1);
  let count = 1;
  dfnum[s] = 0;
  vertex[0] = s;
  parent[0] = -1;
  let sp = 1;
  nodeStack[0] = s;
  while (sp > 0) {
    const v = nodeStack[sp - 1];
    const fromSuperRoot = v === s;
    const base = fromSuperRoot ? 0 : firstEdge[v];
    const end = fromSuperRoot ? starts.length : firstEdge[v + 1] - base;
    let c = cursor[sp - 1];
    let w = -1;
    while (c < end) {
      const x = fromSuperRoot ? starts[c] : edgeTo[base + c];
      c++;
      if (dfnum[x] < 0) { w = x; break; }
    }
    cursor[sp - 1] = c;
    if (w < 0) { sp--; continue; }
    dfnum[w] = count;
    vertex[count] = w;
    parent[count] = dfnum[v];
    count++;
    nodeStack[sp] = w;
    cursor[sp] = 0;
    sp++;
  }
  return { dfnum, vertex, parent, count };
}

export function dominatorTree(g: HeapGraph, rev: ReverseEdges, starts: Uint32Array): DominatorTree {
  const { dfnum, vertex, parent, count: N } = depthFirst(g, starts);
  const isStart = new Uint8Array(g.n);
  for (const v of starts) isStart[v] = 1;
  // semi, label and ancestor of DFS number w side by side at 3w, 3w+1, 3w+2: the
  // walk touches them together at random places, so one cache line serves all three.
  const node = new Int32Array(3 * N);
  for (let w = 0; w < N; w++) { node[3 * w] = w; node[3 * w + 1] = w; node[3 * w + 2] = -1; }
  const idom = new Int32Array(N);
  const bucketHead = new Int32Array(N).fill(-1);
  const bucketNext = new Int32Array(N);
  const stack = new Int32Array(N);

  /** eval(v) with compress(v), iteratively: climb while the ancestor has an ancestor, then fix labels top-down. */
  const evaluate = (v: number): number => {
    if (node[3 * v + 2] < 0) return v;
    let sp = 0;
    let u = v;
    while (node[3 * node[3 * u + 2] + 2] >= 0) { stack[sp++] = u; u = node[3 * u + 2]; }
    while (sp > 0) {
      const x = stack[--sp];
      const a = node[3 * x + 2];
      if (node[3 * node[3 * a + 1]] < node[3 * node[3 * x + 1]]) node[3 * x + 1] = node[3 * a + 1];
      node[3 * x + 2] = node[3 * a + 2];
    }
    return node[3 * v + 1];
  };

  const { firstIn, inFrom } = rev;
  for (let w = N - 1; w >= 1; w--) {
    const v = vertex[w];
    let semi = isStart[v] ? 0 : w; // the super-root is a predecessor of every start
    for (let k = firstIn[v], end = firstIn[v + 1]; k < end; k++) {
      const p = dfnum[inFrom[k]];
      if (p < 0) continue;
      const su = node[3 * evaluate(p)];
      if (su < semi) semi = su;
    }
    node[3 * w] = semi;
    bucketNext[w] = bucketHead[semi];
    bucketHead[semi] = w;
    const pw = parent[w];
    node[3 * w + 2] = pw; // link(parent, w)
    for (let x = bucketHead[pw]; x >= 0; x = bucketNext[x]) {
      const u = evaluate(x);
      idom[x] = node[3 * u] < node[3 * x] ? u : pw;
    }
    bucketHead[pw] = -1;
  }
  for (let w = 1; w < N; w++) if (idom[w] !== node[3 * w]) idom[w] = idom[idom[w]];

  const retainedDf = new Float64Array(N);
  for (let w = N - 1; w >= 1; w--) {
    retainedDf[w] += g.size[vertex[w]];
    retainedDf[idom[w]] += retainedDf[w];
  }
  const out: DominatorTree = {
    idom: new Int32Array(g.n).fill(-1), retained: new Float64Array(g.n), preorder: new Int32Array(N - 1), total: retainedDf[0],
  };
  for (let w = 1; w < N; w++) {
    const v = vertex[w];
    out.idom[v] = vertex[idom[w]];
    out.retained[v] = retainedDf[w];
    out.preorder[w - 1] = v;
  }
  return out;
}
