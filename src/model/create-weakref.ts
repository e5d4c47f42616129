// weakref.ref(obj[, callback]) and weakref.finalize(obj, func, *args): the
// objects they allocate and the temporaries of the call machinery.
import { NONE, F_SIDE } from './heap.js';
import type { Runtime, WeakrefCallback } from './runtime.js';
import { newTuple, newDict, newInstance } from './create.js';
import { linkWeakref, basicRef } from './weakrefs.js';
import { runScheduled } from '../collector/collect.js';

/**
 * weakref.ref(target, callback): the type call builds an args tuple
 * (_PyObject_MakeTpCall); a ref without callback reuses the referent's basic ref.
 * `cbObj` is the callback when it is a model object (a weakref.finalize), else NONE.
 */
export function newWeakref(rt: Runtime, target: number, cb: WeakrefCallback | null, cbObj: number): number {
  const args = newTuple(rt, cb ? [target, cbObj] : [target], 'new');
  let w = cb ? NONE : basicRef(rt, rt.weakrefsTo.get(target));
  if (w !== NONE) {
    rt.incref(w);
  } else {
    rt.gcLink();
    w = rt.newObject(rt.types.get('weakref.ReferenceType')!, 1);
    if (cbObj >= 0) {
      rt.incref(cbObj);
      rt.heap.edges.put(w, 0, cbObj, NONE);
    }
    if (cb) rt.wrCallback.set(w, cb);
    rt.track(w);
    linkWeakref(rt, w, target, cb !== null);
  }
  rt.decref(args);
  rt.drain();
  return w;
}

/**
 * weakref.finalize(target, func, *args) as Lib/weakref.py runs it: the finalize
 * object, its _Info (slots weakref, func, args, kwargs, atexit, index), a weakref
 * whose callback is the finalize object, and the registry entry that keeps both.
 * `func` is a model object (a bound method) or NONE for a plain function.
 */
export function newFinalize(rt: Runtime, target: number, func: number, extra: number[], funcText?: string): number {
  const callArgs = newTuple(rt, [target, func, ...extra], 'new'); // type call: args tuple
  const fin = newInstance(rt, rt.types.get('weakref.finalize')!);
  const varargs = newTuple(rt, extra); // *args
  const kwargs = newDict(rt, []); // **kwargs
  const h = rt.heap;
  const info = rt.withRoots([fin, kwargs, varargs], () => {
    runScheduled(rt); // __init__ RESUME
    const inf = newInstance(rt, rt.types.get('weakref.finalize._Info')!);
    rt.withRoots([inf], () => {
      runScheduled(rt); // after self._Info()
      const w = newWeakref(rt, target, { kind: 'finalize' }, fin);
      rt.withRoots([w], () => runScheduled(rt)); // after ref(obj, self)
      h.edges.put(inf, 0, w, NONE); // info.weakref = ref(...) (reference moves in)
      rt.storeEdge(inf, 1, func);
      rt.storeEdge(inf, 2, varargs);
      runScheduled(rt); // after next(self._index_iter)
    });
    return inf;
  });
  rt.finalizeRegistry.set(fin, { info, index: rt.finalizeCounter++ });
  if (funcText !== undefined) { rt.finalizeTexts.set(info, funcText); rt.heap.flags[info] |= F_SIDE; }
  rt.incref(fin); // registry key (the value `info` keeps the local's reference)
  // __init__ returns: its locals go (the frame owned varargs and kwargs), then the args tuple.
  rt.decref(varargs);
  rt.decref(kwargs);
  rt.drain();
  rt.decref(callArgs);
  rt.drain();
  return fin;
}
