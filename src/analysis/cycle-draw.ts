// One copy of a cycle drawn for people: the shortest cycle through the
// component's first member (BFS inside the component), and for small
// components every reference inside it (for DOT).
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import type { Components } from './scc.js';
import { toSteps, type PathStep } from './paths.js';

export interface InnerEdge {
  from: number;
  to: number;
  label: string;
  kind: string;
}

export interface CycleDrawing {
  /** The cycle as steps; the last step's reference leads back to the first object. */
  cycle: PathStep[];
  /** Ids and types of the members (all of them up to DRAW_ALL_UP_TO). */
  nodes: { id: number; type: string }[];
  /** References between members (up to DRAW_ALL_UP_TO members; else the cycle's own). */
  edges: InnerEdge[];
}

export const DRAW_ALL_UP_TO = 40;

export function drawCycle(g: HeapGraph, comps: Components, c: number): CycleDrawing {
  const from = comps.start[c];
  const size = comps.start[c + 1] - from;
  const start = comps.members[from];
  const { objects, edges } = shortestCycleThrough(g, comps, start);
  const shown = size <= DRAW_ALL_UP_TO ? Array.from(comps.members.subarray(from, from + size)) : objects;
  const inShown = new Set(shown);
  const inner: InnerEdge[] = [];
  const innerEdges = size <= DRAW_ALL_UP_TO ? null : new Set(edges);
  for (const v of shown) {
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      if (!inShown.has(g.edgeTo[e]) || (innerEdges && !innerEdges.has(e))) continue;
      inner.push({ from: g.ids[v], to: g.ids[g.edgeTo[e]], label: g.strings[g.edgeLabel[e]], kind: EDGE_KINDS[g.edgeKind[e]] });
    }
  }
  return { cycle: toSteps(g, objects, edges), nodes: shown.map((v) => ({ id: g.ids[v], type: g.strings[g.type[v]] })), edges: inner };
}

/** BFS from start's references back to start, staying inside its component. */
function shortestCycleThrough(g: HeapGraph, comps: Components, start: number): { objects: number[]; edges: number[] } {
  const c = comps.comp[start];
  const via = new Map<number, number>(); // object → edge it was reached by
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      const w = g.edgeTo[e];
      if (comps.comp[w] !== c || via.has(w)) continue;
      via.set(w, e);
      if (w === start) return unwind(g, via, start);
      queue.push(w);
    }
  }
  throw new Error(`object ${g.ids[start]} is in a cycle component but no cycle returns to it`);
}

function unwind(g: HeapGraph, via: Map<number, number>, start: number): { objects: number[]; edges: number[] } {
  const objects: number[] = [];
  const edges: number[] = [];
  let w = start;
  do {
    const e = via.get(w)!;
    edges.push(e);
    w = edgeSource(g, e);
    objects.push(w);
  } while (w !== start);
  return { objects: objects.reverse(), edges: edges.reverse() };
}

/** The object an edge belongs to (binary search in the CSR offsets). */
export function edgeSource(g: HeapGraph, e: number): number {
  let lo = 0;
  let hi = g.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (g.firstEdge[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
