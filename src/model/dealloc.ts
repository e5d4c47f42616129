// Deallocation and tp_clear, step by step, in the order CPython's tp_dealloc /
// tp_clear functions do their work (Objects/typeobject.c subtype_dealloc and
// subtype_clear, listobject.c list_dealloc/_list_clear, tupleobject.c
// tuple_dealloc, dictobject.c dict_dealloc/PyDict_Clear, setobject.c set_dealloc,
// weakrefobject.c weakref_dealloc/clear_weakref, classobject.c method_dealloc).
import { Kind, F_FINALIZED, F_TRACKED, F_SIDE, NONE } from './heap.js';
import type { Runtime } from './runtime.js';
import type { TypeInfo } from './types.js';
import { FrameKind } from './machine.js';
import { clearWeakref } from './weakrefs.js';

export interface Frame {
  kind: FrameKind;
  obj: number;
  phase: number;
  idx: number;
  extra?: number[];
}

const enum P {
  Start = 0,
  AfterFinalizer,
  ClearWeakrefs,
  AfterWeakrefs,
  AfterTpDel,
  Refs,
  Free,
}

/** Kinds whose tp_dealloc DECREFs items from the last to the first. */
function reverseOrder(kind: Kind): boolean {
  return kind === Kind.List || kind === Kind.Tuple;
}

export function hasFinalize(rt: Runtime, o: number): boolean {
  return typeHasFinalize(rt, rt.typeOf(o));
}

/** tp_finalize (PEP 442): a Python __del__, from 3.4. */
function typeHasFinalize(rt: Runtime, t: TypeInfo): boolean {
  return rt.profile.pep442 && t.finalizer !== null;
}

/** tp_del: legacy finalizers; before PEP 442 a Python __del__ was one too. */
export function hasLegacyFinalizer(rt: Runtime, o: number): boolean {
  const t = rt.typeOf(o);
  return t.tpDel || (!rt.profile.pep442 && t.finalizer !== null);
}

export function deallocStep(rt: Runtime, f: Frame): boolean {
  const h = rt.heap;
  const o = f.obj;
  const t = rt.typeOf(o);
  const kind = t.kind;
  const m = rt.machine;
  const depth = m.depth;
  // Phases run on in one step until one pushes a frame (a nested call), which
  // must finish before this deallocation goes on.
  for (;;) {
    switch (f.phase) {
      case P.Start:
        rt.untrack(o); // PyObject_GC_UnTrack
        if (kind === Kind.Weakref) clearWeakref(rt, o, true);
        if (kind !== Kind.Instance && kind !== Kind.Slots) {
          f.phase = kind === Kind.Set ? P.ClearWeakrefs : P.Refs;
        } else if (typeHasFinalize(rt, t)) {
          // subtype_dealloc: re-track, PyObject_CallFinalizerFromDealloc resurrects
          // the object to refcount 1 for the call; __del__ runs at most once (PEP 442).
          rt.track(o);
          h.refcnt[o] = 1;
          f.phase = P.AfterFinalizer;
          if ((h.flags[o] & F_FINALIZED) === 0) {
            h.flags[o] |= F_FINALIZED;
            m.push(FrameKind.Del, o);
          }
        } else if ((h.flags[o] & F_SIDE) === 0 && !hasLegacyFinalizer(rt, o)) {
          f.phase = P.Refs; // no weakrefs to clear, no tp_del: straight to the references
        } else {
          f.phase = P.ClearWeakrefs;
        }
        break;
      case P.AfterFinalizer:
        if (--h.refcnt[o] > 0) return true; // resurrected by __del__: stays tracked
        rt.untrack(o);
        f.phase = P.ClearWeakrefs;
        break;
      case P.ClearWeakrefs:
        f.phase = P.AfterWeakrefs;
        if ((h.flags[o] & F_SIDE) && rt.weakrefsTo.has(o)) m.push(FrameKind.WeakrefClear, o);
        break;
      case P.AfterWeakrefs:
        if (kind !== Kind.Set && hasLegacyFinalizer(rt, o)) {
          rt.track(o);
          h.refcnt[o] = 1;
          f.phase = P.AfterTpDel;
          m.push(FrameKind.TpDel, o);
        } else {
          f.phase = P.Refs;
        }
        break;
      case P.AfterTpDel:
        if (--h.refcnt[o] > 0) return true; // resurrected by tp_del
        rt.untrack(o);
        f.phase = P.Refs;
        break;
      case P.Refs: {
        const edges = h.edges;
        const n = edges.len[o];
        const backwards = reverseOrder(kind);
        while (f.idx < n) {
          const i = backwards ? n - 1 - f.idx : f.idx;
          f.idx++;
          // (The slab is read afresh each time: a nested deallocation may have run since.)
          const at = edges.start[o] + i;
          const v = edges.slab[at];
          if (v < 0) continue;
          edges.slab[at] = NONE;
          if (rt.decref(v)) return false; // v's dealloc runs first, then we resume
        }
        f.phase = P.Free;
        break;
      }
      default:
        freeObject(rt, o, kind);
        return true;
    }
    if (m.depth !== depth) return false;
  }
}

/** tp_free: park containers on their freelist, else PyObject_GC_Del. */
function freeObject(rt: Runtime, o: number, kind: Kind): void {
  const gc = rt.gc;
  const fl = rt.profile.freelists;
  const h = rt.heap;
  if ((h.flags[o] & F_TRACKED) !== 0) rt.untrack(o);
  if (kind === Kind.Atomic) {
    // not a GC object: no count change
  } else if (fl && kind === Kind.List && gc.freeLists < fl.list) {
    gc.freeLists++;
  } else if (fl && kind === Kind.Dict && gc.freeDicts < fl.dict) {
    gc.freeDicts++;
  } else if (fl && kind === Kind.Method && gc.freeMethods < fl.method) {
    gc.freeMethods++;
  } else if (fl && kind === Kind.Tuple && tupleToFreelist(rt, o, fl.tuple, fl.tuplePushMax)) {
    // parked
  } else {
    rt.gcDel();
  }
  if (h.flags[o] & F_SIDE) rt.forgetWeakrefState(o);
  rt.freeIndex(o);
}

function tupleToFreelist(rt: Runtime, o: number, cap: number, maxSize: number): boolean {
  const n = rt.heap.edges.len[o];
  if (n === 0 || n > maxSize) return false;
  const have = rt.gc.freeTuples[n] ?? 0;
  if (have >= cap) return false;
  rt.gc.freeTuples[n] = have + 1;
  return true;
}

/** tp_clear as called by delete_garbage: break the object's references. */
export function clearStep(rt: Runtime, f: Frame): boolean {
  const h = rt.heap;
  const o = f.obj;
  const kind = rt.typeOf(o).kind;
  if (f.phase === 0) {
    f.phase = 1;
    switch (kind) {
      case Kind.Tuple: case Kind.Method: case Kind.Opaque: case Kind.Atomic:
        return true; // no tp_clear
      case Kind.Weakref:
        clearWeakref(rt, o, true);
        break;
      case Kind.List: case Kind.Dict: case Kind.Set: {
        // _list_clear / PyDict_Clear / set_clear_internal: empty first, then DECREF.
        const n = h.edges.len[o];
        const items: number[] = [];
        for (let i = 0; i < n; i++) {
          const v = h.edges.get(o, reverseOrder(kind) ? n - 1 - i : i);
          if (v >= 0) items.push(v);
        }
        h.edges.len[o] = 0;
        if (kind === Kind.Dict) rt.resetDictKeys(o);
        f.extra = items;
        f.phase = 2;
        return false;
      }
      default:
        break; // Instance / Slots / Weakref: Py_CLEAR slot by slot
    }
  }
  if (f.phase === 2) {
    const items = f.extra!;
    while (f.idx < items.length) {
      if (rt.decref(items[f.idx++])) return false;
    }
    return true;
  }
  const n = h.edges.len[o];
  while (f.idx < n) {
    const i = f.idx++;
    const v = h.edges.get(o, i);
    if (v < 0) continue;
    h.edges.put(o, i, NONE, NONE);
    if (rt.decref(v)) return false;
  }
  return true;
}
