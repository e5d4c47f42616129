// A leak suspect's sample structure, followed to the first object of the
// program's own classes: a SQLAlchemy listener collection holds a wrapper
// function, whose cell holds a bound method, whose __self__ is the
// OrderRepository the program leaks; the report should name the repository.
// Each step follows a reference to an object the current one dominates (so the
// head's shortest path leads there too), the one that retains the most,
// through builtins only.
import type { GraphFacts } from './graph-facts.js';

const MAX_STEPS = 8;

export function descendToOwnType(f: GraphFacts, head: number): number {
  const g = f.graph;
  const { dfnum, dfs } = f.dominators;
  const builtin = (v: number) => g.strings[g.type[v]].startsWith('builtins.');
  let v = head;
  for (let step = 0; step < MAX_STEPS && builtin(v); step++) {
    const w = dfnum[v];
    if (w < 0) return head;
    let best = -1;
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      const x = dfnum[g.edgeTo[e]];
      if (x > 0 && dfs.idom[x] === w && (best < 0 || dfs.retained[x] > dfs.retained[best])) best = x;
    }
    if (best < 0) return head;
    v = dfs.vertex[best];
  }
  return builtin(v) ? head : v;
}
