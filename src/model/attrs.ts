// Instance attributes, where CPython keeps them: __slots__ members; inline values
// indexed by the class's shared keys (3.11+); or a real __dict__ object (<= 3.10
// always, 3.11+ once the shared keys had no room for a new name).
import { Kind, NONE, F_OWNDICT } from './heap.js';
import type { Runtime } from './runtime.js';
import { newDict, dictSetItem } from './create.js';
import { EventError } from '../errors.js';

/** Whether o's attributes live in a __dict__ object held in edge 0. */
export function hasDictObject(rt: Runtime, o: number): boolean {
  return rt.profile.instanceDictObject || (rt.heap.flags[o] & F_OWNDICT) !== 0;
}

/** <= 3.10: the instance's __dict__, made on the first attribute store. */
export function instanceDict(rt: Runtime, o: number): number {
  let d = rt.heap.edges.get(o, 0);
  if (d < 0) {
    d = newDict(rt, []);
    rt.heap.edges.put(o, 0, d, NONE);
  }
  return d;
}

/**
 * make_dict_from_instance_attributes: the inline values move into a new dict
 * (keys in shared-key order), which the instance then holds.
 */
function materializeDict(rt: Runtime, o: number): number {
  const h = rt.heap;
  const t = rt.typeOf(o);
  const entries: [string, number][] = [];
  for (let i = 0; i < h.edges.len[o]; i++) {
    const v = h.edges.get(o, i);
    if (v >= 0) entries.push([t.fields[i], v]);
  }
  const d = newDict(rt, []);
  for (const [k, v] of entries) dictSetItem(rt, d, k, v);
  for (const [, v] of entries) rt.heap.refcnt[v]--; // the references moved, they did not double
  h.edges.init(o, 1, NONE);
  h.edges.put(o, 0, d, NONE);
  h.flags[o] |= F_OWNDICT;
  return d;
}

/** obj.field = v for class instances. Returns whether a deallocation was pushed. */
export function setInstanceAttr(rt: Runtime, o: number, field: string, v: number): boolean {
  const t = rt.typeOf(o);
  if (t.kind === Kind.Slots) {
    const i = rt.types.fieldOf(t, field);
    if (i === undefined) throw new EventError(rt.event, `'${t.name}' object has no slot ${JSON.stringify(field)} (declare it in "fields")`);
    return rt.storeEdge(o, i, v);
  }
  if (hasDictObject(rt, o)) return dictSetItem(rt, instanceDict(rt, o), field, v);
  let i = rt.types.fieldOf(t, field);
  if (i === undefined) {
    if (t.sharedUsable <= 0) return dictSetItem(rt, materializeDict(rt, o), field, v);
    t.sharedUsable--;
    i = rt.types.addField(t, field);
  }
  return rt.storeEdge(o, i, v);
}

export function getInstanceAttr(rt: Runtime, o: number, field: string): number {
  const t = rt.typeOf(o);
  if (t.kind === Kind.Instance && hasDictObject(rt, o)) {
    const d = rt.heap.edges.get(o, 0);
    if (d < 0) return NONE;
    const i = rt.heap.dictKeys.get(d)?.pos.get(field);
    return i === undefined ? NONE : rt.heap.edges.get(d, i);
  }
  const i = rt.types.fieldOf(t, field);
  return i === undefined ? NONE : rt.heap.edges.get(o, i);
}

/** init_inline_values: each new instance of a 3.11+ class shrinks the room for new names. */
export function noteNewInstance(rt: Runtime, o: number): void {
  const t = rt.typeOf(o);
  if (t.kind === Kind.Instance && !rt.profile.instanceDictObject && t.sharedUsable > 1) t.sharedUsable--;
}
