// weakref.ref objects (Objects/weakrefobject.c): the per-referent list order,
// basic-ref reuse, and clearing.
import { NONE, F_SIDE } from './heap.js';
import type { Runtime, WeakrefCallback } from './runtime.js';

/**
 * Link a new weakref into its referent's list as PyWeakref_NewRef does: a ref
 * without callback goes to the head; one with a callback right after the basic
 * ref, i.e. before older callback refs (so callbacks run newest first).
 */
export function linkWeakref(rt: Runtime, w: number, target: number, hasCallback: boolean): void {
  let list = rt.weakrefsTo.get(target);
  if (!list) rt.weakrefsTo.set(target, (list = []));
  rt.heap.flags[target] |= F_SIDE;
  rt.heap.flags[w] |= F_SIDE;
  if (!hasCallback) list.unshift(w);
  else list.splice(basicRef(rt, list) === NONE ? 0 : 1, 0, w);
  rt.wrTarget.set(w, target);
}

/** The referent's reusable weakref: a plain ref without callback, always first in the list. */
export function basicRef(rt: Runtime, list: number[] | undefined): number {
  if (!list || list.length === 0) return NONE;
  const first = list[0];
  return rt.wrCallback.has(first) ? NONE : first;
}

/**
 * clear_weakref: unlink from the referent's list and point at None. With
 * dropCallback (clear_weakref proper) the callback reference is released too;
 * without it (_PyWeakref_ClearRef, used by the collector) the callback stays.
 */
export function clearWeakref(rt: Runtime, w: number, dropCallback: boolean): void {
  const target = rt.wrTarget.get(w);
  if (target !== undefined && target !== NONE) {
    const list = rt.weakrefsTo.get(target)!;
    const at = list.indexOf(w);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) rt.weakrefsTo.delete(target);
    rt.wrTarget.set(w, NONE);
  }
  if (dropCallback) {
    rt.wrCallback.delete(w);
    const cb = rt.heap.edges.get(w, 0);
    if (cb >= 0) {
      rt.heap.edges.put(w, 0, NONE, NONE);
      rt.decref(cb);
    }
  }
}

/** What a weakref's callback does, or undefined when it has none. */
export function callbackOf(rt: Runtime, w: number): WeakrefCallback | undefined {
  return rt.wrCallback.get(w);
}
