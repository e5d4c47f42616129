// Pairs the objects of two snapshots by path key (match-paths.ts). Objects of
// one key are the same object when the key is unique on both sides; when
// several objects share a key (unlabelled references, such as a set's members
// of one type) they are paired up to the smaller count and the rest are new or
// gone, so the counts are right though which of them is "new" is arbitrary.
// Sort-based (typed arrays, binary search): no Map of millions of entries.
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

function distinctSorted(key: Float64Array): { keys: Float64Array; counts: Int32Array } {
  const sorted = key.filter((k) => k !== NO_KEY).sort();
  const keys = new Float64Array(sorted.length);
  const counts = new Int32Array(sorted.length);
  let m = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (m < 0 || sorted[i] !== keys[m]) keys[++m] = sorted[i];
    counts[m]++;
  }
  return { keys: keys.subarray(0, m + 1), counts: counts.subarray(0, m + 1) };
}

/** Position of k in the sorted keys, or -1. */
function find(keys: Float64Array, k: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = keys[mid];
    if (x < k) lo = mid + 1;
    else if (x > k) hi = mid - 1;
    else return mid;
  }
  return -1;
}

export function matchKeys(before: Float64Array, after: Float64Array): KeyMatch {
  const { keys, counts: countBefore } = distinctSorted(before);
  const countAfter = new Int32Array(keys.length);
  const slotAfter = new Int32Array(after.length);
  for (let j = 0; j < after.length; j++) {
    const s = after[j] === NO_KEY ? -1 : find(keys, after[j]);
    slotAfter[j] = s;
    if (s >= 0) countAfter[s]++;
  }
  const out: KeyMatch = {
    survivesBefore: new Uint8Array(before.length), isNew: new Uint8Array(after.length),
    same: 0, sharedKey: 0, gone: 0, new: 0, unkeyedBefore: 0, unkeyedAfter: 0,
  };
  // Each key pairs min(count before, count after) objects, in file order on both sides.
  const paired = new Int32Array(keys.length);
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
    const s = find(keys, before[i]);
    if (paired[s] < countAfter[s]) {
      paired[s]++;
      out.survivesBefore[i] = 1;
    } else out.gone++;
  }
  return out;
}
