// What the collector does with the unreachable set, phase by phase
// (CPython 3.11 gc_collect_main; 3.13 gc.c has the same phases).
import { Kind, F_COLLECTING, F_FINALIZED, F_UNREACHABLE } from '../model/heap.js';
import type { Runtime } from '../model/runtime.js';
import { FrameKind } from '../model/machine.js';
import { hasFinalize, hasLegacyFinalizer } from '../model/dealloc.js';
import { clearWeakref } from '../model/weakrefs.js';
import { pushCallback } from '../model/calls.js';
import { listInit, listMove, listMerge, listIsEmpty, listAppend } from './gclist.js';
import { deduceUnreachable, clearCollecting, clearUnreachableMask, referents } from './reachability.js';
import { DEBUG_SAVEALL } from './state.js';

/** move_legacy_finalizers: tp_del objects leave `unreachable` (and lose COLLECTING). */
export function moveLegacyFinalizers(rt: Runtime, unreachable: number, finalizers: number): void {
  const h = rt.heap;
  for (let o = h.next[unreachable]; o !== unreachable;) {
    const next = h.next[o];
    h.flags[o] &= ~F_UNREACHABLE;
    if (hasLegacyFinalizer(rt, o)) {
      h.flags[o] &= ~F_COLLECTING;
      listMove(h, o, finalizers);
    }
    o = next;
  }
}

/** move_legacy_finalizer_reachable: everything they reach inside the set is uncollectable too. */
export function moveLegacyFinalizerReachable(rt: Runtime, finalizers: number): void {
  const h = rt.heap;
  const visit = (r: number): void => {
    if ((h.flags[r] & F_COLLECTING) === 0) return;
    listMove(h, r, finalizers);
    h.flags[r] &= ~F_COLLECTING;
  };
  for (let o = h.next[finalizers]; o !== finalizers; o = h.next[o]) referents(rt, o, visit);
}

/**
 * handle_weakrefs: clear every weakref to an unreachable object (and, 3.9+,
 * unreachable weakrefs themselves); call the callbacks of weakrefs that are not
 * trash. Returns how many of those weakrefs died after their callback (they
 * count as collected).
 */
export function handleWeakrefs(rt: Runtime, unreachable: number, old: number): number {
  const h = rt.heap;
  const wrcbToCall = rt.heap.newHead();
  for (let o = h.next[unreachable]; o !== unreachable; o = h.next[o]) {
    const kind = rt.typeOf(o).kind;
    if (rt.profile.clearTrashWeakrefs && kind === Kind.Weakref) clearWeakref(rt, o, false);
    const list = rt.weakrefsTo.get(o);
    while (list && list.length > 0) {
      const w = list[0];
      clearWeakref(rt, w, false);
      if (!rt.wrCallback.has(w)) continue;
      if ((h.flags[w] & F_COLLECTING) !== 0) continue; // trash weakref: its callback never runs
      rt.incref(w);
      listMove(h, w, wrcbToCall);
    }
  }
  let freed = 0;
  while (!listIsEmpty(h, wrcbToCall)) {
    const w = h.next[wrcbToCall];
    const cb = rt.wrCallback.get(w)!;
    const base = rt.machine.depth;
    pushCallback(rt, w, cb, h.edges.get(w, 0));
    rt.machine.run(base);
    rt.decref(w);
    rt.drain();
    if (h.next[wrcbToCall] === w) listMove(h, w, old);
    else freed++;
  }
  h.releaseIndex(wrcbToCall);
  return freed;
}

/** finalize_garbage: call tp_finalize (__del__) once per object, in list order. */
export function finalizeGarbage(rt: Runtime, collectable: number): number {
  const h = rt.heap;
  const seen = h.newHead();
  let calls = 0;
  while (!listIsEmpty(h, collectable)) {
    const o = h.next[collectable];
    listMove(h, o, seen);
    if ((h.flags[o] & F_FINALIZED) === 0 && hasFinalize(rt, o)) {
      h.flags[o] |= F_FINALIZED;
      calls++;
      rt.incref(o);
      rt.machine.call(FrameKind.Del, o);
      rt.decref(o);
      rt.drain();
    }
  }
  listMerge(h, seen, collectable);
  h.releaseIndex(seen);
  return calls;
}

/**
 * handle_resurrected_objects (3.9+): run deduce_unreachable again over the
 * unreachable set; what a finalizer made reachable goes to `old`.
 */
export function handleResurrectedObjects(rt: Runtime, unreachable: number, stillUnreachable: number, old: number): void {
  clearCollecting(rt, unreachable);
  deduceUnreachable(rt, unreachable, stillUnreachable);
  clearUnreachableMask(rt, stillUnreachable);
  listMerge(rt.heap, unreachable, old);
}

/** check_garbage (<= 3.8): true when some object was resurrected (the whole set survives). */
export function checkGarbage(rt: Runtime, collectable: number): boolean {
  const h = rt.heap;
  for (let o = h.next[collectable]; o !== collectable; o = h.next[o]) h.gcRefs[o] = h.refcnt[o];
  for (let o = h.next[collectable]; o !== collectable; o = h.next[o]) {
    const n = h.edges.len[o];
    for (let i = 0; i < n; i++) {
      const r = h.edges.get(o, i);
      if (r >= 0 && (h.flags[r] & F_COLLECTING) !== 0) h.gcRefs[r]--;
    }
  }
  let revived = false;
  for (let o = h.next[collectable]; o !== collectable; o = h.next[o]) {
    if (h.gcRefs[o] !== 0) revived = true;
    h.flags[o] &= ~F_COLLECTING;
  }
  return revived;
}

/** delete_garbage: tp_clear each object (or keep it in gc.garbage under DEBUG_SAVEALL). */
export function deleteGarbage(rt: Runtime, collectable: number, old: number): void {
  const h = rt.heap;
  const gc = rt.gc;
  while (!listIsEmpty(h, collectable)) {
    const o = h.next[collectable];
    if (gc.debug & DEBUG_SAVEALL) {
      rt.incref(o);
      gc.garbage.push(o);
    } else {
      rt.incref(o);
      rt.machine.call(FrameKind.Clear, o);
      rt.decref(o);
      rt.drain();
    }
    if (h.next[collectable] === o) {
      h.flags[o] &= ~F_COLLECTING;
      listMove(h, o, old);
    }
  }
}

/** handle_legacy_finalizers: tp_del objects (all, under SAVEALL) go to gc.garbage; the set joins `old`. */
export function handleLegacyFinalizers(rt: Runtime, finalizers: number, old: number): void {
  const h = rt.heap;
  for (let o = h.next[finalizers]; o !== finalizers; o = h.next[o]) {
    if ((rt.gc.debug & DEBUG_SAVEALL) || hasLegacyFinalizer(rt, o)) {
      rt.incref(o);
      rt.gc.garbage.push(o);
    }
  }
  listMerge(h, finalizers, old);
}

export { listInit, listAppend };
