// Instance attributes, where CPython keeps them: __slots__ members; inline values
// indexed by the class's shared keys (3.11+); or a real __dict__ object (<= 3.10
// always, 3.11+ once the shared keys had no room for a new name).
import { Kind, NONE, F_OWNDICT, F_ALIVE } from './heap.js';
import type { Runtime } from './runtime.js';
import { newDict, dictSetItem, dictDelItem } from './create.js';
import { EventError } from '../errors.js';
import type { TypeInfo } from './types.js';
import { NameCache } from './idtable.js';

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

/**
 * Whether del obj.field can succeed: a key of its __dict__, or a slot or inline
 * value (the model keeps no "unset" apart from None there, so any known name).
 */
export function hasInstanceAttr(rt: Runtime, o: number, field: string): boolean {
  const t = rt.typeOf(o);
  if (t.kind === Kind.Instance && hasDictObject(rt, o)) {
    const d = rt.heap.edges.get(o, 0);
    return d >= 0 && rt.heap.dictKeys.get(d)?.pos.has(field) === true;
  }
  return rt.types.fieldOf(t, field) !== undefined;
}

/**
 * del obj.field: a __dict__ (<= 3.10 always, 3.11+ once materialized) loses the
 * key, so setting it again appends it at the end of the dict (and of traverse
 * order); a slot or an inline value only empties in place.
 */
export function delInstanceAttr(rt: Runtime, o: number, field: string): void {
  const t = rt.typeOf(o);
  if (t.kind === Kind.Instance && hasDictObject(rt, o)) {
    const d = rt.heap.edges.get(o, 0);
    if (d >= 0) dictDelItem(rt, d, field);
    return;
  }
  rt.setAttr(o, field, NONE);
}

/**
 * A __slots__ class has a slot for each declared field and each name its
 * instances are given in "values" (the oracle's class is made with all of them).
 * Names are added as they first appear, and type_new sorts slots by name, so
 * the instances alive already are laid out again (their new slots empty).
 */
export function addSlots(rt: Runtime, t: TypeInfo, names: string[]): void {
  const fresh = names.filter((n) => !t.fieldIndex.has(n));
  if (fresh.length === 0 || t.kind !== Kind.Slots) return;
  const old = [...t.fields];
  const sorted = [...old, ...fresh].sort();
  t.fields.splice(0, t.fields.length, ...sorted);
  t.fieldIndex.clear();
  sorted.forEach((f, i) => t.fieldIndex.set(f, i));
  t.recentFields = new NameCache(); // its hits named the old positions
  const h = rt.heap;
  for (let o = 0; o < h.top; o++) {
    if ((h.flags[o] & F_ALIVE) === 0 || h.type[o] !== t.index) continue;
    const refs = old.map((_, i) => h.edges.get(o, i));
    h.edges.init(o, sorted.length, NONE);
    old.forEach((f, i) => { if (refs[i] !== NONE) h.edges.put(o, t.fieldIndex.get(f)!, refs[i], NONE); });
  }
}
