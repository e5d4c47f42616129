// gc.freeze / gc.unfreeze / gc.set_threshold (CPython 3.11 gc_freeze_impl,
// gc_unfreeze_impl, gc_set_threshold; 3.14.0-3.14.4 per cpython-gc.md §7).
import type { Runtime } from '../model/runtime.js';
import { NONE } from '../model/heap.js';
import { newTuple } from '../model/create.js';
import { listMerge, listSize } from './gclist.js';
import { incrementalFreeze, incrementalUnfreeze, incrementalCount } from './incremental.js';

/** Move every generation (youngest first) to the permanent generation; counts restart. */
export function freeze(rt: Runtime): void {
  const gc = rt.gc;
  if (rt.profile.collector === 'incremental') return incrementalFreeze(rt);
  for (let i = 0; i < 3; i++) {
    listMerge(rt.heap, gc.gen[i], gc.permanent);
    gc.count[i] = 0;
  }
}

/** The permanent generation joins the oldest one. */
export function unfreeze(rt: Runtime): void {
  if (rt.profile.collector === 'incremental') return incrementalUnfreeze(rt);
  listMerge(rt.heap, rt.gc.permanent, rt.gc.gen[2]);
}

export function freezeCount(rt: Runtime): number {
  return listSize(rt.heap, rt.gc.permanent);
}

/**
 * gc.set_threshold(t0[, t1[, t2]]): a METH_VARARGS call, so an argument tuple is
 * made and freed around it (a tuple of ints: 3.14.1+ do not track it, measured).
 * The 3.14.0-3.14.4 collector ignores t2.
 */
export function setThreshold(rt: Runtime, t: number[]): void {
  const args = newTuple(rt, t.map(() => NONE), 'display');
  const n = rt.profile.collector === 'incremental' ? Math.min(2, t.length) : t.length;
  for (let i = 0; i < n; i++) rt.gc.threshold[i] = t[i];
  rt.decref(args);
  rt.drain();
}

/** gc.get_threshold(): (t0, t1, 0) in the incremental collector. */
export function getThreshold(rt: Runtime): [number, number, number] {
  const [a, b, c] = rt.gc.threshold;
  return rt.profile.collector === 'incremental' ? [a, b, 0] : [a, b, c];
}

/** gc.get_count(). */
export function getCount(rt: Runtime): [number, number, number] {
  return rt.profile.collector === 'incremental' ? incrementalCount(rt) : [...rt.gc.count];
}
