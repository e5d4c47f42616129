// References find-cycles does not follow when it looks for cycles to report and
// group: the ones every object of a kind has to the code that defines it.
//   - an object's reference to its type (capture edge kind `type`, as
//     subtype_traverse visits Py_TYPE for instances of heap types);
//   - a function's `__globals__` and `__builtins__` (func_traverse), and a
//     frame's `f_globals` and `f_builtins`.
// Followed, they make a class's instances, the class, its methods, their
// module's globals and whatever those globals hold one strongly connected
// component: 60,000 cached two-Node cycles of a class with an __init__ came out
// as one live cycle of 126,929 objects instead of one row ×60,000. Left out,
// the instances' own cycles stand apart, and the class and module keep their
// own (type ↔ __mro__, module ↔ functions in its dict are not cut).
// The collector's verdict (garbage or not) still follows every reference, and
// so does the walk that finds what unreachable cycles keep (kept.ts).
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import { cycleComponents, type Components } from './scc.js';
import type { Unreachable } from './kept.js';

const TYPE_KIND = EDGE_KINDS.indexOf('type');
/** Per type: the attributes of its instances that point at module namespaces. */
const NAMESPACE_ATTRS: [type: string, labels: string[]][] = [
  ['builtins.function', ['__globals__', '__builtins__']],
  ['builtins.frame', ['f_globals', 'f_builtins']],
];

/** 1 for each reference left out of the cycle search; null when the snapshot has none. */
export function structuralEdges(g: HeapGraph): Uint8Array | null {
  const { n, firstEdge, edgeKind, edgeLabel } = g;
  // Per string, one bit per NAMESPACE_ATTRS entry: the entry's type, or one of its labels.
  const typeBits = new Uint8Array(g.strings.length);
  const labelBits = new Uint8Array(g.strings.length);
  const bits = new Map<string, [type: number, label: number]>();
  NAMESPACE_ATTRS.forEach(([type, labels], r) => {
    for (const s of [type, ...labels]) {
      const b = bits.get(s) ?? [0, 0];
      b[s === type ? 0 : 1] |= 1 << r;
      bits.set(s, b);
    }
  });
  g.strings.forEach((s, i) => {
    const b = bits.get(s);
    if (b) [typeBits[i], labelBits[i]] = b;
  });
  let cut: Uint8Array | null = null;
  // References to types by a native scan of the kind column; namespace references only from functions and frames.
  for (let e = edgeKind.indexOf(TYPE_KIND); e >= 0; e = edgeKind.indexOf(TYPE_KIND, e + 1)) (cut ??= new Uint8Array(edgeKind.length))[e] = 1;
  for (let v = 0; v < n; v++) {
    const bit = typeBits[g.type[v]];
    if (bit === 0) continue;
    for (let e = firstEdge[v], end = firstEdge[v + 1]; e < end; e++) {
      if ((labelBits[edgeLabel[e]] & bit) !== 0) (cut ??= new Uint8Array(edgeKind.length))[e] = 1;
    }
  }
  return cut;
}

/**
 * The components find-cycles reports: found without the structural references,
 * except those of unreachable objects that only such references tie into a
 * cycle (a function and the globals dict of code exec'd into a namespace, both
 * garbage), so that every unreachable object is in a component or kept by one.
 */
export function reportComponents(g: HeapGraph, unreachable: Unreachable): Components {
  const cut = structuralEdges(g);
  const comps = cycleComponents(g, cut);
  if (cut === null || unreachable.list.length === 0) return comps;
  const { firstEdge, edgeTo } = g;
  // Unreachable objects reached from unreachable components, by any reference.
  const reached = new Uint8Array(g.n);
  const stack: number[] = [];
  for (const v of unreachable.list) if (comps.comp[v] >= 0) { reached[v] = 1; stack.push(v); }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) {
      const w = edgeTo[e];
      if (unreachable.mask[w] && !reached[w]) { reached[w] = 1; stack.push(w); }
    }
  }
  let orphans = 0;
  for (const v of unreachable.list) {
    if (reached[v]) continue;
    orphans++;
    cut.fill(0, firstEdge[v], firstEdge[v + 1]);
  }
  return orphans === 0 ? comps : cycleComponents(g, cut);
}
