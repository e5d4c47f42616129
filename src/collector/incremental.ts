// The incremental collector of CPython 3.14.0-3.14.4 (Python/gc.c): young
// collections (gc.collect(0)), increments over the old generation's two spaces
// (automatic runs and gc.collect(1)), full collections (gc.collect(2)).
// Spec: 3.14.2's compiled collector, checked value by value against Pyodide 314.0.7
// (young.count, work_to_do, heap_size, phase after every allocation of 360,000).
import { F_TRACKED, F_VISITED, F_GC, F_IMMORTAL } from '../model/heap.js';
import { clearFreelists } from './state.js';
import type { Runtime } from '../model/runtime.js';
import { listMerge, listMove, listIsEmpty, listSize } from './gclist.js';
import { untrackTuples, referents } from './reachability.js';
import { collectRegion, type CollectResult } from './generational.js';

const SCAN_RATE_DIVISOR = 10;

// old[0] and old[1] are gc.gen[1] and gc.gen[2]; young is gc.gen[0].
const young = (rt: Runtime) => rt.gc.gen[0];
const oldSpace = (rt: Runtime, space: number) => rt.gc.gen[1 + space];
const visited = (rt: Runtime) => oldSpace(rt, rt.gc.visitedSpace);
const pending = (rt: Runtime) => oldSpace(rt, rt.gc.visitedSpace ^ 1);

function spaceOf(rt: Runtime, o: number): number {
  return (rt.heap.flags[o] & F_VISITED) !== 0 ? 1 : 0;
}

function setSpace(rt: Runtime, o: number, space: number): void {
  if (space) rt.heap.flags[o] |= F_VISITED;
  else rt.heap.flags[o] &= ~F_VISITED;
}

function setSpaceAll(rt: Runtime, head: number, space: number): void {
  const h = rt.heap;
  for (let o = h.next[head]; o !== head; o = h.next[o]) setSpace(rt, o, space);
}

/** _PyObject_GC_TRACK marks a new object "not visited". */
export function newObjectSpace(rt: Runtime, o: number): void {
  setSpace(rt, o, rt.gc.visitedSpace ^ 1);
}

/** visit_add_to_container / move_to_reachable: 1 when the object was moved. */
function addToContainer(rt: Runtime, o: number, container: number): number {
  const f = rt.heap.flags[o];
  if ((f & F_IMMORTAL) !== 0 || (f & F_GC) === 0 || (f & F_TRACKED) === 0) return 0;
  if (spaceOf(rt, o) === rt.gc.visitedSpace) return 0;
  setSpace(rt, o, rt.gc.visitedSpace);
  listMove(rt.heap, o, container);
  return 1;
}

/** mark_all_reachable: move what `reachable` holds to `to`, adding what it reaches. */
function markAllReachable(rt: Runtime, reachable: number, to: number): number {
  const h = rt.heap;
  let n = 0;
  const visit = (r: number): void => { n += addToContainer(rt, r, reachable); };
  while (!listIsEmpty(h, reachable)) {
    const o = h.next[reachable];
    listMove(h, o, to);
    referents(rt, o, visit);
  }
  return n;
}

/**
 * mark_stacks: the objects Python frames hold (locals and value stacks) and what
 * they reach. After gc.freeze() the global roots are frozen, so the stacks are
 * all that marking finds; the executor's frames hold what rt.stackRoots lists.
 */
function markStacks(rt: Runtime): number {
  const h = rt.heap;
  const reachable = h.newHead();
  let n = 0;
  for (const o of [...rt.stackRoots, ...rt.machine.pythonRoots()]) {
    if (o >= 0 && rt.heap.isAlive(o)) n += addToContainer(rt, o, reachable);
  }
  n += markAllReachable(rt, reachable, visited(rt));
  h.releaseIndex(reachable);
  return n;
}

/** assess_work_to_do: new objects plus a share of the heap (capped); the count restarts. */
function assessWorkToDo(rt: Runtime): number {
  const gc = rt.gc;
  const scale = Math.max(gc.threshold[1], 2);
  const fresh = gc.count[0];
  const cap = rt.profile.incrementalEarlyReturn ? fresh * 2 : Math.floor((fresh * 3) / 2);
  const heapFraction = Math.min(Math.floor(Math.floor(gc.heapSize / SCAN_RATE_DIVISOR) / scale), cap);
  gc.count[0] = 0;
  return fresh + heapFraction;
}

/** completed_scavenge: every old object becomes pending again. */
function completedScavenge(rt: Runtime): void {
  const gc = rt.gc;
  const h = rt.heap;
  if (listIsEmpty(h, gc.permanent)) {
    gc.visitedSpace ^= 1;
    setSpaceAll(rt, young(rt), gc.visitedSpace ^ 1);
  } else {
    setSpaceAll(rt, visited(rt), gc.visitedSpace ^ 1);
    listMerge(h, visited(rt), pending(rt));
  }
  gc.workToDo = 0;
  gc.phase = 'mark';
}

/** expand_region_transitively_reachable: a pulled pending object brings what it reaches. */
function expandRegion(rt: Runtime, container: number, from: number): number {
  const h = rt.heap;
  let n = 0;
  const visit = (r: number): void => { n += addToContainer(rt, r, container); };
  for (let o = from; o !== container; o = h.next[o]) referents(rt, o, visit);
  return n;
}

function addStats(rt: Runtime, gen: number, r: CollectResult): void {
  const s = rt.gc.stats[gen];
  s.collections++;
  s.collected += r.collected;
  s.uncollectable += r.uncollectable;
}

/** gc_collect_region(from -> to): the generational pipeline, survivors appended to `to`. */
function collectInto(rt: Runtime, from: number, to: number): CollectResult {
  return collectRegion(rt, from, to, () => {
    if (from !== to) listMerge(rt.heap, from, to);
  });
}

function record(rt: Runtime, generation: number, step: 'young' | 'increment' | 'mark' | 'full' | 'skipped',
  trigger: 'automatic' | 'manual', before: [number, number, number], r?: CollectResult): void {
  rt.collections.push({
    event: rt.event, generation, trigger, step, examined: r?.examined ?? 0, collected: r?.collected ?? 0,
    uncollectable: r?.uncollectable ?? 0, finalizers: r?.finalizers ?? 0, countBefore: before,
  });
}

/** gc_collect_young: gc.collect(0). */
function collectYoung(rt: Runtime): CollectResult {
  const gc = rt.gc;
  untrackTuples(rt, young(rt));
  setSpaceAll(rt, young(rt), gc.visitedSpace);
  const r = collectInto(rt, young(rt), visited(rt));
  gc.count[0] = 0;
  rt.gc.oldCount[gc.visitedSpace]++;
  addStats(rt, 0, r);
  return r;
}

/** gc_collect_increment: automatic runs and gc.collect(1). */
function collectIncrement(rt: Runtime): { step: 'mark' | 'increment' | 'skipped'; r?: CollectResult } {
  const gc = rt.gc;
  const h = rt.heap;
  gc.workToDo += assessWorkToDo(rt);
  if (rt.profile.incrementalEarlyReturn && gc.workToDo < 0) return { step: 'skipped' };
  untrackTuples(rt, young(rt));
  if (gc.phase === 'mark') {
    // mark_at_start subtracts what it marked, and its caller does again (gh-141890).
    const marked = markStacks(rt);
    gc.workToDo -= marked;
    gc.phase = 'collect';
    gc.workToDo -= marked;
    return { step: 'mark' };
  }
  gc.workToDo -= markStacks(rt);
  const increment = h.newHead();
  setSpaceAll(rt, young(rt), gc.visitedSpace);
  listMerge(h, young(rt), increment);
  let size = listSize(h, increment);
  while (size < gc.workToDo && !listIsEmpty(h, pending(rt))) {
    const o = h.next[pending(rt)];
    listMove(h, o, increment);
    size++;
    setSpace(rt, o, gc.visitedSpace);
    size += expandRegion(rt, increment, o);
  }
  const r = collectInto(rt, increment, visited(rt));
  h.releaseIndex(increment);
  if (!rt.profile.incrementalEarlyReturn) {
    gc.workToDo += Math.floor(Math.floor(gc.heapSize / SCAN_RATE_DIVISOR) / Math.max(gc.threshold[1], 2));
  }
  gc.workToDo -= size;
  addStats(rt, 1, r);
  if (listIsEmpty(h, pending(rt))) completedScavenge(rt);
  return { step: 'increment', r };
}

/** gc_collect_full: gc.collect(2). */
function collectFull(rt: Runtime): CollectResult {
  const gc = rt.gc;
  const h = rt.heap;
  untrackTuples(rt, young(rt));
  listMerge(h, young(rt), pending(rt));
  setSpaceAll(rt, pending(rt), gc.visitedSpace);
  gc.count[0] = 0;
  listMerge(h, pending(rt), visited(rt));
  const r = collectInto(rt, visited(rt), visited(rt));
  gc.count[0] = 0;
  gc.oldCount = [0, 0];
  completedScavenge(rt);
  clearFreelists(rt);
  addStats(rt, 2, r);
  return r;
}

/** _PyGC_Collect(generation). */
function pyGcCollect(rt: Runtime, generation: number, trigger: 'automatic' | 'manual'): number {
  const gc = rt.gc;
  if (gc.collecting) return 0;
  gc.collecting = true;
  const before = incrementalCount(rt);
  let r: CollectResult | undefined;
  if (generation === 0) {
    r = collectYoung(rt);
    record(rt, 0, 'young', trigger, before, r);
  } else if (generation === 1) {
    const inc = collectIncrement(rt);
    r = inc.r;
    record(rt, 1, inc.step, trigger, before, r);
  } else {
    r = collectFull(rt);
    record(rt, 2, 'full', trigger, before, r);
  }
  gc.collecting = false;
  return r ? r.collected + r.uncollectable : 0;
}

/** _Py_RunGC: an automatic run is always an increment. */
export function incrementalAutomatic(rt: Runtime): void {
  if (rt.gc.enabled) pyGcCollect(rt, 1, 'automatic');
}

export function incrementalManual(rt: Runtime, generation: number): number {
  return pyGcCollect(rt, generation, 'manual');
}

/** gc.get_count(): (young, old[visited], old[pending]). */
export function incrementalCount(rt: Runtime): [number, number, number] {
  const gc = rt.gc;
  return [gc.count[0], gc.oldCount[gc.visitedSpace], gc.oldCount[gc.visitedSpace ^ 1]];
}

/** gc.freeze(): everything becomes permanent (and "visited"); counts restart. */
export function incrementalFreeze(rt: Runtime): void {
  const gc = rt.gc;
  const h = rt.heap;
  setSpaceAll(rt, young(rt), gc.visitedSpace);
  listMerge(h, young(rt), gc.permanent);
  gc.count[0] = 0;
  setSpaceAll(rt, pending(rt), gc.visitedSpace);
  listMerge(h, oldSpace(rt, 0), gc.permanent);
  listMerge(h, oldSpace(rt, 1), gc.permanent);
  gc.oldCount = [0, 0];
}

/** gc.unfreeze(): the permanent generation joins the visited space. */
export function incrementalUnfreeze(rt: Runtime): void {
  listMerge(rt.heap, rt.gc.permanent, visited(rt));
}
