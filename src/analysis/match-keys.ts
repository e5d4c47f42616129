// Pairs the objects of two snapshots by path key (match-paths.ts). Objects of
// one key are the same object when the key is unique on both sides; when
// several objects share a key (unlabelled references, such as a set's members
// of one type) they are paired up to the smaller count and the rest are new or
// gone, so the counts are right though which of them is "new" is arbitrary.
// Typed arrays and open addressing: no Map of millions of entries.
import { NO_KEY } from './match-paths.js';

export interface KeyMatch {
  /** 1 for before-objects paired with an after-object. */
  survivesBefore: Uint8Array;
  /** 1 for after-objects with a key and no partner. */
  isNew: Uint8Array;
  /** Pairs made. */
  same: number;
  /** Of them, pairs whose key several objects of a snapshot share. */
  sharedKey: number;
  /** Before-objects without a partner (their key is gone or fewer in after). */
  gone: number;
  new: number;
  /** Objects without a key (no named root reaches them). */
  unkeyedBefore: number;
  unkeyedAfter: number;
}

/** Open addressing over the distinct keys (low 32 bits of a key are a hash already). */
class KeyTable {
  readonly keys: Float64Array;
  private readonly mask: number;
  size = 0;

  constructor(capacityFor: number) {
    let bits = 4;
    while (1 << bits < capacityFor * 2) bits++;
    this.keys = new Float64Array(1 << bits).fill(NO_KEY);
    this.mask = (1 << bits) - 1;
  }

  /** The slot of key k; inserted when `add`, else -1 when absent. */
  slot(k: number, add: boolean): number {
    const { keys, mask } = this;
    for (let s = (k >>> 0) & mask; ; s = (s + 1) & mask) {
      const x = keys[s];
      if (x === k) return s;
      if (x === NO_KEY) {
        if (!add) return -1;
        keys[s] = k;
        this.size++;
        return s;
      }
    }
  }
}

export function matchKeys(before: Float64Array, after: Float64Array): KeyMatch {
  const table = new KeyTable(before.length);
  const slotBefore = new Int32Array(before.length);
  for (let i = 0; i < before.length; i++) slotBefore[i] = before[i] === NO_KEY ? -1 : table.slot(before[i], true);
  const countBefore = new Int32Array(table.keys.length);
  for (let i = 0; i < before.length; i++) if (slotBefore[i] >= 0) countBefore[slotBefore[i]]++;
  const countAfter = new Int32Array(table.keys.length);
  const slotAfter = new Int32Array(after.length);
  for (let j = 0; j < after.length; j++) {
    const s = after[j] === NO_KEY ? -1 : table.slot(after[j], false);
    slotAfter[j] = s;
    if (s >= 0) countAfter[s]++;
  }
  const out: KeyMatch = {
    survivesBefore: new Uint8Array(before.length), isNew: new Uint8Array(after.length),
    same: 0, sharedKey: 0, gone: 0, new: 0, unkeyedBefore: 0, unkeyedAfter: 0,
  };
  // Each key pairs min(count before, count after) objects, in file order on both sides.
  const paired = new Int32Array(table.keys.length);
  for (let j = 0; j < after.length; j++) {
    const s = slotAfter[j];
    if (after[j] === NO_KEY) out.unkeyedAfter++;
    else if (s >= 0 && paired[s] < countBefore[s]) {
      paired[s]++;
      out.same++;
      if (countBefore[s] > 1 || countAfter[s] > 1) out.sharedKey++;
    } else {
      out.isNew[j] = 1;
      out.new++;
    }
  }
  paired.fill(0);
  for (let i = 0; i < before.length; i++) {
    if (before[i] === NO_KEY) {
      out.unkeyedBefore++;
      continue;
    }
    const s = slotBefore[i];
    if (paired[s] < countAfter[s]) {
      paired[s]++;
      out.survivesBefore[i] = 1;
    } else out.gone++;
  }
  return out;
}
