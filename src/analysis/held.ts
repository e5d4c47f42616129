// Objects held from outside the snapshot: CPython counted more references than
// the snapshot records (a C extension's static, the interpreter, a frame that
// was not captured), or the object is immortal. The collector treats them as
// reachable (update_refs/subtract_refs leave gc_refs > 0), so do we.
import type { HeapGraph } from '../snapshot/graph.js';
import { FLAG_IMMORTAL } from '../snapshot/schema.js';
import { recordedReferences, type ReverseEdges } from './reverse.js';

export interface OutsideReferences {
  /** 1 for objects held from outside the snapshot. */
  outside: Uint8Array;
  /** References the snapshot records to each object (edges and root references). */
  recorded: Int32Array;
}

export function heldFromOutside(g: HeapGraph, rev?: ReverseEdges): OutsideReferences {
  const recorded = recordedReferences(g, rev);
  const outside = new Uint8Array(g.n);
  for (let i = 0; i < g.n; i++) outside[i] = g.refcount[i] > recorded[i] || (g.flags[i] & FLAG_IMMORTAL) !== 0 ? 1 : 0;
  return { outside, recorded };
}
