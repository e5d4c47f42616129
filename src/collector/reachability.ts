// Finding what is unreachable: update_refs, subtract_refs, move_unreachable
// (CPython 3.11 Modules/gcmodule.c; the same in 3.12 gcmodule.c and 3.13+ gc.c).
import { Kind, F_COLLECTING, F_GC, F_TRACKED, F_UNREACHABLE, F_IMMORTAL } from '../model/heap.js';
import type { Runtime } from '../model/runtime.js';
import { listAppend, listMove } from './gclist.js';

/**
 * tp_traverse order: list_traverse and tupletraverse visit items last to first;
 * everything else in slot / insertion order. The order decides how
 * move_unreachable and the incremental marker reorder the lists.
 */
export function traversesBackwards(rt: Runtime, o: number): boolean {
  const k = rt.typeOf(o).kind;
  return k === Kind.List || k === Kind.Tuple;
}

/** The referents of o in tp_traverse order (negative slots skipped). */
export function referents(rt: Runtime, o: number, visit: (r: number) => void): void {
  const { slab, start, len } = rt.heap.edges;
  const s = start[o];
  const n = len[o];
  if (traversesBackwards(rt, o)) {
    for (let i = s + n - 1; i >= s; i--) if (slab[i] >= 0) visit(slab[i]);
  } else {
    for (let i = s; i < s + n; i++) if (slab[i] >= 0) visit(slab[i]);
  }
}

/** _PyObject_GC_MAY_BE_TRACKED: a GC object that is not an untracked tuple. */
export function mayBeTracked(rt: Runtime, o: number): boolean {
  if (o < 0) return false;
  const f = rt.heap.flags[o];
  if ((f & F_GC) === 0) return false;
  return rt.typeOf(o).kind !== Kind.Tuple || (f & F_TRACKED) !== 0;
}

/** update_refs: gc_refs = refcount; mark as COLLECTING. 3.12/3.13 park immortals in the permanent generation. */
export function updateRefs(rt: Runtime, young: number): void {
  const h = rt.heap;
  for (let o = h.next[young]; o !== young;) {
    const next = h.next[o];
    if (rt.profile.immortalToPermanent && (h.flags[o] & F_IMMORTAL) !== 0) {
      listMove(h, o, rt.gc.permanent);
    } else {
      h.gcRefs[o] = h.refcnt[o];
      h.flags[o] |= F_COLLECTING;
    }
    o = next;
  }
}

/** subtract_refs: remove the references that come from inside the examined set. */
export function subtractRefs(rt: Runtime, young: number): void {
  const h = rt.heap;
  const { slab, start, len } = h.edges;
  for (let o = h.next[young]; o !== young; o = h.next[o]) {
    const s = start[o];
    const e = s + len[o];
    for (let i = s; i < e; i++) {
      const r = slab[i];
      if (r >= 0 && (h.flags[r] & F_COLLECTING) !== 0) h.gcRefs[r]--;
    }
  }
}

/**
 * move_unreachable: scan `young` in order; objects with gc_refs > 0 are
 * reachable and make everything they reference reachable (visit_reachable moves
 * tentatively-unreachable objects back to young's tail). The rest goes to
 * `unreachable`, in scan order.
 */
export function moveUnreachable(rt: Runtime, young: number, unreachable: number): void {
  const h = rt.heap;
  // visit_reachable
  const visit = (r: number): void => {
    if ((h.flags[r] & F_COLLECTING) === 0) return;
    if ((h.flags[r] & F_UNREACHABLE) !== 0) {
      h.flags[r] &= ~F_UNREACHABLE;
      listMove(h, r, young);
      h.gcRefs[r] = 1;
    } else if (h.gcRefs[r] === 0) {
      h.gcRefs[r] = 1;
    }
  };
  let o = h.next[young];
  while (o !== young) {
    if (h.gcRefs[o] > 0) {
      referents(rt, o, visit);
      h.flags[o] &= ~F_COLLECTING;
      o = h.next[o];
    } else {
      const next = h.next[o];
      h.flags[o] |= F_UNREACHABLE;
      listMove(h, o, unreachable);
      o = next;
    }
  }
}

/** deduce_unreachable: the three passes; afterwards `young` holds the reachable objects. */
export function deduceUnreachable(rt: Runtime, young: number, unreachable: number): void {
  updateRefs(rt, young);
  subtractRefs(rt, young);
  moveUnreachable(rt, young, unreachable);
}

/** Clear NEXT_MASK_UNREACHABLE (done by move_legacy_finalizers / clear_unreachable_mask). */
export function clearUnreachableMask(rt: Runtime, head: number): void {
  const h = rt.heap;
  for (let o = h.next[head]; o !== head; o = h.next[o]) h.flags[o] &= ~F_UNREACHABLE;
}

/** gc_list_clear_collecting. */
export function clearCollecting(rt: Runtime, head: number): void {
  const h = rt.heap;
  for (let o = h.next[head]; o !== head; o = h.next[o]) h.flags[o] &= ~F_COLLECTING;
}

/** untrack_tuples: survivors whose items can never be part of a cycle leave the lists. */
export function untrackTuples(rt: Runtime, head: number): void {
  const h = rt.heap;
  for (let o = h.next[head]; o !== head;) {
    const next = h.next[o];
    if (rt.typeOf(o).kind === Kind.Tuple && !anyMayBeTracked(rt, o)) rt.untrack(o);
    o = next;
  }
}

/** untrack_dicts (full collections, <= 3.13): _PyDict_MaybeUntrack. */
export function untrackDicts(rt: Runtime, head: number): void {
  const h = rt.heap;
  for (let o = h.next[head]; o !== head;) {
    const next = h.next[o];
    if (rt.typeOf(o).kind === Kind.Dict && !anyMayBeTracked(rt, o)) rt.untrack(o);
    o = next;
  }
}

export function anyMayBeTracked(rt: Runtime, o: number): boolean {
  const { slab, start, len } = rt.heap.edges;
  const s = start[o];
  for (let i = s; i < s + len[o]; i++) if (mayBeTracked(rt, slab[i])) return true;
  return false;
}

export { listAppend };
