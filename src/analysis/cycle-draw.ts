// One copy of a cycle drawn for people: the shortest cycle through the
// component's first member (BFS inside the component), as merged steps, and
// the members and references to draw (every reference among the members of a
// small component; the cycle's first DRAW_UP_TO objects of a big one), leaving
// out the references the components were found without.
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
  /** Members to draw (ids and types) and the references among them. */
  nodes: { id: number; type: string }[];
  edges: InnerEdge[];
  /** False when the component has more members than are drawn. */
  complete: boolean;
}

export const DRAW_UP_TO = 40;

export function drawCycle(g: HeapGraph, comps: Components, c: number): CycleDrawing {
  const from = comps.start[c];
  const size = comps.start[c + 1] - from;
  const { objects, edges } = shortestCycleThrough(g, comps, comps.members[from]);
  const shown = size <= DRAW_UP_TO ? Array.from(comps.members.subarray(from, from + size)) : Array.from(objects.subarray(0, DRAW_UP_TO));
  const inShown = new Set(shown);
  const inner: InnerEdge[] = [];
  const cycleEdges = size <= DRAW_UP_TO ? null : new Set(edges.subarray(0, DRAW_UP_TO));
  for (const v of shown) {
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      if (!inShown.has(g.edgeTo[e]) || (cycleEdges && !cycleEdges.has(e)) || (comps.cut && comps.cut[e])) continue;
      inner.push({ from: g.ids[v], to: g.ids[g.edgeTo[e]], label: g.strings[g.edgeLabel[e]], kind: EDGE_KINDS[g.edgeKind[e]] });
    }
  }
  return {
    cycle: toSteps(g, objects, edges), complete: size <= DRAW_UP_TO,
    nodes: shown.map((v) => ({ id: g.ids[v], type: g.strings[g.type[v]] })), edges: inner,
  };
}

/** BFS from start's references back to start, staying inside its component. */
function shortestCycleThrough(g: HeapGraph, comps: Components, start: number): { objects: Uint32Array; edges: Uint32Array } {
  const c = comps.comp[start];
  const size = comps.start[c + 1] - comps.start[c];
  // object → the edge that reached it: a Map for small components, an array for big ones.
  const via = size > 4096 ? new TypedVia(g.n) : new Map<number, number>();
  const queue = new Uint32Array(size);
  let tail = 0;
  queue[tail++] = start;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      const w = g.edgeTo[e];
      if (comps.comp[w] !== c || via.has(w) || (comps.cut && comps.cut[e])) continue;
      via.set(w, e);
      if (w === start) return unwind(g, via, start);
      queue[tail++] = w;
    }
  }
  throw new Error(`object ${g.ids[start]} is in a cycle component but no cycle returns to it`);
}

class TypedVia {
  private readonly edge: Int32Array;
  constructor(n: number) { this.edge = new Int32Array(n).fill(-1); }
  has(v: number): boolean { return this.edge[v] >= 0; }
  get(v: number): number { return this.edge[v]; }
  set(v: number, e: number): void { this.edge[v] = e; }
}

function unwind(g: HeapGraph, via: Map<number, number> | TypedVia, start: number): { objects: Uint32Array; edges: Uint32Array } {
  const objects: number[] = [];
  const edges: number[] = [];
  let w = start;
  do {
    const e = via.get(w)!;
    edges.push(e);
    w = edgeSource(g, e);
    objects.push(w);
  } while (w !== start);
  return { objects: Uint32Array.from(objects.reverse()), edges: Uint32Array.from(edges.reverse()) };
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
