// A retainer path as data: the root (or the reason there is none), then each
// object and the reference it holds to the next. Runs of identical steps are
// merged (a linked list of a million nodes is one step ×999,999), so a path is
// small whatever its length.
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import { HELD_BY_ROOT, HELD_BY_GC_GARBAGE, HELD_FROM_OUTSIDE, type RetainerTree } from './retainers.js';
import { untraversedHolders, type Holder } from './untraversed.js';

export type Held = 'root' | 'gc.garbage' | 'outside' | 'unreachable';

export interface PathStep {
  /** The object (the first of a run). */
  id: number;
  type: string;
  /** Its reference to the next object on the path. */
  label: string;
  kind: string;
  /** How many consecutive objects take this same step. */
  repeat: number;
}

export interface RetainerPath {
  held: Held;
  root?: { name: string; kind: string; label: string };
  /** Held from outside: the first object of the path and its unexplained references. */
  outside?: { refcount: number; recorded: number; holder?: Holder };
  steps: PathStep[];
  target: { id: number; type: string };
  /** References from the root's object to the target. */
  length: number;
}

const HELD_NAMES: Record<number, Held> = { [HELD_BY_ROOT]: 'root', [HELD_BY_GC_GARBAGE]: 'gc.garbage', [HELD_FROM_OUTSIDE]: 'outside' };

export function retainerPath(g: HeapGraph, t: RetainerTree, v: number): RetainerPath {
  const held = HELD_NAMES[t.held[v]] ?? 'unreachable';
  if (held === 'unreachable') return { held, steps: [], target: { id: g.ids[v], type: g.strings[g.type[v]] }, length: 0 };
  const chain: number[] = [];
  for (let u = v; u >= 0; u = t.parent[u]) chain.push(u);
  chain.reverse();
  return makePath(g, t, held, t.startRoot[chain[0]], chain, chain.slice(1).map((w) => t.parentEdge[w]));
}

/** A path over objects[0] → … → objects[last] by edges[k]; root is an index into g.roots (-1 when held from outside). */
export function makePath(g: HeapGraph, t: RetainerTree, held: Held, root: number, objects: number[], edges: number[]): RetainerPath {
  const start = objects[0];
  const v = objects[objects.length - 1];
  const path: RetainerPath = { held, steps: toSteps(g, objects, edges), target: { id: g.ids[v], type: g.strings[g.type[v]] }, length: edges.length };
  if (root < 0) {
    // The capture may know the C object that holds it through a field the collector does not traverse.
    const holder = untraversedHolders(g).get(start);
    path.outside = { refcount: g.refcount[start], recorded: t.recorded[start], ...(holder ? { holder } : {}) };
  }
  else {
    const r = g.roots[root];
    path.root = { name: r.name, kind: r.kind, label: r.to.find((x) => x.index === start)?.label ?? '' };
  }
  return path;
}

/**
 * Steps for objects[k] --edges[k]--> (next), merging runs of the same type,
 * label and kind. edges may be one shorter than objects (a path) or as long (a cycle).
 */
export function toSteps(g: HeapGraph, objects: ArrayLike<number>, edges: ArrayLike<number>): PathStep[] {
  const steps: PathStep[] = [];
  let last: PathStep | undefined;
  let lastType = -1;
  let lastEdge = -1;
  for (let k = 0; k < edges.length; k++) {
    const u = objects[k];
    const e = edges[k];
    if (last && g.type[u] === lastType && g.edgeKind[e] === g.edgeKind[lastEdge] && g.edgeLabel[e] === g.edgeLabel[lastEdge]) {
      last.repeat++;
      continue;
    }
    last = { id: g.ids[u], type: g.strings[g.type[u]], label: g.strings[g.edgeLabel[e]], kind: EDGE_KINDS[g.edgeKind[e]], repeat: 1 };
    lastType = g.type[u];
    lastEdge = e;
    steps.push(last);
  }
  return steps;
}
