// Snapshots that cannot come from a real CPython heap are refused, not analysed:
// every verdict (garbage, what holds what) rests on refcounts agreeing with the
// edges. Checked on captures of CPython 3.8, 3.11, 3.12 and 3.13 (the fuzz test
// captures one): these hold in every one of them.
import { InputError } from '../errors.js';
import type { HeapGraph } from './graph.js';
import { EDGE_KINDS, FLAG_GC, FLAG_TRACKED, FLAG_IMMORTAL, GEN_UNTRACKED } from './schema.js';

/** Frame locals and stacks: 3.14 frames may hold borrowed references (LOAD_FAST_BORROW), which no refcount counts. */
const LOCAL = EDGE_KINDS.indexOf('local');
/**
 * An object's reference to its type: owned for instances of classes defined in Python,
 * not always for extension types (Pyodide 3.14's JsProxy classes: 27 such references to
 * their metaclass, which has 23 counted, measured), so it is not counted either.
 */
const TYPE = EDGE_KINDS.indexOf('type');

/**
 * 3.14 tracks its dict of interned strings, which holds mortal interned strings
 * without owning a reference (measured on Pyodide 3.14: a str with count 1 and
 * two recorded references), so on 3.14 and later references to a str are not counted.
 */
function borrowsStrings(g: HeapGraph): number {
  const [major, minor] = g.header.python.version.split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 14) ? g.strings.indexOf('builtins.str') : -1;
}

const objectPlace = (g: HeapGraph, i: number) => `object id ${g.ids[i]} ($.objects entry ${i})`;

/**
 * - A reference count is at least the number of references the snapshot records
 *   to the object (each edge is a strong reference its source owns; immortal
 *   objects excepted, and frame locals, which may be borrowed, references to a
 *   type, which extension types need not own, and on 3.14+ references to a str);
 * - an object a root refers to is alive: its reference count is not 0;
 * - a tracked object is one in a generation, of a type that supports GC.
 */
export function checkConsistency(g: HeapGraph): void {
  const held = new Uint32Array(g.n);
  const str = borrowsStrings(g);
  for (let v = 0; v < g.n; v++) {
    for (let e = g.firstEdge[v], end = g.firstEdge[v + 1]; e < end; e++) {
      const k = g.edgeKind[e];
      const w = g.edgeTo[e];
      if (k !== LOCAL && k !== TYPE && (str < 0 || g.type[w] !== str)) held[w]++;
    }
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
