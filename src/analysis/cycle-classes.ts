// What CPython's collector does with one reference cycle: the class find-cycles
// gives a component, and why, one line.
import type { HeapGraph } from '../snapshot/graph.js';
import { FLAG_FINALIZER, FLAG_TP_DEL } from '../snapshot/schema.js';
import { HELD_BY_ROOT, HELD_BY_GC_GARBAGE, HELD_FROM_OUTSIDE, type RetainerTree } from './retainers.js';

export const CYCLE_CLASSES = ['uncollectable', 'garbage-finalizers', 'garbage', 'live'] as const;
export type CycleClass = (typeof CYCLE_CLASSES)[number];

export interface Verdict { garbage: Uint8Array; uncollectable: Uint8Array }

export interface Classification {
  class: CycleClass;
  reason: string;
  /** A full collection finds it unreachable (frees it, or moves it to gc.garbage). */
  unreachable: boolean;
}

/** Every class a component can get, with why (classify picks one by index: no allocation per component). */
export const [TP_DEL, LEGACY_DEL, GARBAGE_FINALIZERS, GARBAGE, SAVED_IN_GC_GARBAGE, ROOT, OUTSIDE, UNTRACKED] = [0, 1, 2, 3, 4, 5, 6, 7];
export const CLASSIFICATIONS: Classification[] = [
  { class: 'uncollectable', unreachable: true, reason: 'a legacy tp_del finalizer: the collector moves the cycle to gc.garbage and never frees it' },
  { class: 'uncollectable', unreachable: true, reason: '__del__ in a cycle before Python 3.4 (PEP 442): the collector leaves it in gc.garbage' },
  { class: 'garbage-finalizers', unreachable: true, reason: 'unreachable; a full collection runs __del__ (in no guaranteed order), then frees it unless a finalizer resurrects it' },
  { class: 'garbage', unreachable: true, reason: 'unreachable: the next full collection frees it' },
  { class: 'uncollectable', unreachable: false, reason: 'kept alive by gc.garbage (DEBUG_SAVEALL or an earlier uncollectable cycle): clear gc.garbage' },
  { class: 'live', unreachable: false, reason: 'reachable from a root' },
  { class: 'live', unreachable: false, reason: 'held from outside the snapshot (more references than it records)' },
  { class: 'uncollectable', unreachable: false, reason: 'unreachable but not tracked by the collector: nothing will free it' },
];

/** Index into CLASSIFICATIONS for the component members[from .. to). */
export function classify(g: HeapGraph, v: Verdict, t: RetainerTree, pep442: boolean, members: Uint32Array, from: number, to: number): number {
  let garbage = false; let uncollectable = false; let finalizer = false; let tpDel = false;
  for (let k = from; k < to; k++) {
    const m = members[k];
    garbage ||= v.garbage[m] === 1;
    uncollectable ||= v.uncollectable[m] === 1;
    finalizer ||= (g.flags[m] & FLAG_FINALIZER) !== 0;
    tpDel ||= (g.flags[m] & FLAG_TP_DEL) !== 0;
  }
  if (uncollectable) return tpDel ? TP_DEL : LEGACY_DEL;
  if (garbage) return finalizer && pep442 ? GARBAGE_FINALIZERS : GARBAGE;
  const held = t.held[members[from]];
  if (held === HELD_BY_GC_GARBAGE) return SAVED_IN_GC_GARBAGE;
  if (held === HELD_BY_ROOT) return ROOT;
  if (held === HELD_FROM_OUTSIDE) return OUTSIDE;
  return UNTRACKED;
}
