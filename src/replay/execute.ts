// One trace event applied to the model, as the Python statement it stands for.
import { Kind, NONE, F_SIDE } from '../model/heap.js';
import type { Runtime } from '../model/runtime.js';
import type { Event, BodyEvent, ObjectId } from '../trace/schema.js';
import { EventError } from '../errors.js';
import { newInstance, newList, newDict, newTuple, newSet, newAtomic, newMethod, setAdd, dictDelItem, dictSetItem } from '../model/create.js';
import { newWeakref, newFinalize } from '../model/create-weakref.js';
import { instanceDict, delInstanceAttr, hasInstanceAttr, addSlots } from '../model/attrs.js';
import { FrameKind } from '../model/machine.js';
import { collectManual, runScheduled } from '../collector/collect.js';
import { freeze, unfreeze, setThreshold } from '../collector/control.js';
import { observe, type Observation } from './observe.js';
import { render, renderNamed, type PyValue } from '../model/pyformat.js';
import type { TypeInfo } from '../model/types.js';

export interface ExecContext {
  rt: Runtime;
  observations: Observation[];
  /** Values named by observe/collect "as", for print templates. */
  named: Map<string, PyValue>;
  /** Inside a repeat body: ids name the latest iteration's object. */
  repeating?: boolean;
  /** Set by `exit`: no event may follow. */
  exited: boolean;
  onExit: () => void;
}

function resolve(rt: Runtime, id: ObjectId | null | undefined, i: number, what = 'object'): number {
  if (id === null || id === undefined) return NONE;
  const o = rt.objects.get(id);
  if (o === undefined) throw new EventError(i, `${what} ${JSON.stringify(id)} was never created or is already freed`);
  return o;
}

function register(rt: Runtime, id: ObjectId, o: number, i: number, repeating = false): void {
  if (!repeating && rt.objects.has(id)) throw new EventError(i, `duplicate id ${JSON.stringify(id)}: an object with this id is still alive`);
  rt.objects.set(id, o);
  if (rt.heap.ids[o] === undefined) rt.heap.ids[o] = id;
}

/** Hand the creator's reference to a variable, or drop it. */
function bindOrDrop(rt: Runtime, o: number, bind: string | undefined): void {
  if (bind === undefined) {
    rt.decref(o);
    rt.drain();
    return;
  }
  const old = rt.vars.swap(bind, o);
  if (old !== undefined) rt.decref(old);
  rt.drain();
}

function typeFor(rt: Runtime, name: string, i: number): TypeInfo {
  const t = rt.types.get(name);
  if (!t || !t.creatable) {
    throw new EventError(i, `unknown type ${JSON.stringify(name)}: declare it under "types" or use list, dict, tuple, set, str, bytes, int, float, object`);
  }
  return t;
}

const NO_ITEMS: number[] = [];
const NO_FIELDS: [string, number][] = [];

function fieldsInInitOrder(rt: Runtime, t: TypeInfo, given: Record<string, ObjectId | null>, i: number): [string, number][] {
  const declared = t.kind === Kind.Instance || t.kind === Kind.Slots ? declaredOrder(rt, t).filter((f) => Object.hasOwn(given, f)) : [];
  const names = [...declared, ...Object.keys(given).filter((f) => !declared.includes(f))];
  return names.map((k) => [k, resolve(rt, given[k], i)] as [string, number]);
}

const declOrder = new WeakMap<TypeInfo, string[]>();
/** The class's declared field order (before any later additions). */
function declaredOrder(rt: Runtime, t: TypeInfo): string[] {
  let d = declOrder.get(t);
  if (!d) declOrder.set(t, (d = [...(rt.declaredFields.get(t.name) ?? [])]));
  return d;
}

function createNew(rt: Runtime, ev: Extract<Event, { op: 'new' }>, i: number): number {
  const t = typeFor(rt, ev.type, i);
  const items = ev.items === undefined ? NO_ITEMS : ev.items.map((r) => resolve(rt, r, i));
  // __init__ sets the declared fields first, in declaration order, then any others.
  const fields = ev.fields === undefined ? NO_FIELDS : fieldsInInitOrder(rt, t, ev.fields, i);
  if (items.length && t.kind !== Kind.List && t.kind !== Kind.Tuple && t.kind !== Kind.Set) {
    throw new EventError(i, `"items" is for list, tuple and set; ${t.name} takes "fields"`);
  }
  if (fields.length && (t.kind === Kind.List || t.kind === Kind.Tuple || t.kind === Kind.Set || t.kind === Kind.Atomic)) {
    throw new EventError(i, `"fields" is for class instances and dicts, not ${t.name}`);
  }
  // The executor's statements: the object is made (a tuple with its items, other
  // containers empty), an eval-breaker check follows with it on the stack, then
  // the items or attributes are filled in.
  if (t.kind === Kind.Slots && ev.values) addSlots(rt, t, Object.keys(ev.values));
  let o: number;
  switch (t.kind) {
    case Kind.List: o = newList(rt, []); break;
    case Kind.Tuple: o = newTuple(rt, items); break;
    case Kind.Set: o = newSet(rt, []); break;
    case Kind.Dict: o = newDict(rt, []); break;
    case Kind.Atomic: o = newAtomic(rt, t, ev.size); break;
    default: o = newInstance(rt, t);
  }
  if (rt.gc.scheduled) runScheduledWith(rt, o);
  if (t.kind === Kind.Set) for (const v of items) checkHashable(rt, v, i);
  switch (t.kind) {
    case Kind.List: for (const v of items) appendItem(rt, o, v); break;
    case Kind.Set: for (const v of items) if (v >= 0) setAdd(rt, o, v); break;
    case Kind.Dict: for (const [k, v] of fields) dictSetItem(rt, o, k, v); break;
    case Kind.Instance: case Kind.Slots:
      if (ev.values) {
        rt.heap.values.set(o, { ...ev.values });
        rt.heap.flags[o] |= F_SIDE;
        // Plain values are attributes too: they take shared-key room (and slots exist for them).
        if (t.kind === Kind.Instance) for (const k of Object.keys(ev.values)) rt.setAttr(o, k, NONE);
      }
      // <= 3.10: __init__'s first attribute store makes the instance __dict__.
      if (rt.profile.instanceDictObject && t.kind === Kind.Instance && (fields.length || Object.keys(ev.values ?? {}).length)) instanceDict(rt, o);
      for (const [k, v] of fields) { rt.setAttr(o, k, v); rt.drain(); }
      break;
    default: break;
  }
  if (ev.values && t.kind !== Kind.Instance && t.kind !== Kind.Slots) {
    rt.heap.values.set(o, { ...ev.values });
    rt.heap.flags[o] |= F_SIDE;
  }
  if (ev.size !== undefined && t.kind !== Kind.Atomic) {
    rt.liveBytes += ev.size - rt.heap.size[o];
    rt.heap.size[o] = ev.size;
  }
  return o;
}

export function executeEvent(cx: ExecContext, ev: Event | BodyEvent, i: number): void {
  const rt = cx.rt;
  if (cx.exited) throw new EventError(i, 'no event may follow "exit"');
  rt.event = i;
  switch (ev.op) {
    case 'new': {
      if (!cx.repeating && rt.objects.has(ev.id)) throw new EventError(i, `duplicate id ${JSON.stringify(ev.id)}: an object with this id is still alive`);
      const o = createNew(rt, ev, i);
      rt.objects.set(ev.id, o); // checked above
      rt.heap.ids[o] = ev.id;
      bindOrDrop(rt, o, ev.bind);
      break;
    }
    case 'bind': {
      const v = resolve(rt, ev.to, i);
      rt.incref(v);
      const n = rt.stackRoots.push(v);
      bindOrDrop(rt, v, ev.var);
      rt.dropRoots(n - 1);
      break;
    }
    case 'unbind':
      for (const name of ev.vars) {
        const v = rt.vars.take(name);
        if (v === undefined) throw new EventError(i, `variable ${JSON.stringify(name)} is not bound`);
        rt.decref(v);
        rt.drain();
      }
      break;
    case 'set': {
      const o = resolve(rt, ev.obj, i);
      const kind = rt.typeOf(o).kind;
      if (kind === Kind.Tuple || kind === Kind.Atomic || kind === Kind.Set) {
        throw new EventError(i, `cannot set a field of a ${rt.typeOf(o).name}`);
      }
      if (kind === Kind.List && (typeof ev.field !== 'number' || ev.field >= rt.heap.edges.len[o])) {
        throw new EventError(i, `list index ${JSON.stringify(ev.field)} out of range`);
      }
      if ((kind === Kind.Instance || kind === Kind.Slots) && typeof ev.field !== 'string') {
        throw new EventError(i, `attribute name must be a string, not ${JSON.stringify(ev.field)}`);
      }
      const v = resolve(rt, ev.to, i);
      const n = rt.stackRoots.push(o, v);
      rt.setAttr(o, ev.field, v);
      rt.drain();
      rt.dropRoots(n - 2);
      break;
    }
    case 'del_field': {
      const o = resolve(rt, ev.obj, i);
      const n = rt.stackRoots.push(o);
      delField(rt, o, ev.field, i);
      rt.dropRoots(n - 1);
      break;
    }
    case 'append': {
      const o = resolve(rt, ev.obj, i);
      const v = resolve(rt, ev.to, i);
      const kind = rt.typeOf(o).kind;
      if (kind === Kind.List) appendItem(rt, o, v);
      else if (kind === Kind.Set) { checkHashable(rt, v, i); if (v >= 0) setAdd(rt, o, v); }
      else throw new EventError(i, `append needs a list or a set, not a ${rt.typeOf(o).name}`);
      break;
    }
    case 'clear': {
      const o = resolve(rt, ev.obj, i);
      const kind = rt.typeOf(o).kind;
      if (kind !== Kind.List && kind !== Kind.Dict && kind !== Kind.Set) throw new EventError(i, `clear needs a list, dict or set, not a ${rt.typeOf(o).name}`);
      rt.withRoots([o], () => { rt.machine.call(FrameKind.Clear, o); rt.drain(); });
      break;
    }
    case 'collect': {
      const n = collectManual(rt, ev.gen ?? 2);
      note(cx, i, 'collect', n, ev.print, ev.as);
      break;
    }
    case 'enable': rt.gc.enabled = true; break;
    case 'disable': rt.gc.enabled = false; break;
    case 'set_threshold': setThreshold(rt, ev.thresholds); break;
    case 'set_debug': rt.gc.debug = ev.flags; break;
    case 'freeze': freeze(rt); break;
    case 'unfreeze': unfreeze(rt); break;
    case 'garbage_clear': {
      const items = rt.gc.garbage.splice(0);
      for (let k = items.length - 1; k >= 0; k--) { rt.decref(items[k]); rt.drain(); }
      break;
    }
    case 'weakref': {
      const target = resolve(rt, ev.target, i);
      if (!rt.typeOf(target).weakrefable) throw new EventError(i, `cannot create weak reference to '${rt.typeOf(target).name}' object`);
      const cb = ev.callback ? { kind: 'log' as const, text: typeof ev.callback === 'object' ? ev.callback.print : undefined } : null;
      const w = newWeakref(rt, target, cb, NONE);
      if (rt.gc.scheduled) runScheduledWith(rt, w);
      register(rt, ev.id, w, i, cx.repeating);
      bindOrDrop(rt, w, ev.bind);
      break;
    }
    case 'finalize': {
      const target = resolve(rt, ev.target, i);
      if (!rt.typeOf(target).weakrefable) throw new EventError(i, `cannot create weak reference to '${rt.typeOf(target).name}' object`);
      const func = 'method' in ev.func ? newMethod(rt, resolve(rt, ev.func.self, i), ev.func.method) : NONE;
      const args = (ev.args ?? []).map((a) => resolve(rt, a, i));
      const fin = rt.withRoots([target, func], () => {
        runScheduled(rt); // after getattr(obj, method)
        return newFinalize(rt, target, func, args, 'print' in ev.func ? ev.func.print : undefined);
      });
      if (rt.gc.scheduled) runScheduledWith(rt, fin);
      rt.decref(func);
      rt.drain();
      register(rt, ev.id, fin, i, cx.repeating);
      bindOrDrop(rt, fin, ev.bind);
      break;
    }
    case 'repeat': {
      if (cx.repeating) throw new EventError(i, 'repeat bodies do not nest');
      cx.repeating = true;
      try {
        for (let k = 0; k < ev.times; k++) for (const b of ev.body) executeEvent(cx, b, i);
      } finally {
        cx.repeating = false;
      }
      return;
    }
    case 'exit':
      if (cx.repeating) throw new EventError(i, '"exit" cannot be inside a repeat body');
      cx.onExit();
      cx.exited = true;
      runAtexit(rt);
      return;
    case 'safepoint': {
      const held = rt.holdSafepoints;
      rt.holdSafepoints = false;
      runScheduled(rt);
      rt.holdSafepoints = held;
      break;
    }
    case 'print': rt.calls.push({ event: i, kind: 'print', text: fillNames(cx, ev.text, i) }); break;
    case 'observe': {
      const target = ev.obj === undefined ? NONE : resolve(rt, ev.obj, i);
      if ((ev.what === 'refcount' || ev.what === 'alive' || ev.what === 'finalized' || ev.what === 'tracked') && target === NONE) {
        throw new EventError(i, `observe ${ev.what} needs "obj"`);
      }
      if (ev.what === 'alive' && rt.typeOf(target).kind !== Kind.Weakref) throw new EventError(i, 'observe alive needs a weakref in "obj" (it reports r() is not None)');
      // () is one object shared by the whole interpreter (immortal from 3.12): its
      // count is the interpreter's, not the trace's, and differs between builds.
      if (ev.what === 'refcount' && target === rt.emptyTuple) throw new EventError(i, 'observe refcount of the empty tuple: () is a singleton the whole interpreter shares, so its reference count is not the trace\'s');
      note(cx, i, ev.what, observe(rt, ev.what, target), ev.print, ev.as);
      break;
    }
  }
  rt.drain();
  runScheduled(rt);
}

/** An eval-breaker check while the running statement holds `o` (a stack root). */
function runScheduledWith(rt: Runtime, o: number): void {
  const n = rt.stackRoots.push(o);
  runScheduled(rt);
  rt.dropRoots(n - 1);
}

function note(cx: ExecContext, i: number, what: string, value: PyValue, template?: string, name?: string): void {
  cx.observations.push({ event: i, what, value });
  if (name !== undefined) cx.named.set(name, value);
  if (template !== undefined) cx.rt.calls.push({ event: i, kind: 'print', text: render(template, value) });
}

/** "{name}" in a print text: a value an earlier observe/collect named. */
function fillNames(cx: ExecContext, text: string, i: number): string {
  return renderNamed(text, (name) => {
    const v = cx.named.get(name);
    if (v === undefined) throw new EventError(i, `print text uses {${name}}, but no earlier observe or collect is named "${name}"`);
    return v;
  });
}

/** A set item must be hashable: not a list, dict or set, nor a tuple holding one (TypeError in CPython). */
function checkHashable(rt: Runtime, v: number, i: number): void {
  const stack = [v];
  while (stack.length) {
    const o = stack.pop()!;
    if (o < 0) continue;
    const t = rt.typeOf(o);
    if (t.kind === Kind.List || t.kind === Kind.Dict || t.kind === Kind.Set) throw new EventError(i, `unhashable type: '${t.name}' (a set item must be hashable)`);
    if (t.kind === Kind.Tuple) for (let k = 0; k < rt.heap.edges.len[o]; k++) stack.push(rt.heap.edges.get(o, k));
  }
}

function appendItem(rt: Runtime, o: number, v: number): void {
  rt.incref(v);
  rt.heap.edges.push(o, v);
  rt.heap.size[o] += 8;
  rt.liveBytes += 8;
}

function delField(rt: Runtime, o: number, field: string | number, i: number): void {
  const t = rt.typeOf(o);
  if (t.kind === Kind.Dict) {
    if (dictDelItem(rt, o, String(field)) === undefined) throw new EventError(i, `key ${JSON.stringify(field)} not in dict`);
  } else if (t.kind === Kind.List) {
    if (typeof field !== 'number' || field >= rt.heap.edges.len[o]) throw new EventError(i, `list index ${JSON.stringify(field)} out of range`);
    rt.decref(rt.heap.edges.removeAt(o, field));
  } else if (t.kind === Kind.Instance || t.kind === Kind.Slots) {
    if (typeof field !== 'string') throw new EventError(i, `attribute name must be a string, not ${JSON.stringify(field)}`);
    if (!hasInstanceAttr(rt, o, field)) throw new EventError(i, `${t.name} object has no attribute ${JSON.stringify(field)}`);
    delInstanceAttr(rt, o, field);
  } else {
    throw new EventError(i, `cannot delete a field of a ${t.name}`);
  }
  rt.drain();
}

/** weakref.finalize._exitfunc: pending finalizers, newest first, with the collector disabled. */
function runAtexit(rt: Runtime): void {
  const enabled = rt.gc.enabled;
  rt.gc.enabled = false;
  const pending = [...rt.finalizeRegistry.entries()].sort((a, b) => a[1].index - b[1].index).map(([f]) => f);
  for (const f of pending) rt.incref(f);
  while (pending.length) {
    const f = pending.pop()!;
    rt.machine.call(FrameKind.FinalizeCall, f);
    rt.decref(f);
    rt.drain();
  }
  rt.gc.enabled = enabled;
}
