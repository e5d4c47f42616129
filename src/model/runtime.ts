// The interpreter state the model keeps: objects, variables, the collector state,
// and the primitives every operation is made of (allocate, track, incref/decref,
// store a reference). Deallocation runs on the frame machine (machine.ts) so a
// million-long chain never recurses in JS.
import { Heap, Kind, F_ALIVE, F_GC, F_TRACKED, F_IMMORTAL, F_VISITED, NONE } from './heap.js';
import { TypeTable, type TypeInfo } from './types.js';
import type { Profile } from './profiles.js';
import { GcState } from '../collector/state.js';
import { listAppend, listRemove } from '../collector/gclist.js';
import { Machine } from './machine.js';
import { collectAutomatic } from '../collector/collect.js';
import { render } from './pyformat.js';
import { IdTable, Variables } from './idtable.js';
import { EventError } from '../errors.js';
import { newTuple, newDict, dictSetItem } from './create.js';
import { setInstanceAttr, getInstanceAttr } from './attrs.js';

export type CallKind = 'finalizer' | 'callback' | 'finalize' | 'tp_del' | 'print';

/** A Python-visible call or output line, in the order CPython would make it. */
export interface CallRecord {
  event: number;
  kind: CallKind;
  /** Trace id of the object whose finalizer/callback ran. */
  obj?: string;
  text?: string;
}

export interface CollectionRecord {
  event: number;
  generation: number;
  trigger: 'automatic' | 'manual';
  /** What the 3.14.0-3.14.4 collector did: a young collection, an increment, a mark step or a full one. */
  step?: 'young' | 'increment' | 'mark' | 'full' | 'skipped';
  examined: number;
  collected: number;
  uncollectable: number;
  finalizers: number;
  countBefore: [number, number, number];
}

export interface Baseline {
  /** Objects of the interpreter already in the permanent generation (gc.freeze() before the trace). */
  permanent: number;
  /** How many of them are immortal (3.12/3.13 update_refs moves those back to permanent). */
  immortal: number;
}

export interface WeakrefCallback {
  kind: 'log' | 'finalize';
  text?: string;
}

export interface FinalizeEntry {
  info: number;
  index: number;
}

export class Runtime {
  readonly heap = new Heap();
  readonly types = new TypeTable();
  readonly gc: GcState;
  readonly machine: Machine;
  readonly vars = new Variables();
  readonly objects = new IdTable();
  /** Objects stored by __del__ in a global list (resurrection). */
  readonly resurrected: number[] = [];
  /** weakref.finalize._registry: finalize object -> its _Info. */
  readonly finalizeRegistry = new Map<number, FinalizeEntry>();
  finalizeCounter = 0;
  /** Weakrefs to each object, in CPython's list order (basic ref first, then newest callback first). */
  readonly weakrefsTo = new Map<number, number[]>();
  readonly wrTarget = new Map<number, number>();
  readonly wrCallback = new Map<number, WeakrefCallback>();
  /** Bound method -> method name (to find what calling it prints). */
  readonly methodNames = new Map<number, string>();
  /** weakref.finalize _Info -> what its plain-function callback prints. */
  readonly finalizeTexts = new Map<number, string>();
  /** The () singleton: never allocated, never freed. */
  readonly emptyTuple: number;
  readonly calls: CallRecord[] = [];
  readonly collections: CollectionRecord[] = [];
  event = -1;
  /** Explicit-safepoint traces: eval-breaker checks happen only at `safepoint` events. */
  holdSafepoints = false;
  /**
   * Objects the running Python frames hold (locals, value stacks) at an
   * eval-breaker check: the incremental collector marks from them.
   */
  readonly stackRoots: number[] = [];
  /** Field lists as the trace declared them (the executor's __init__ order). */
  readonly declaredFields = new Map<string, string[]>();
  live = 0;
  liveBytes = 0;
  peakBytes = 0;
  peakLive = 0;
  liveByType: number[] = [];

  // The profile's rules the allocation hot path asks on every object, read once.
  private readonly countsAlloc: boolean;
  private readonly countsTrack: boolean;
  private readonly incremental: boolean;

  constructor(readonly profile: Profile, thresholds?: number[], baseline?: Baseline) {
    this.countsAlloc = profile.countOn === 'alloc';
    this.countsTrack = profile.countOn === 'track';
    this.incremental = profile.collector === 'incremental';
    this.gc = new GcState(this.heap, profile, thresholds);
    this.machine = new Machine(this);
    this.emptyTuple = this.newObject(this.types.get('tuple')!, 0, 40);
    this.heap.refcnt[this.emptyTuple] = 1 << 30;
    this.heap.flags[this.emptyTuple] |= F_IMMORTAL;
    this.live--;
    this.liveBytes -= 40;
    this.peakBytes = this.peakLive = 0;
    this.liveByType[this.heap.type[this.emptyTuple]]--;
    if (baseline) this.addBaseline(baseline);
    // heap_size counts every tracked object, frozen ones included; the full
    // collection that preceded the freeze left long_lived_total at its survivors.
    this.gc.heapSize = (baseline?.permanent ?? 0) + profile.heapSizeOffset;
    if (baseline) this.gc.longLivedTotal = baseline.permanent - baseline.immortal;
  }

  /** The interpreter's own (frozen) objects: reachable, never examined until unfreeze. */
  private addBaseline(b: Baseline): void {
    const t = this.types.get('<interpreter>')!;
    for (let i = 0; i < b.permanent; i++) {
      const o = this.newObject(t, 0);
      this.heap.refcnt[o] = 1;
      if (i < b.immortal) this.heap.flags[o] |= F_IMMORTAL;
      this.heap.flags[o] |= F_TRACKED;
      listAppend(this.heap, o, this.gc.permanent);
    }
  }

  // ---- allocation -------------------------------------------------------

  /**
   * _PyObject_GC_Link (<= 3.13, 3.14.0, 3.14.5+): count the allocation and, past
   * threshold 0, collect now (<= 3.11) or schedule a collection (3.12+). Runs
   * before the new object exists, so a synchronous collection never sees it.
   */
  gcLink(): void {
    const gc = this.gc;
    if (!this.countsAlloc) return;
    gc.count[0]++;
    if (this.incremental) gc.heapSize++;
    this.maybeTrigger();
  }

  private maybeTrigger(): void {
    const gc = this.gc;
    if (gc.count[0] > gc.threshold[0] && gc.enabled && gc.threshold[0] !== 0 && !gc.collecting) {
      if (this.profile.trigger === 'sync') collectAutomatic(this);
      else gc.scheduled = true;
    }
  }

  /** PyObject_GC_Del: the allocation count goes down, never below zero. */
  gcDel(): void {
    const gc = this.gc;
    if (!this.countsAlloc) return;
    if (gc.count[0] > 0) gc.count[0]--;
    if (this.incremental) gc.heapSize--;
  }

  /** A new object with refcount 1 (the creator's reference), untracked, `nedges` None slots. */
  newObject(t: TypeInfo, nedges: number, size = t.size): number {
    const h = this.heap;
    const o = h.allocIndex();
    h.type[o] = t.index;
    h.flags[o] = F_ALIVE | (t.gc ? F_GC : 0);
    h.refcnt[o] = 1;
    h.size[o] = size;
    h.edges.init(o, nedges, NONE);
    this.live++;
    this.liveBytes += size;
    if (this.liveBytes > this.peakBytes) this.peakBytes = this.liveBytes;
    if (this.live > this.peakLive) this.peakLive = this.live;
    this.liveByType[t.index] = (this.liveByType[t.index] ?? 0) + 1;
    return o;
  }

  /** _PyObject_GC_TRACK: append to the youngest generation (3.14.0-3.14.4: as "not visited"). */
  track(o: number): void {
    const h = this.heap;
    h.flags[o] |= F_TRACKED;
    if (this.incremental) {
      if (this.gc.visitedSpace === 0) h.flags[o] |= F_VISITED;
      else h.flags[o] &= ~F_VISITED;
    }
    listAppend(h, o, this.gc.gen[0]);
    if (this.countsTrack) {
      this.gc.count[0]++;
      this.gc.heapSize++;
      this.maybeTrigger();
    }
  }

  /** _PyObject_GC_UNTRACK (only if tracked, as PyObject_GC_UnTrack). */
  untrack(o: number): void {
    const h = this.heap;
    if ((h.flags[o] & F_TRACKED) === 0) return;
    h.flags[o] &= ~F_TRACKED;
    listRemove(h, o);
    if (this.countsTrack) {
      if (this.gc.count[0] > 0) this.gc.count[0]--;
      this.gc.heapSize--;
    }
  }

  isTracked(o: number): boolean {
    return (this.heap.flags[o] & F_TRACKED) !== 0;
  }

  typeOf(o: number): TypeInfo {
    return this.types.all[this.heap.type[o]];
  }

  // ---- references -------------------------------------------------------

  incref(o: number): void {
    if (o >= 0) this.heap.refcnt[o]++;
  }

  /**
   * Py_DECREF: at zero the object is deallocated on the frame machine (run it
   * with drain()). Returns whether a deallocation was pushed.
   */
  decref(o: number): boolean {
    if (o < 0) return false;
    if (--this.heap.refcnt[o] !== 0) return false;
    this.machine.pushDealloc(o);
    return true;
  }

  /** Run pending deallocations (and whatever they cause) to completion. */
  drain(): void {
    this.machine.runAll();
  }

  /**
   * Store `v` in edge slot i of `o` (Py_INCREF(v); old = slot; slot = v;
   * Py_DECREF(old)). Returns whether a deallocation was pushed.
   */
  storeEdge(o: number, i: number, v: number): boolean {
    this.incref(v);
    const old = this.heap.edges.put(o, i, v, NONE);
    return this.decref(old);
  }

  /** Run `fn` with `roots` held by the current Python frame (see stackRoots). */
  withRoots<T>(roots: number[], fn: () => T): T {
    const n = this.stackRoots.length;
    for (const r of roots) if (r >= 0) this.stackRoots.push(r);
    try {
      return fn();
    } finally {
      this.dropRoots(n);
    }
  }

  /** Back to the first n stack roots (pop, not `length =`: V8 makes that a runtime call). */
  dropRoots(n: number): void {
    const roots = this.stackRoots;
    while (roots.length > n) roots.pop();
  }

  /** Remove the object from the world: its index may be reused. */
  freeIndex(o: number): void {
    const h = this.heap;
    const t = h.type[o];
    this.live--;
    this.liveBytes -= h.size[o];
    this.liveByType[t]--;
    const id = h.ids[o];
    if (id !== undefined) this.objects.forget(id, o);
    h.releaseIndex(o);
  }

  label(o: number): string {
    const id = this.heap.ids[o];
    return id === undefined ? `<${this.typeOf(o).name}>` : String(id);
  }

  // ---- attributes and items ---------------------------------------------

  /**
   * obj.field = v (or d[key] = v, lst[i] = v). Returns whether a deallocation was
   * pushed (the caller drains or yields to the machine).
   */
  setAttr(o: number, field: string | number, v: number): boolean {
    const kind = this.typeOf(o).kind;
    if (kind === Kind.Instance || kind === Kind.Slots) return setInstanceAttr(this, o, String(field), v);
    if (kind === Kind.Dict) return dictSetItem(this, o, String(field), v);
    return this.storeEdge(o, Number(field), v);
  }

  /** Read attribute / key / index `field` (NONE when unset). */
  getAttr(o: number, field: string | number): number {
    const kind = this.typeOf(o).kind;
    if (kind === Kind.Instance || kind === Kind.Slots) return getInstanceAttr(this, o, String(field));
    if (kind === Kind.Dict) {
      const i = this.heap.dictKeys.get(o)?.pos.get(String(field));
      return i === undefined ? NONE : this.heap.edges.get(o, i);
    }
    return this.heap.edges.get(o, Number(field));
  }

  /** PyTuple_New(n) as C code uses it: always tracked, items filled in later. */
  newTupleForCall(n: number): number {
    return newTuple(this, new Array(n).fill(NONE), 'new');
  }

  /** A `{}` display. */
  newEmptyDict(): number {
    return newDict(this, []);
  }

  resetDictKeys(o: number): void {
    this.heap.dictKeys.set(o, { keys: [], pos: new Map() });
  }

  /** Drop side tables of an object being freed. */
  forgetWeakrefState(o: number): void {
    this.weakrefsTo.delete(o);
    this.wrTarget.delete(o);
    this.wrCallback.delete(o);
    this.methodNames.delete(o);
    this.finalizeTexts.delete(o);
  }

  // ---- what Python code did ----------------------------------------------

  logCall(kind: CallKind, o: number, template?: string): void {
    const text = template === undefined ? undefined : render(template, undefined, this.heap.values.get(o) ?? {});
    this.calls.push({ event: this.event, kind, obj: this.label(o), text });
  }

  /** weakref.finalize calling info.func: a bound method prints what its class says; a function its text. */
  logFinalizeCall(fin: number, info: number): void {
    const func = this.heap.edges.get(info, 1);
    const raw = this.finalizeTexts.get(info);
    let text = raw === undefined ? undefined : render(raw, undefined);
    if (func >= 0 && this.typeOf(func).kind === Kind.Method) {
      const self = this.heap.edges.get(func, 1);
      const method = this.typeOf(self).methods.get(this.methodNames.get(func) ?? '');
      text = method?.print === undefined ? undefined : render(method.print, undefined, this.heap.values.get(self) ?? {});
    }
    this.calls.push({ event: this.event, kind: 'finalize', obj: this.label(fin), text });
  }

  /** Whether the kind can hold references the collector sees. */
  static isContainer(kind: Kind): boolean {
    return kind !== Kind.Atomic && kind !== Kind.Head;
  }
}
