// id → object index for millions of snapshot ids without a JS Map: open
// addressing over typed arrays (CPython ids are addresses, multiples of 8 or 16,
// up to 2^48; a multiplicative hash of both 32-bit halves spreads them). Slots
// hold object indices only; the key of a slot is read back from the snapshot's
// own id column (4 bytes a slot instead of 12: 128 MB less for 7M objects).

const EMPTY = -1;

export class IdTable {
  private readonly slots: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  /** A table for the ids of `ids` (insert(ids[i], i) only). */
  constructor(private readonly ids: Float64Array) {
    let bits = 4;
    while (1 << bits < ids.length * 2) bits++;
    this.slots = new Int32Array(1 << bits).fill(EMPTY);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  private home(id: number): number {
    const lo = id >>> 0;
    const hi = Math.floor(id / 4294967296) | 0;
    return Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> this.shift;
  }

  /** Insert id → index; returns the index already holding this id, or -1. */
  insert(id: number, index: number): number {
    for (let s = this.home(id); ; s = (s + 1) & this.mask) {
      const at = this.slots[s];
      if (at === EMPTY) {
        this.slots[s] = index;
        return -1;
      }
      if (this.ids[at] === id) return at;
    }
  }

  /** The object index of id, or -1. */
  get(id: number): number {
    for (let s = this.home(id); ; s = (s + 1) & this.mask) {
      const at = this.slots[s];
      if (at === EMPTY || this.ids[at] === id) return at;
    }
  }
}

/**
 * Index all ids; `duplicate(i, first)` builds the error for an id seen twice
 * (object i repeats the id of object `first`).
 */
export function indexIds(ids: Float64Array, duplicate: (i: number, first: number) => Error): IdTable {
  const t = new IdTable(ids);
  for (let i = 0; i < ids.length; i++) {
    const first = t.insert(ids[i], i);
    if (first >= 0) throw duplicate(i, first);
  }
  return t;
}
