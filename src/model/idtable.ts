// Maps from trace ids and variable names to object indices that stay fast under
// constant insert/delete churn (V8's Map degrades badly when the same keys are
// deleted and re-added millions of times, which is exactly what a trace of
// short-lived objects does).

const EMPTY = -1;

/**
 * Open-addressing hash map (linear probing) from non-negative integer ids to
 * object indices. Deletion shifts the rest of the probe run back instead of
 * leaving tombstones, so constant churn never slows lookups down. Key and value
 * share one Float64Array (one cache line per probe).
 */
class IntIdMap {
  /** [key, value] pairs; value EMPTY marks a free slot. */
  private slots = new Float64Array(2 * 1024).fill(EMPTY);
  private mask = 1024 - 1;
  private shift = 32 - 10;
  size = 0;

  /**
   * Fibonacci hashing of the id's block of 16 (high bits of the product), the
   * low 4 bits kept (mixed with the block number): ids made one after another
   * land side by side in the table, so a trace's mostly consecutive ids stay
   * in cache, while strided ids (addresses) still spread over the whole table.
   */
  private home(k: number): number {
    // ids above 2^32 fold their high half in.
    const lo = k < 4294967296 ? k >>> 0 : ((k >>> 0) ^ Math.floor(k / 4294967296)) >>> 0;
    // (shift + 4 < 32: the table never has fewer than 1024 slots.)
    return ((Math.imul(lo >>> 4, 0x9e3779b1) >>> (this.shift + 4)) << 4) | ((lo ^ (lo >>> 4)) & 15);
  }

  private find(k: number): number {
    const s = this.slots;
    const mask = this.mask;
    for (let h = this.home(k); ; h = (h + 1) & mask) {
      if (s[2 * h + 1] === EMPTY) return -1;
      if (s[2 * h] === k) return h;
    }
  }

  get(k: number): number | undefined {
    const h = this.find(k);
    return h < 0 ? undefined : this.slots[2 * h + 1];
  }

  set(k: number, v: number): void {
    const s = this.slots;
    const mask = this.mask;
    let h = this.home(k);
    while (s[2 * h + 1] !== EMPTY && s[2 * h] !== k) h = (h + 1) & mask;
    if (s[2 * h + 1] === EMPTY) {
      this.size++;
      s[2 * h] = k;
    }
    s[2 * h + 1] = v;
    if (this.size * 2 > mask + 1) this.grow();
  }

  /** Remove k; returns the index it mapped to (or -1). */
  delete(k: number): number {
    let i = this.find(k);
    if (i < 0) return -1;
    const s = this.slots;
    const v = s[2 * i + 1];
    const mask = this.mask;
    // Backward-shift deletion (Knuth 6.4, algorithm R).
    for (let j = (i + 1) & mask; s[2 * j + 1] !== EMPTY; j = (j + 1) & mask) {
      const h = this.home(s[2 * j]);
      if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
        s[2 * i] = s[2 * j];
        s[2 * i + 1] = s[2 * j + 1];
        i = j;
      }
    }
    s[2 * i + 1] = EMPTY;
    this.size--;
    return v;
  }

  private grow(): void {
    const old = this.slots;
    const cap = 2 * (this.mask + 1);
    this.shift = 32 - Math.log2(cap);
    this.mask = cap - 1;
    this.slots = new Float64Array(2 * cap).fill(EMPTY);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== EMPTY) this.set(old[i], old[i + 1]);
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

/**
 * A direct-mapped cache of string -> small integer, indexed by the string's
 * length: a Map lookup hashes the string, this compares one pointer (or, for an
 * equal string that is another object, a few characters).
 */
export class NameCache {
  private names: (string | undefined)[] = new Array(16).fill(undefined);
  private values = new Int32Array(16).fill(-1);

  /** The cached value, or -1. */
  get(name: string): number {
    const c = name.length & 15;
    return this.names[c] === name ? this.values[c] : -1;
  }

  set(name: string, v: number): void {
    const c = name.length & 15;
    this.names[c] = name;
    this.values[c] = v;
  }

  /** map.get(name) through the cache; only for maps whose entries never change or go. */
  through(map: Map<string, number>, name: string): number | undefined {
    const hit = this.get(name);
    if (hit >= 0) return hit;
    const v = map.get(name);
    if (v !== undefined) this.set(name, v);
    return v;
  }
}

/** Variable bindings: names interned once to slots; unbinding never deletes from a Map. */
export class Variables {
  private slots = new Map<string, number>();
  private names: string[] = [];
  private values = new Int32Array(64).fill(-3);
  /** Stored for unbound slots. */
  static readonly UNBOUND = -3;
  /** The last name of each length (mod 16) and its slot: traces rebind the same few names constantly. */
  private recent = new NameCache();

  /** The slot of a name seen before (slots are never removed, so the cache never goes stale). */
  private known(name: string): number | undefined {
    return this.recent.through(this.slots, name);
  }

  private slotOf(name: string): number {
    let s = this.known(name);
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
    const s = this.known(name);
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
