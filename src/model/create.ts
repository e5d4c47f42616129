// How objects come to life, path by path, with each path's effect on the
// collector: freelist reuse (no count change), _PyObject_GC_Link (count, maybe
// collect), and whether the new object is tracked.
import { Kind, NONE, F_SIDE } from './heap.js';
import type { Runtime } from './runtime.js';
import type { TypeInfo } from './types.js';
import { mayBeTracked } from '../collector/reachability.js';
import { noteNewInstance } from './attrs.js';

type Pooled = 'list' | 'dict' | 'tuple' | 'method';

/** Memory for a list/dict/tuple display (or a bound method up to 3.8): a parked object from the freelist, else a GC allocation. */
export function allocPooled(rt: Runtime, pool: Pooled, n = 0): void {
  const fl = rt.profile.freelists;
  const gc = rt.gc;
  if (fl && rt.profile.countOn === 'alloc') {
    if (pool === 'list' && gc.freeLists > 0) { gc.freeLists--; return; }
    if (pool === 'dict' && gc.freeDicts > 0) { gc.freeDicts--; return; }
    if (pool === 'method' && gc.freeMethods > 0) { gc.freeMethods--; return; }
    if (pool === 'tuple' && n > 0 && n <= fl.tuplePopMax && (gc.freeTuples[n] ?? 0) > 0) { gc.freeTuples[n]--; return; }
  }
  // (3.14.1-3.14.4 count tracked objects: their freelists do not change the count.)
  rt.gcLink();
}

function typeNamed(rt: Runtime, name: string): TypeInfo {
  return rt.types.get(name)!;
}

/** C(): type_call -> object_new -> PyType_GenericAlloc (GC allocation, tracked). */
export function newInstance(rt: Runtime, t: TypeInfo): number {
  rt.gcLink();
  const nslots = t.kind === Kind.Slots ? t.fields.length : rt.profile.instanceDictObject ? 1 : 0;
  const o = rt.newObject(t, nslots);
  rt.track(o);
  noteNewInstance(rt, o);
  return o;
}

/** [a, b]: PyList_New (freelist), tracked at once. */
export function newList(rt: Runtime, items: number[]): number {
  allocPooled(rt, 'list');
  const o = rt.newObject(typeNamed(rt, 'list'), 0, 56 + 8 * items.length);
  for (const v of items) { rt.incref(v); rt.heap.edges.push(o, v); }
  rt.track(o);
  return o;
}

/** {k: v}: PyDict_New (freelist); untracked until a trackable value arrives (<= 3.13). */
export function newDict(rt: Runtime, entries: [string, number][]): number {
  allocPooled(rt, 'dict');
  const o = rt.newObject(typeNamed(rt, 'dict'), 0);
  rt.heap.dictKeys.set(o, { keys: [], pos: new Map() });
  rt.heap.flags[o] |= F_SIDE;
  if (!rt.profile.untrackDicts) rt.track(o);
  for (const [k, v] of entries) dictSetItem(rt, o, k, v);
  return o;
}

/** d[k] = v, with MAINTAIN_TRACKING. Returns whether a deallocation was pushed. */
export function dictSetItem(rt: Runtime, d: number, key: string, v: number): boolean {
  const h = rt.heap;
  const dk = h.dictKeys.get(d)!;
  let i = dk.pos.get(key);
  if (i === undefined) {
    i = dk.keys.length;
    dk.keys.push(key);
    dk.pos.set(key, i);
    h.edges.put(d, i, NONE, NONE);
    h.size[d] += 24;
  }
  if (!rt.isTracked(d) && mayBeTracked(rt, v)) rt.track(d);
  rt.incref(v);
  const old = h.edges.put(d, i, v, NONE);
  return rt.decref(old);
}

/** del d[k]: the entry becomes a hole (iteration order of the rest is kept). */
export function dictDelItem(rt: Runtime, d: number, key: string): boolean | undefined {
  const h = rt.heap;
  const dk = h.dictKeys.get(d)!;
  const i = dk.pos.get(key);
  if (i === undefined) return undefined;
  dk.pos.delete(key);
  dk.keys[i] = null;
  const old = h.edges.put(d, i, NONE, NONE);
  return rt.decref(old);
}

/**
 * A tuple. 'display' is Python's (a, b) (also tuple(list), *args packing);
 * 'new' is PyTuple_New / _PyTuple_FromArray as C code uses them (call argument
 * tuples, Py_BuildValue results, PyObject_ClearWeakRefs). 3.14.1+ create display
 * tuples of non-GC items untracked; 'new' ones are always tracked.
 * The empty tuple is a shared singleton: no allocation.
 */
export type TuplePath = 'display' | 'new';

export function newTuple(rt: Runtime, items: number[], path: TuplePath = 'display'): number {
  const alwaysTracked = path === 'new';
  const t = typeNamed(rt, 'tuple');
  if (items.length === 0) {
    rt.incref(rt.emptyTuple);
    return rt.emptyTuple;
  }
  allocPooled(rt, 'tuple', items.length);
  const o = rt.newObject(t, 0, 40 + 8 * items.length);
  for (const v of items) { rt.incref(v); rt.heap.edges.push(o, v); }
  const gcItem = items.some((v) => v >= 0 && rt.typeOf(v).gc);
  if (alwaysTracked || !rt.profile.tuplesUntrackedAtCreation || gcItem) rt.track(o);
  return o;
}

/** {a, b}: PySet_New has no freelist. */
export function newSet(rt: Runtime, items: number[]): number {
  rt.gcLink();
  const o = rt.newObject(typeNamed(rt, 'set'), 0);
  rt.track(o);
  for (const v of items) setAdd(rt, o, v);
  return o;
}

export function setAdd(rt: Runtime, s: number, v: number): void {
  const h = rt.heap;
  const n = h.edges.len[s];
  for (let i = 0; i < n; i++) if (h.edges.get(s, i) === v) return;
  rt.incref(v);
  h.edges.push(s, v);
}

/** str / int / bytes / object(): refcounted, not a GC object. */
export function newAtomic(rt: Runtime, t: TypeInfo, size?: number): number {
  return rt.newObject(t, 0, size ?? t.size);
}

/** obj.method: a bound method (PyMethod_New, a GC allocation). */
export function newMethod(rt: Runtime, self: number, name: string): number {
  allocPooled(rt, 'method');
  const o = rt.newObject(typeNamed(rt, 'method'), 2);
  rt.heap.edges.put(o, 1, self, NONE);
  rt.incref(self);
  rt.methodNames.set(o, name);
  rt.heap.flags[o] |= F_SIDE;
  rt.track(o);
  return o;
}
