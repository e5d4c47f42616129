// Growable typed-array columns that check every value as it arrives, so a bad
// entry is reported with its exact place ($.objects.gen[12]) whether the file
// was parsed whole or streamed.
import { InputError } from '../errors.js';
import { EDGE_KINDS } from '../snapshot/schema.js';

type Typed = Float64Array | Int32Array | Uint32Array | Int8Array | Uint8Array;
type TypedCtor = { new (n: number): Typed };

export interface ColumnSpec {
  ctor: TypedCtor;
  min: number;
  max: number;
  /** What a value must be, for the error message. */
  expected: string;
  /** Values above max are stored as max instead of rejected. */
  clamp?: boolean;
}

abstract class ColumnBase {
  length = 0;
  protected readonly min: number;
  protected readonly max: number;

  constructor(readonly file: string, readonly place: string, readonly spec: ColumnSpec) {
    this.min = spec.min;
    this.max = spec.max;
  }

  protected reject(v: number): never {
    throw new InputError(this.file, `${this.place}[${this.length}]`, `expected ${this.spec.expected} (got ${v})`);
  }
}

// Three column classes, each with its own push(): the call site that runs once per
// number of a big file then sees three shapes (fast) instead of five typed-array kinds.

/** Integers below 2^31, gathered in an Int32Array (object indices are reinterpreted as Uint32 for free). */
class IntColumn extends ColumnBase {
  data: Int32Array;

  constructor(file: string, place: string, spec: ColumnSpec, capacity: number) {
    super(file, place, spec);
    this.data = new Int32Array(Math.max(capacity, 16));
  }

  push(v: number): void {
    if ((v | 0) !== v || v < this.min || v > this.max) {
      // Clamped values must still be exact integers (below 2^53), as the zod schema
      // of a whole-parsed file requires: both readers accept the same files.
      if (!(this.spec.clamp && Number.isSafeInteger(v) && v > this.max)) this.reject(v);
      v = this.max;
    }
    const at = this.length;
    if (at === this.data.length) this.reserve(at * 2);
    this.data[at] = v;
    this.length = at + 1;
  }

  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = new Int32Array(n);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  values<T extends Typed>(): T {
    const ctor = this.spec.ctor;
    const d = this.length === this.data.length ? this.data : this.data.slice(0, this.length);
    if (ctor === Int32Array) return d as T;
    if (ctor === Uint32Array) return new Uint32Array(d.buffer, d.byteOffset, d.length) as T;
    const out = new ctor(d.length);
    for (let i = 0; i < d.length; i++) out[i] = d[i];
    return out as T;
  }
}

/** Integers up to 2^53 (ids, byte sizes), in a Float64Array. */
class WideColumn extends ColumnBase {
  data: Float64Array;

  constructor(file: string, place: string, spec: ColumnSpec, capacity: number) {
    super(file, place, spec);
    this.data = new Float64Array(Math.max(capacity, 16));
  }

  push(v: number): void {
    if (!Number.isInteger(v) || v < this.min || v > this.max) this.reject(v);
    const at = this.length;
    if (at === this.data.length) this.reserve(at * 2);
    this.data[at] = v;
    this.length = at + 1;
  }

  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = new Float64Array(n);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  values<T extends Typed>(): T {
    return (this.length === this.data.length ? this.data : this.data.slice(0, this.length)) as T;
  }
}

/**
 * Small integers (generations, flags, edge kinds) stored in their own byte
 * array as they arrive: gathering them as Int32 and narrowing at the end held
 * 5 bytes per value at the peak (140 MB more for a 600 MB snapshot).
 */
class ByteColumn extends ColumnBase {
  data: Int8Array | Uint8Array;

  constructor(file: string, place: string, spec: ColumnSpec, capacity: number) {
    super(file, place, spec);
    this.data = new (spec.ctor as typeof Uint8Array)(Math.max(capacity, 16));
  }

  push(v: number): void {
    if ((v | 0) !== v || v < this.min || v > this.max) this.reject(v);
    const at = this.length;
    if (at === this.data.length) this.reserve(at * 2);
    this.data[at] = v;
    this.length = at + 1;
  }

  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = new (this.spec.ctor as typeof Uint8Array)(n);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  values<T extends Typed>(): T {
    return (this.length === this.data.length ? this.data : this.data.slice(0, this.length)) as T;
  }
}

export type Column = IntColumn | WideColumn | ByteColumn;

export function newColumn(file: string, place: string, spec: ColumnSpec, capacity = 1024): Column {
  if (spec.ctor === Float64Array) return new WideColumn(file, place, spec, capacity);
  if (spec.ctor === Int8Array || spec.ctor === Uint8Array) return new ByteColumn(file, place, spec, capacity);
  return new IntColumn(file, place, spec, capacity);
}

const int = (ctor: TypedCtor, min: number, max: number, expected: string, clamp = false): ColumnSpec => ({ ctor, min, max, expected, clamp });
const STRING_INDEX = int(Int32Array, 0, 2 ** 31 - 1, 'a string index (a non-negative integer)');
const OBJECT_INDEX = int(Uint32Array, 0, 2 ** 31 - 1, 'an object index (a non-negative integer)');

export const OBJECT_COLUMNS = {
  id: int(Float64Array, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'an integer id'),
  type: STRING_INDEX,
  size: int(Float64Array, 0, Number.MAX_SAFE_INTEGER, 'a size in bytes (a non-negative integer)'),
  // Immortal objects (3.12+) report refcounts beyond 2^31; they are flagged anyway, so clamp.
  refcount: int(Int32Array, 0, 2 ** 31 - 1, 'a reference count (a non-negative integer)', true),
  gen: int(Int8Array, -1, 6, 'a generation code from -1 (untracked) to 6'),
  flags: int(Uint8Array, 0, 255, 'FLAG_* bits (an integer from 0 to 255)'),
  site: STRING_INDEX,
} satisfies Record<string, ColumnSpec>;

export const EDGE_COLUMNS = {
  from: OBJECT_INDEX,
  to: OBJECT_INDEX,
  label: STRING_INDEX,
  kind: int(Uint8Array, 0, EDGE_KINDS.length - 1, `an edge kind index from 0 to ${EDGE_KINDS.length - 1} (${EDGE_KINDS.join(', ')})`),
} satisfies Record<string, ColumnSpec>;

export type ObjectColumnName = keyof typeof OBJECT_COLUMNS;
export type EdgeColumnName = keyof typeof EDGE_COLUMNS;

/** The columns of one section ($.objects or $.edges), created as they appear. */
export class ColumnSet<K extends string> {
  readonly columns = new Map<K, Column>();
  count: number | undefined;

  /**
   * @param maxEntries no column of the file can hold more (each entry takes at
   * least two bytes), so a `count` of 2^40 reserves no more than the file could fill.
   */
  constructor(readonly file: string, readonly place: string, readonly specs: Record<K, ColumnSpec>, readonly maxEntries = 2 ** 24) {}

  /** Entries to reserve per column: the declared count, within what the file can hold. */
  capacity(): number {
    return Math.min(this.count ?? 1024, this.maxEntries);
  }

  isColumn(name: string): name is K {
    return Object.prototype.hasOwnProperty.call(this.specs, name);
  }

  open(name: K): Column {
    if (this.columns.has(name)) throw new InputError(this.file, `${this.place}.${name}`, 'expected each column once (this one appears twice)');
    const c = newColumn(this.file, `${this.place}.${name}`, this.specs[name], this.capacity());
    this.columns.set(name, c);
    return c;
  }
}
