// The per-snapshot facts several analyses share, computed once: shortest
// retainer paths (BFS tree) and the dominator tree with retained sizes.
import type { HeapGraph } from '../snapshot/graph.js';
import { retainerTree, type RetainerTree } from './retainers.js';
import { reverseEdges, type ReverseEdges } from './reverse.js';
import { dominatorTree, superRootStarts, type DominatorTree } from './dominators.js';

export interface GraphFacts {
  graph: HeapGraph;
  tree: RetainerTree;
  reverse: ReverseEdges;
  dominators: DominatorTree;
}

export function graphFacts(g: HeapGraph): GraphFacts {
  const reverse = reverseEdges(g);
  const tree = retainerTree(g, reverse);
  return { graph: g, tree, reverse, dominators: dominatorTree(g, reverse, superRootStarts(g, tree.outside)) };
}
