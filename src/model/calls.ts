// Python code the model runs: __del__, legacy tp_del, weakref callbacks
// (PyObject_ClearWeakRefs / handle_callback) and weakref.finalize.__call__.
// In 3.12+ entering Python code and returning from a call are eval-breaker
// checks, where a scheduled collection runs: each frame calls safepoint() where
// the executor's Python code has a RESUME or a CALL.
import { NONE } from './heap.js';
import type { Runtime, WeakrefCallback } from './runtime.js';
import { FrameKind } from './machine.js';
import type { Frame } from './dealloc.js';
import { clearWeakref } from './weakrefs.js';
import { render } from './pyformat.js';
import { runScheduled } from '../collector/collect.js';
import { newMethod, newTuple } from './create.js';
import { frameAlloc, frameDealloc } from './frames.js';

export interface CallFrame extends Frame {
  cb?: WeakrefCallback;
}

/** __del__: entry check, then each action (a CALL in the executor) followed by a check. */
export function delStep(rt: Runtime, f: Frame): boolean {
  const o = f.obj;
  const t = rt.typeOf(o);
  const fin = t.finalizer!;
  const clear = fin.clear ?? [];
  const actions = 1 + (fin.resurrect ? 1 : 0) + clear.length;
  if (f.idx === 0) frameAlloc(rt, t);
  while (f.idx < 2 * actions + 1) {
    const step = f.idx++;
    if (step % 2 === 0) {
      runScheduled(rt);
      continue;
    }
    const a = (step - 1) / 2;
    if (a === 0) {
      rt.logCall('finalizer', o, fin.print);
    } else if (fin.resurrect && a === 1) {
      rt.incref(o);
      rt.resurrected.push(o);
    } else {
      const field = clear[a - 1 - (fin.resurrect ? 1 : 0)];
      if (rt.setAttr(o, field, NONE)) return false;
    }
  }
  frameDealloc(rt, t);
  return true;
}

/**
 * Legacy tp_del (_testcapi's slot_tp_del calling __tp_del__, which only logs).
 * <= 3.11 it looks the method up bound: a bound method lives for the call.
 */
export function tpDelStep(rt: Runtime, f: Frame): boolean {
  if (f.phase === 1) return true;
  const bound = rt.profile.tpDelBoundMethod ? newMethod(rt, f.obj, '__tp_del__') : NONE;
  runScheduled(rt);
  rt.logCall('tp_del', f.obj);
  runScheduled(rt);
  f.phase = 1;
  return !rt.decref(bound);
}

/**
 * PyObject_ClearWeakRefs: callback-less refs are cleared first; one remaining
 * ref is called directly; several are collected into a tuple (a real GC
 * allocation) and called in list order.
 */
export function weakrefClearStep(rt: Runtime, f: Frame): boolean {
  const o = f.obj;
  const h = rt.heap;
  if (f.phase === 0) {
    const list = rt.weakrefsTo.get(o) ?? [];
    // Remove the callback-less basic reference (list head).
    if (list.length > 0 && !rt.wrCallback.has(list[0])) clearWeakref(rt, list[0], true);
    const refs = [...(rt.weakrefsTo.get(o) ?? [])];
    if (refs.length === 0) return true;
    if (refs.length === 1 && !rt.profile.weakrefTupleAlways) {
      const w = refs[0];
      const cb = rt.wrCallback.get(w);
      const cbObj = takeCallback(rt, w);
      clearWeakref(rt, w, false);
      f.extra = [cbObj];
      f.phase = 1;
      if (cb && h.refcnt[w] > 0) pushCallback(rt, w, cb, cbObj);
      return false;
    }
    const tuple = rt.newTupleForCall(refs.length * 2);
    const cbs: (WeakrefCallback | undefined)[] = [];
    refs.forEach((w, i) => {
      if (h.refcnt[w] > 0) {
        rt.incref(w);
        h.edges.put(tuple, 2 * i, w, NONE);
        cbs.push(rt.wrCallback.get(w));
        h.edges.put(tuple, 2 * i + 1, takeCallback(rt, w), NONE);
      } else {
        cbs.push(undefined);
        rt.decref(takeCallback(rt, w));
      }
      clearWeakref(rt, w, false);
    });
    f.extra = [tuple];
    (f as CallFrame & { cbs?: typeof cbs }).cbs = cbs;
    f.phase = 2;
    return false;
  }
  if (f.phase === 1) {
    rt.decref(f.extra![0]);
    return true;
  }
  const tuple = f.extra![0];
  const cbs = (f as CallFrame & { cbs: (WeakrefCallback | undefined)[] }).cbs;
  while (f.idx < cbs.length) {
    const i = f.idx++;
    const cb = cbs[i];
    if (cb) {
      pushCallback(rt, h.edges.get(tuple, 2 * i), cb, h.edges.get(tuple, 2 * i + 1));
      return false;
    }
  }
  rt.decref(tuple);
  return true;
}

/** Move the callback reference out of the weakref (wr_callback = NULL). */
function takeCallback(rt: Runtime, w: number): number {
  rt.wrCallback.delete(w);
  const cbObj = rt.heap.edges.get(w, 0);
  if (cbObj >= 0) rt.heap.edges.put(w, 0, NONE, NONE);
  return cbObj;
}

export function pushCallback(rt: Runtime, w: number, cb: WeakrefCallback, cbObj: number): void {
  rt.machine.push(FrameKind.Callback, w, [cbObj]);
  (rt.machine.top() as CallFrame).cb = cb;
}

/** handle_callback: call the callback with the weakref. */
export function callbackStep(rt: Runtime, f: Frame): boolean {
  const cb = (f as CallFrame).cb!;
  if (cb.kind === 'finalize') {
    // handle_callback: PyObject_CallOneArg(finalize_obj, ref). A class instance
    // with __call__ has no vectorcall, so _PyObject_MakeTpCall packs (ref,) into a
    // tuple that lives for the call.
    if (f.phase === 2) return true;
    if (f.phase === 1) {
      f.phase = 2;
      return !rt.decref(f.extra![1]);
    }
    f.phase = 1;
    f.extra = [f.extra![0], newTuple(rt, [f.obj], 'new')];
    rt.machine.push(FrameKind.FinalizeCall, f.extra[0]);
    return false;
  }
  runScheduled(rt);
  rt.logCall('callback', f.obj, cb.text);
  runScheduled(rt);
  return true;
}

/**
 * weakref.finalize.__call__: pop the registry entry; if there was one, call
 * info.func(*info.args, **(info.kwargs or {})) - BUILD_MAP (the call's own
 * kwargs), BUILD_MAP (the `{}`), DICT_MERGE (drops the `{}`), CALL_FUNCTION_EX,
 * then the call's kwargs go; then the local `info` goes.
 */
export function finalizeCallStep(rt: Runtime, f: Frame): boolean {
  const fin = f.obj;
  switch (f.phase) {
    case 0: {
      runScheduled(rt);
      const entry = rt.finalizeRegistry.get(fin);
      if (!entry) return true;
      rt.finalizeRegistry.delete(fin);
      f.extra = [entry.info, NONE];
      f.phase = 1;
      return rt.decref(fin) ? false : finalizeCallStep(rt, f);
    }
    case 1: {
      runScheduled(rt); // after the registry pop CALL
      f.extra![1] = rt.newEmptyDict(); // BUILD_MAP: the kwargs the call gets
      const empty = rt.newEmptyDict(); // the `{}` of `info.kwargs or {}`
      f.phase = 2;
      return rt.decref(empty) ? false : finalizeCallStep(rt, f); // DICT_MERGE pops it
    }
    case 2: {
      runScheduled(rt);
      rt.logFinalizeCall(fin, f.extra![0]);
      runScheduled(rt);
      f.phase = 3;
      return rt.decref(f.extra![1]) ? false : finalizeCallStep(rt, f);
    }
    case 3:
      runScheduled(rt); // CALL_FUNCTION_EX's check
      f.phase = 4;
      return rt.decref(f.extra![0]) ? false : true;
    default:
      return true;
  }
}
