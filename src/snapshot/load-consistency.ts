// Snapshots that cannot come from a real CPython heap are refused, not analysed:
// every verdict (garbage, what holds what) rests on refcounts agreeing with the
// edges. Checked on captures of CPython 3.8, 3.11, 3.12 and 3.13 (the fuzz test
// captures one): these hold in every one of them.
import { InputError } from '../errors.js';
import type { HeapGraph } from './graph.js';
import { EDGE_KINDS, FLAG_GC, FLAG_TRACKED, FLAG_IMMORTAL, GEN_UNTRACKED } from './schema.js';

/** Frame locals and stacks: 3.14 frames may hold borrowed references (LOAD_FAST_BORROW), which no refcount counts. */
const LOCAL = EDGE_KINDS.indexOf('local');

const objectPlace = (g: HeapGraph, i: number) => `object id ${g.ids[i]} ($.objects entry ${i})`;

/**
 * - A reference count is at least the number of references the snapshot records
 *   to the object (each edge is a strong reference its source owns; immortal
 *   objects excepted, and frame locals, which may be borrowed);
 * - an object a root refers to is alive: its reference count is not 0;
 * - a tracked object is one in a generation, of a type that supports GC.
 */
export function checkConsistency(g: HeapGraph): void {
  const held = new Uint32Array(g.n);
  for (let v = 0; v < g.n; v++) {
    for (let e = g.firstEdge[v], end = g.firstEdge[v + 1]; e < end; e++) if (g.edgeKind[e] !== LOCAL) held[g.edgeTo[e]]++;
  }
  for (let i = 0; i < g.n; i++) {
    const f = g.flags[i];
    if ((f & FLAG_IMMORTAL) === 0 && g.refcount[i] < held[i]) {
      throw new InputError(g.file, objectPlace(g, i), `expected a reference count of at least ${held[i]}, the references the snapshot records to it (got ${g.refcount[i]}): an inconsistent snapshot`);
    }
    const tracked = (f & FLAG_TRACKED) !== 0;
    if (tracked !== (g.gen[i] !== GEN_UNTRACKED)) {
      throw new InputError(g.file, objectPlace(g, i), `expected the tracked flag (2) set exactly when gen is not -1 (gen ${g.gen[i]}, flags ${f}): an inconsistent snapshot`);
    }
    if (tracked && (f & FLAG_GC) === 0) {
      throw new InputError(g.file, objectPlace(g, i), `expected only objects of GC types (flag 1) to be tracked (flags ${f}): an inconsistent snapshot`);
    }
  }
  g.roots.forEach((r, ri) => r.to.forEach((t, k) => {
    if (g.refcount[t.index] === 0 && (g.flags[t.index] & FLAG_IMMORTAL) === 0) {
      throw new InputError(g.file, `$.roots[${ri}].to[${k}]`, `expected a live object: the root "${r.name}" refers to object id ${g.ids[t.index]}, whose reference count is 0 (garbage being freed): an inconsistent snapshot`);
    }
  }));
}
