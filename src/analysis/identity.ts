// Which objects of two snapshots are the same object. CPython's id() is the
// object's address, reused as soon as an object dies, so an id present in both
// snapshots is only the same object if the type matches, and, for immutable
// types whose size is fixed at creation, the size too. Anything else is a dead
// object and a new one at the same address: counted as gone + new.
// Snapshots of two processes share no addresses: their objects are matched by
// their labelled path from a named root instead (match-paths.ts).
import type { HeapGraph } from '../snapshot/graph.js';
import { IdTable } from '../snapshot/load-ids.js';
import { NO_KEY, pathKeys } from './match-paths.js';
import { matchKeys } from './match-keys.js';
import { sameProcess } from './match-process.js';

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

export const MATCH_METHODS = ['auto', 'id', 'path'] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

/** How the objects were matched, and what could not be. */
export interface Matching extends Identity {
  method: 'id' | 'path';
  /** Whether the snapshots come from one process, and what says so. */
  sameProcess: boolean;
  processEvidence: string;
  /** Objects no labelled path reaches (cyclic garbage): counted neither gone nor new. */
  unmatchedBefore: number;
  unmatchedAfter: number;
  /** Matched objects whose path several objects of one type share (paired by count). */
  sharedPath: number;
}

/**
 * Match by id within one process, by labelled path across processes (`auto`),
 * or as asked. outside: each snapshot's objects held from outside (held.ts).
 */
export function matchSnapshots(before: HeapGraph, after: HeapGraph, outside: [Uint8Array, Uint8Array], how: MatchMethod = 'auto'): Matching {
  const proc = sameProcess(before.header, after.header);
  const base = { sameProcess: proc.same, processEvidence: proc.evidence };
  if (how === 'id' || (how === 'auto' && proc.same)) {
    return { ...matchObjects(before, after), ...base, method: 'id', unmatchedBefore: 0, unmatchedAfter: 0, sharedPath: 0 };
  }
  const keys = pathKeys(before, outside[0]).key;
  const m = matchKeys(keys, pathKeys(after, outside[1]).key);
  // Objects without a key are neither gone nor new (matchKeys leaves them not new).
  for (let i = 0; i < before.n; i++) if (keys[i] === NO_KEY) m.survivesBefore[i] = 1;
  return {
    ...base, method: 'path', survivesBefore: m.survivesBefore, isNew: m.isNew, same: m.same, reusedOtherType: 0, reusedResized: 0,
    unmatchedBefore: m.unkeyedBefore, unmatchedAfter: m.unkeyedAfter, sharedPath: m.sharedKey,
  };
}

/** String index in `after` of each string of `before` (-1 if absent). */
export function mapStrings(before: HeapGraph, after: HeapGraph): Int32Array {
  const index = new Map<string, number>();
  after.strings.forEach((s, i) => index.set(s, i));
  return Int32Array.from(before.strings, (s) => index.get(s) ?? -1);
}

export function idTableOf(g: HeapGraph): IdTable {
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

const objects = (k: number) => `${k.toLocaleString('en-US')} object${k === 1 ? '' : 's'}`;

/** What a reader of the diff must know about how objects were matched (n: objects in each snapshot). */
export function matchNotes(m: Matching, n: [number, number]): string[] {
  const out: string[] = [];
  const why = `(${m.processEvidence})`;
  if (m.method === 'path') {
    const where = m.sameProcess ? 'objects were matched (--match path)' : `the snapshots come from different processes ${why}: objects were matched`;
    const all = m.unmatchedBefore || m.unmatchedAfter ? '' : ' (every object has such a path)';
    out.push(`${where} by their labelled path from a named root, with each object's type, not by id${all}; "new" means no object of that type was reached that way before`);
    if (m.sharedPath) out.push(`${objects(m.sharedPath)} share their path with others of their type (unlabelled references, e.g. set members): paired by count`);
    if (m.unmatchedBefore || m.unmatchedAfter) {
      out.push(`${objects(m.unmatchedBefore)} before and ${objects(m.unmatchedAfter)} after could not be matched (no path reaches them: cyclic garbage): counted neither gone nor new`);
    }
  } else if (!m.sameProcess) {
    out.push(`the snapshots come from different processes ${why} but were matched by id (--match id): ids are addresses, so nearly every object counts as gone + new`);
  } else if (m.processEvidence !== 'one process token' && Math.min(...n) >= 1000 && m.same < 0.01 * Math.min(...n)) {
    // Old captures record no token: two runs in containers are both pid 1.
    out.push(`only ${objects(m.same)} kept their id, though the snapshots look like one process ${why}: if they come from two runs, use --match path`);
  }
  return out;
}

/** How the objects were matched, without the counts Identity has. */
export type MatchSummary = Omit<Matching, keyof Identity>;

export function matchSummary(m: Matching): MatchSummary {
  const { method, sameProcess, processEvidence, unmatchedBefore, unmatchedAfter, sharedPath } = m;
  return { method, sameProcess, processEvidence, unmatchedBefore, unmatchedAfter, sharedPath };
}
