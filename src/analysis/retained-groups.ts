// Retained size of a group of objects (all instances of a type, all objects of
// a module): the union of what they dominate, i.e. the retained sizes of the
// members no other member dominates (Eclipse MAT's retained set of a class).
// One iterative walk of the dominator tree counts group members on the path;
// the walk is in DFS numbers, where a subtree is a run of nearby numbers.
import type { DominatorTree } from './dominators.js';

export function retainedByGroup(dom: DominatorTree, groupOf: Int32Array, groups: number): Float64Array {
  const { vertex, idom, retained } = dom.dfs;
  const N = vertex.length;
  const group = new Int32Array(N);
  for (let w = 1; w < N; w++) group[w] = groupOf[vertex[w]];
  // Children of each number (the super-root is 0), by counting sort.
  const first = new Uint32Array(N + 1);
  for (let w = 1; w < N; w++) first[idom[w] + 1]++;
  for (let w = 0; w < N; w++) first[w + 1] += first[w];
  const fill = first.slice(0, N);
  const child = new Int32Array(N);
  for (let w = 1; w < N; w++) child[fill[idom[w]]++] = w;

  const total = new Float64Array(groups);
  const onPath = new Int32Array(groups);
  // Stack entries: w to enter, ~w to leave.
  const stack = new Int32Array(2 * N + 2);
  let sp = 0;
  for (let k = first[0]; k < first[1]; k++) stack[sp++] = child[k];
  while (sp > 0) {
    const x = stack[--sp];
    if (x < 0) { onPath[group[~x]]--; continue; }
    const grp = group[x];
    if (onPath[grp] === 0) total[grp] += retained[x];
    onPath[grp]++;
    stack[sp++] = ~x;
    for (let k = first[x]; k < first[x + 1]; k++) stack[sp++] = child[k];
  }
  return total;
}
