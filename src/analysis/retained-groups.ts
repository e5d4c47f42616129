// Retained size of a group of objects (all instances of a type, all objects of
// a module): the union of what they dominate, i.e. the retained sizes of the
// members no other member dominates (Eclipse MAT's retained set of a class).
// One iterative walk of the dominator tree counts group members on the path.
import type { DominatorTree } from './dominators.js';

export function retainedByGroup(dom: DominatorTree, groupOf: Int32Array, groups: number): Float64Array {
  const n = dom.idom.length;
  // Children of each node in the dominator tree (the super-root is n), by counting sort.
  const first = new Uint32Array(n + 2);
  for (const v of dom.preorder) first[dom.idom[v] + 1]++;
  for (let i = 0; i <= n; i++) first[i + 1] += first[i];
  const fill = first.slice(0, n + 1);
  const child = new Int32Array(dom.preorder.length);
  for (const v of dom.preorder) child[fill[dom.idom[v]]++] = v;

  const total = new Float64Array(groups);
  const onPath = new Int32Array(groups);
  // Stack entries: v to enter, ~v to leave.
  const stack = new Int32Array(2 * dom.preorder.length + 2);
  let sp = 0;
  for (let k = first[n]; k < first[n + 1]; k++) stack[sp++] = child[k];
  while (sp > 0) {
    const x = stack[--sp];
    if (x < 0) { onPath[groupOf[~x]]--; continue; }
    const grp = groupOf[x];
    if (onPath[grp] === 0) total[grp] += dom.retained[x];
    onPath[grp]++;
    stack[sp++] = ~x;
    for (let k = first[x]; k < first[x + 1]; k++) stack[sp++] = child[k];
  }
  return total;
}
