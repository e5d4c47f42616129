// Which objects of two snapshots are the same object. CPython's id() is the
// object's address, reused as soon as an object dies, so an id present in both
// snapshots is only the same object if the type matches, and, for immutable
// types whose size is fixed at creation, the size too. Anything else is a dead
// object and a new one at the same address: counted as gone + new.
import type { HeapGraph } from '../snapshot/graph.js';
import { IdTable } from '../snapshot/load-ids.js';

/** Immutable builtins: a different size at the same address is a different object. */
const FIXED_SIZE_TYPES = new Set(['builtins.str', 'builtins.bytes', 'builtins.int', 'builtins.float', 'builtins.complex', 'builtins.tuple', 'builtins.frozenset']);

export interface Identity {
  /** 1 for before-objects still alive in the after snapshot. */
  survivesBefore: Uint8Array;
  /** 1 for after-objects that are new (not in the before snapshot). */
  isNew: Uint8Array;
  /** Object in both snapshots. */
  same: number;
  /** Ids in both snapshots held by objects of different types. */
  reusedOtherType: number;
  /** Ids in both with the same fixed-size type but another size. */
  reusedResized: number;
}

/** String index in `after` of each string of `before` (-1 if absent). */
export function mapStrings(before: HeapGraph, after: HeapGraph): Int32Array {
  const index = new Map<string, number>();
  after.strings.forEach((s, i) => index.set(s, i));
  return Int32Array.from(before.strings, (s) => index.get(s) ?? -1);
}

function idTableOf(g: HeapGraph): IdTable {
  const table = new IdTable(g.ids);
  for (let i = 0; i < g.n; i++) table.insert(g.ids[i], i);
  return table;
}

export function matchObjects(before: HeapGraph, after: HeapGraph): Identity {
  const table = before.idIndex ?? idTableOf(before);
  const typeInAfter = mapStrings(before, after);
  const fixedSize = Uint8Array.from(after.strings, (s) => (FIXED_SIZE_TYPES.has(s) ? 1 : 0));
  const out: Identity = { survivesBefore: new Uint8Array(before.n), isNew: new Uint8Array(after.n).fill(1), same: 0, reusedOtherType: 0, reusedResized: 0 };
  for (let j = 0; j < after.n; j++) {
    const i = table.get(after.ids[j]);
    if (i < 0) continue;
    const t = after.type[j];
    if (typeInAfter[before.type[i]] !== t) out.reusedOtherType++;
    else if (fixedSize[t] && before.size[i] !== after.size[j]) out.reusedResized++;
    else {
      out.survivesBefore[i] = 1;
      out.isNew[j] = 0;
      out.same++;
    }
  }
  return out;
}
