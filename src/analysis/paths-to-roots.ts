// Several shortest retainer paths to one object, one per root reference that
// reaches it: breadth-first over reverse edges from the object until enough
// root references (or, failing those, an object held from outside) are met.
import type { HeapGraph } from '../snapshot/graph.js';
import { referenceTo, type ReverseEdges } from './reverse.js';
import type { RetainerTree } from './retainers.js';
import { makePath, type RetainerPath } from './paths.js';

export function pathsToRoots(g: HeapGraph, rev: ReverseEdges, t: RetainerTree, v: number, limit = 5): RetainerPath[] {
  const rootsAt = new Map<number, number[]>();
  g.roots.forEach((r, ri) => r.to.forEach((x) => rootsAt.set(x.index, [...(rootsAt.get(x.index) ?? []), ri])));
  // toward[u]: the edge u holds on its way to v (-1 for v itself, -2 not visited).
  const toward = new Int32Array(g.n).fill(-2);
  const queue = new Int32Array(g.n);
  let head = 0;
  let tail = 0;
  toward[v] = -1;
  queue[tail++] = v;
  const found: RetainerPath[] = [];
  let outsideStart = -1;
  const follow = (u: number) => {
    const objects = [u];
    const edges: number[] = [];
    for (let x = u; toward[x] >= 0; x = g.edgeTo[toward[x]]) { edges.push(toward[x]); objects.push(g.edgeTo[toward[x]]); }
    return { objects, edges };
  };
  while (head < tail && found.length < limit) {
    const u = queue[head++];
    for (const ri of rootsAt.get(u) ?? []) {
      if (found.length < limit) {
        const { objects, edges } = follow(u);
        found.push(makePath(g, t, g.roots[ri].kind === 'garbage' ? 'gc.garbage' : 'root', ri, objects, edges));
      }
    }
    if (outsideStart < 0 && t.outside[u]) outsideStart = u;
    for (let k = rev.firstIn[u]; k < rev.firstIn[u + 1]; k++) {
      const w = rev.inFrom[k];
      if (toward[w] !== -2) continue;
      toward[w] = referenceTo(g, w, u); // w's first reference to u: the one its first listing stands for
      queue[tail++] = w;
    }
  }
  if (found.length === 0 && outsideStart >= 0) {
    const { objects, edges } = follow(outsideStart);
    found.push(makePath(g, t, 'outside', -1, objects, edges));
  }
  // Roots first, then gc.garbage, each by length (BFS order already sorts by length).
  return found.sort((a, b) => Number(a.held === 'gc.garbage') - Number(b.held === 'gc.garbage'));
}
