// Maps from trace ids and variable names to object indices that stay fast under
// constant insert/delete churn (V8's Map degrades badly when the same keys are
// deleted and re-added millions of times, which is exactly what a trace of
// short-lived objects does).

const EMPTY = -1;

/**
 * Open-addressing hash map (linear probing) from non-negative integer ids to
 * object indices. Deletion shifts the rest of the probe run back instead of
 * leaving tombstones, so constant churn never slows lookups down.
 */
class IntIdMap {
  private keys = new Float64Array(1024);
  private vals = new Int32Array(1024).fill(EMPTY);
  private shift = 32 - 10;
  size = 0;

  private home(k: number): number {
    // Fibonacci hashing; ids above 2^32 fold their high half in.
    const lo = k < 4294967296 ? k >>> 0 : ((k >>> 0) ^ Math.floor(k / 4294967296)) >>> 0;
    return Math.imul(lo, 0x9e3779b1) >>> this.shift;
  }

  private find(k: number): number {
    const mask = this.keys.length - 1;
    for (let h = this.home(k); ; h = (h + 1) & mask) {
      if (this.vals[h] === EMPTY) return -1;
      if (this.keys[h] === k) return h;
    }
  }

  get(k: number): number | undefined {
    const h = this.find(k);
    return h < 0 ? undefined : this.vals[h];
  }

  set(k: number, v: number): void {
    const mask = this.keys.length - 1;
    let h = this.home(k);
    while (this.vals[h] !== EMPTY && this.keys[h] !== k) h = (h + 1) & mask;
    if (this.vals[h] === EMPTY) {
      this.size++;
      this.keys[h] = k;
    }
    this.vals[h] = v;
    if (this.size * 2 > this.keys.length) this.grow();
  }

  /** Remove k; returns the index it mapped to (or -1). */
  delete(k: number): number {
    let i = this.find(k);
    if (i < 0) return -1;
    const v = this.vals[i];
    const mask = this.keys.length - 1;
    // Backward-shift deletion (Knuth 6.4, algorithm R).
    for (let j = (i + 1) & mask; this.vals[j] !== EMPTY; j = (j + 1) & mask) {
      const h = this.home(this.keys[j]);
      if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
        this.keys[i] = this.keys[j];
        this.vals[i] = this.vals[j];
        i = j;
      }
    }
    this.vals[i] = EMPTY;
    this.size--;
    return v;
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    const cap = oldK.length * 2;
    this.shift = 32 - Math.log2(cap);
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap).fill(EMPTY);
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldV[i] !== EMPTY) this.set(oldK[i], oldV[i]);
  }
}

/** Trace ids (integers or strings) to object indices. */
export class IdTable {
  private ints = new IntIdMap();
  private strs = new Map<string, number>();

  get(id: string | number): number | undefined {
    return typeof id === 'number' ? this.ints.get(id) : this.strs.get(id);
  }

  has(id: string | number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: string | number, o: number): void {
    if (typeof id === 'number') this.ints.set(id, o);
    else this.strs.set(id, o);
  }

  delete(id: string | number): void {
    if (typeof id === 'number') this.ints.delete(id);
    else this.strs.delete(id);
  }

  /** Forget id if it still names object o (a later object may have taken the id). */
  forget(id: string | number, o: number): void {
    if (typeof id === 'number') {
      const v = this.ints.delete(id);
      if (v >= 0 && v !== o) this.ints.set(id, v);
    } else if (this.strs.get(id) === o) {
      this.strs.delete(id);
    }
  }
}

/** Variable bindings: names interned once to slots; unbinding never deletes from a Map. */
export class Variables {
  private slots = new Map<string, number>();
  private names: string[] = [];
  private values = new Int32Array(64).fill(-3);
  /** Stored for unbound slots. */
  static readonly UNBOUND = -3;

  private slotOf(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = this.names.length;
      this.names.push(name);
      this.slots.set(name, s);
      if (s >= this.values.length) {
        const v = new Int32Array(this.values.length * 2).fill(Variables.UNBOUND);
        v.set(this.values);
        this.values = v;
      }
    }
    return s;
  }

  /** The bound object (-1 for None), or undefined when unbound. */
  get(name: string): number | undefined {
    const s = this.slots.get(name);
    if (s === undefined) return undefined;
    const v = this.values[s];
    return v === Variables.UNBOUND ? undefined : v;
  }

  set(name: string, o: number): void {
    this.values[this.slotOf(name)] = o;
  }

  /** Bind name to o; returns the previous binding (undefined when unbound). One lookup. */
  swap(name: string, o: number): number | undefined {
    const s = this.slotOf(name);
    const old = this.values[s];
    this.values[s] = o;
    return old === Variables.UNBOUND ? undefined : old;
  }

  /** Unbind name; returns what it was bound to (undefined when unbound). One lookup. */
  take(name: string): number | undefined {
    const s = this.slots.get(name);
    if (s === undefined) return undefined;
    const old = this.values[s];
    this.values[s] = Variables.UNBOUND;
    return old === Variables.UNBOUND ? undefined : old;
  }

  delete(name: string): void {
    const s = this.slots.get(name);
    if (s !== undefined) this.values[s] = Variables.UNBOUND;
  }

  /** Bound values (for consistency checks and baselines). */
  *values_(): Generator<number> {
    for (let s = 0; s < this.names.length; s++) if (this.values[s] !== Variables.UNBOUND) yield this.values[s];
  }
}
