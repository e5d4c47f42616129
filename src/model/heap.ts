// The object store: every model object is an index into flat typed arrays
// (as Chrome DevTools' heap snapshot does), so a million live objects cost a few
// dozen bytes each and no JS object per Python object.
import { EdgeStore } from './edges.js';

/** What an object is, as far as refcounting and the collector care. */
export const enum Kind {
  /** List heads and other sentinels: never a Python object. */
  Head = 0,
  /** Instance of a plain Python class: attributes in a __dict__ (<= 3.10) or inline values (3.11+). */
  Instance,
  /** Instance of a class with __slots__. */
  Slots,
  List,
  Dict,
  Tuple,
  Set,
  /** Non-container objects (str, int, bytes, object()): refcounted, never GC-tracked. */
  Atomic,
  Weakref,
  /** Bound method: references __func__ (not modelled) and __self__. */
  Method,
  /** An object of the interpreter outside the trace (e.g. the executor's frozen heap). */
  Opaque,
}

// Flag bits (Uint16Array `flags`).
export const F_ALIVE = 1;
export const F_GC = 2; // type has Py_TPFLAGS_HAVE_GC
export const F_TRACKED = 4;
export const F_COLLECTING = 8; // PREV_MASK_COLLECTING
export const F_FINALIZED = 16; // _PyGC_PREV_MASK_FINALIZED
export const F_UNREACHABLE = 32; // NEXT_MASK_UNREACHABLE
export const F_IMMORTAL = 64;
export const F_VISITED = 128; // 3.14.0-3.14.4 old-space bit "visited"
export const F_HEAD = 256;
/** 3.11+: an instance whose attributes moved into a real __dict__ (the class's shared keys were full). */
export const F_OWNDICT = 512;
/** The object has entries in side tables (values, dict keys, weakref state): clean them when freed. */
export const F_SIDE = 1024;

/** Value stored in an edge slot for None / an empty slot, and for a deleted dict entry. */
export const NONE = -1;
export const HOLE = -2;

export class Heap {
  capacity = 0;
  /** Highest index ever handed out + 1. */
  top = 0;
  private freeIndices: number[] = [];

  refcnt = new Int32Array(0);
  gcRefs = new Int32Array(0);
  next = new Int32Array(0);
  prev = new Int32Array(0);
  type = new Int32Array(0);
  flags = new Uint16Array(0);
  size = new Int32Array(0);
  readonly edges = new EdgeStore();

  /** Trace id of each object (for output); sparse JS array of primitives. */
  ids: (string | number | undefined)[] = [];
  /** Plain attribute values (name -> atom), only for objects that have them. */
  values = new Map<number, Record<string, string | number | boolean | null>>();
  /** Dict keys in entry order (null = deleted entry), and key -> entry index. */
  dictKeys = new Map<number, { keys: (string | null)[]; pos: Map<string, number> }>();

  constructor(initial = 1024) {
    this.grow(initial);
  }

  private grow(min: number): void {
    let cap = Math.max(16, this.capacity);
    while (cap < min) cap *= 2;
    if (cap === this.capacity) return;
    const resize = <T extends Int32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.refcnt = resize(this.refcnt, (n) => new Int32Array(n));
    this.gcRefs = resize(this.gcRefs, (n) => new Int32Array(n));
    this.next = resize(this.next, (n) => new Int32Array(n));
    this.prev = resize(this.prev, (n) => new Int32Array(n));
    this.type = resize(this.type, (n) => new Int32Array(n));
    this.flags = resize(this.flags, (n) => new Uint16Array(n));
    this.size = resize(this.size, (n) => new Int32Array(n));
    this.edges.growObjects(cap);
    this.capacity = cap;
  }

  /** A fresh index with all fields reset; the caller sets type, flags and edges. */
  allocIndex(): number {
    let o = this.freeIndices.pop();
    if (o === undefined) {
      o = this.top++;
      if (o >= this.capacity) this.grow(o + 1);
    }
    this.refcnt[o] = 0;
    this.gcRefs[o] = 0;
    this.next[o] = -1;
    this.prev[o] = -1;
    this.flags[o] = 0;
    this.size[o] = 0;
    return o;
  }

  releaseIndex(o: number): void {
    this.edges.release(o);
    if (this.flags[o] & F_SIDE) {
      this.values.delete(o);
      this.dictKeys.delete(o);
    }
    this.flags[o] = 0;
    this.ids[o] = undefined;
    this.freeIndices.push(o);
  }

  /** A list head: a sentinel whose next/prev point to itself. */
  newHead(): number {
    const h = this.allocIndex();
    this.flags[h] = F_HEAD;
    this.next[h] = h;
    this.prev[h] = h;
    return h;
  }

  isAlive(o: number): boolean {
    return o >= 0 && (this.flags[o] & F_ALIVE) !== 0;
  }

  /** Number of live objects (excluding heads). */
  liveCount(): number {
    return this.top - this.freeIndices.length;
  }
}
