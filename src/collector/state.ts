// The collector's global state: CPython's struct _gc_runtime_state (GCState).
import type { Heap } from '../model/heap.js';
import type { Runtime } from '../model/runtime.js';
import type { Profile } from '../model/profiles.js';

export interface GenStats {
  collections: number;
  collected: number;
  uncollectable: number;
}

export const DEBUG_SAVEALL = 32;

export class GcState {
  /** generations[i] list heads. In the incremental collector: young, old[0], old[1]. */
  readonly gen: [number, number, number];
  readonly permanent: number;
  threshold: [number, number, number];
  count: [number, number, number] = [0, 0, 0];
  longLivedTotal = 0;
  longLivedPending = 0;
  enabled = true;
  collecting = false;
  debug = 0;
  /** gc.garbage: each entry holds a reference. */
  garbage: number[] = [];
  stats: [GenStats, GenStats, GenStats] = [0, 1, 2].map(() => ({ collections: 0, collected: 0, uncollectable: 0 })) as [GenStats, GenStats, GenStats];
  /** 3.12+: a collection is due at the next eval-breaker check (_Py_ScheduleGC). */
  scheduled = false;
  // 3.14.0-3.14.4 incremental collector
  /** old[0].count, old[1].count: only gc.collect(0) increments them. */
  oldCount: [number, number] = [0, 0];
  visitedSpace = 0;
  phase: 'mark' | 'collect' = 'mark';
  workToDo = 0;
  heapSize = 0;
  // Freelist occupancy (objects parked on a freelist bypass the count).
  freeLists = 0;
  freeDicts = 0;
  freeTuples: number[] = [];
  /** <= 3.8: bound methods on their free_list. */
  freeMethods = 0;
  /** <= 3.10: frames on the frame freelist. */
  freeFrames = 0;

  constructor(heap: Heap, profile: Profile, thresholds?: number[]) {
    this.gen = [heap.newHead(), heap.newHead(), heap.newHead()];
    this.permanent = heap.newHead();
    const t = [...profile.thresholds] as [number, number, number];
    if (thresholds) thresholds.forEach((v, i) => { t[i] = v; });
    this.threshold = t;
  }

  /**
   * gc_collect_main: clear_freelists() on full collections. Returns how many
   * parked objects that frees: each goes through PyObject_GC_Del, which moves
   * the gen-0 count down (see clearFreelists below).
   */
  takeFreelists(): number {
    let n = this.freeLists + this.freeDicts + this.freeFrames + this.freeMethods;
    for (const k of this.freeTuples) n += k ?? 0;
    this.freeLists = 0;
    this.freeDicts = 0;
    this.freeTuples = [];
    this.freeFrames = 0;
    this.freeMethods = 0;
    return n;
  }
}

/**
 * clear_freelists() at the end of a full collection: the parked lists, dicts,
 * tuples and frames are freed for real, and PyObject_GC_Del lowers the gen-0
 * count for each (floored at 0). It shows when a finalizer of this collection
 * allocated after the counts were reset.
 */
export function clearFreelists(rt: Runtime): void {
  for (let n = rt.gc.takeFreelists(); n > 0; n--) rt.gcDel();
}
