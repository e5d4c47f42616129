// Leak suspects (Eclipse MAT's Leak Suspects, memlab's leak clusters, for
// Python heaps): the new objects of a snapshot diff grouped by the object that
// retains them (suspects-owners.ts), biggest growth first. A retainer's growth
// is what it holds that is new, less what it held before that is gone, so a
// cache that replaced one entry by another, or a counter that moved from one
// int to the next, did not grow; a list that gained 400 HTTPErrors did.
import type { GraphFacts } from './graph-facts.js';
import type { HeapGraph } from '../snapshot/graph.js';
import type { Identity } from './identity.js';
import { IdTable } from '../snapshot/load-ids.js';
import { ownersOf } from './suspects-owners.js';
import { retainerPath, type RetainerPath } from './paths.js';
import { retainedSize } from './dominators.js';
import { typeObjectName } from './type-names.js';
import { trapsOnPath, trapsOfObject, dedupeTraps, type Trap, type TrapContext } from './traps.js';
import { headShapes } from './suspects-shapes.js';
import { descendToOwnType } from './suspects-descend.js';

export type SuspectKind = 'object' | 'outside' | 'unreachable';

export interface Suspect {
  /** object: a retaining object; outside: held from outside the snapshot (C code, uncaptured frames); unreachable: cyclic garbage not yet collected. */
  kind: SuspectKind;
  retainer?: { id: number; type: string; name?: string; new: boolean; retained: number };
  newObjects: number;
  newBytes: number;
  /** Objects the retainer held in the before snapshot that are gone since. */
  goneObjects: number;
  goneBytes: number;
  /** New structures hanging off the retainer (each new object belongs to one: the head that dominates it). */
  heads: number;
  /** The commonest way those structures hang off it: a path from a named root to one head, and how many heads share its shape. */
  path: { count: number; path: RetainerPath };
  /** Types of the new objects, most first. */
  types: { type: string; count: number; bytes: number }[];
  /** Where the structures of that shape (their heads) were allocated (tracemalloc snapshots), most first. */
  sites: { site: string; count: number }[];
  traps: Trap[];
}

export interface SuspectOptions {
  /** Show at most this many (default 3). */
  limit?: number;
  /** A retainer grew when it holds at least this many more objects than before (default 10)… */
  minObjects?: number;
  /** … or at least this many more bytes (default 64 KiB): below both, it is churn (a counter's next int, a bounded cache's next entry). */
  minBytes?: number;
}

export const MIN_GROWTH = { objects: 10, bytes: 64 * 1024 };

export interface SuspectsResult {
  suspects: Suspect[];
  /** Further retainers that grew, not shown. */
  omitted: number;
}

const TYPES_SHOWN = 4;
const SITES_SHOWN = 2;

function idTable(g: HeapGraph): IdTable {
  if (g.idIndex) return g.idIndex;
  const t = new IdTable(g.ids);
  for (let i = 0; i < g.n; i++) t.insert(g.ids[i], i);
  return t;
}

/** Per retainer key (an after-object index, n: outside, n + 1: unreachable): new and gone objects and bytes. */
function tally(before: GraphFacts, after: GraphFacts, id: Identity) {
  const a = after.graph;
  const b = before.graph;
  const keys = a.n + 2;
  const newObjects = new Int32Array(keys);
  const newBytes = new Float64Array(keys);
  const goneObjects = new Int32Array(keys);
  const goneBytes = new Float64Array(keys);
  const owners = ownersOf(after, id.isNew);
  for (let v = 0; v < a.n; v++) {
    const o = owners.owner[v];
    if (o < 0) continue;
    newObjects[o]++;
    newBytes[o] += a.size[v];
  }
  const gone = new Uint8Array(b.n); // a plain loop: Uint8Array.from with a map function is 100 times slower
  for (let v = 0; v < b.n; v++) gone[v] = 1 - id.survivesBefore[v];
  const goneOwner = ownersOf(before, gone).owner;
  // Retainers are paired by id, which only holds within one process: objects matched by
  // their path across processes (a `method: 'path'` matching) keep no gone count here.
  const byId = (id as { method?: string }).method !== 'path';
  const inAfter = idTable(a);
  const afterKey = new Map<number, number>();
  for (let v = 0; v < b.n; v++) {
    const o = goneOwner[v];
    if (o < 0) continue;
    let k = o >= b.n ? o - b.n + a.n : afterKey.get(o);
    if (k === undefined) {
      // A retainer that survived is the same object in the after snapshot (identity.ts matched it by id).
      k = byId && id.survivesBefore[o] ? inAfter.get(b.ids[o]) : -1;
      if (k >= 0 && (id.isNew[k] || a.strings[a.type[k]] !== b.strings[b.type[o]])) k = -1;
      afterKey.set(o, k);
    }
    if (k < 0) continue;
    goneObjects[k]++;
    goneBytes[k] += b.size[v];
  }
  return { owners, newObjects, newBytes, goneObjects, goneBytes };
}

export function leakSuspects(before: GraphFacts, after: GraphFacts, id: Identity, opts: SuspectOptions = {}, ctx?: TrapContext): SuspectsResult {
  const { limit = 3, minObjects = MIN_GROWTH.objects, minBytes = MIN_GROWTH.bytes } = opts;
  const a = after.graph;
  const t = tally(before, after, id);
  const growthBytes = (k: number) => t.newBytes[k] - t.goneBytes[k];
  const grew: number[] = [];
  for (let k = 0; k < a.n + 2; k++) {
    const more = t.newObjects[k] - t.goneObjects[k];
    if (more >= Math.max(1, minObjects) || (more > 0 && growthBytes(k) >= minBytes)) grew.push(k);
  }
  grew.sort((x, y) => growthBytes(y) - growthBytes(x) || (t.newObjects[y] - t.goneObjects[y]) - (t.newObjects[x] - t.goneObjects[x]) || x - y);
  const shown = grew.slice(0, limit);
  const shapes = headShapes(after, t.owners, shown);
  const suspects = shown.map((k, s): Suspect => {
    const kind: SuspectKind = k === a.n ? 'outside' : k === a.n + 1 ? 'unreachable' : 'object';
    const shape = shapes[s];
    const path = retainerPath(a, after.tree, kind === 'unreachable' ? shape.sample : descendToOwnType(after, shape.sample));
    const name = kind === 'object' ? typeObjectName(a, after.reverse, k) : undefined;
    return {
      kind,
      ...(kind === 'object' ? { retainer: { id: a.ids[k], type: a.strings[a.type[k]], ...(name ? { name } : {}), new: id.isNew[k] === 1, retained: retainedSize(after.dominators, k) } } : {}),
      newObjects: t.newObjects[k], newBytes: t.newBytes[k], goneObjects: t.goneObjects[k], goneBytes: t.goneBytes[k],
      heads: shape.heads,
      path: { count: shape.count, path },
      types: shape.types.slice(0, TYPES_SHOWN).map(([ti, c]) => ({ type: a.strings[ti], count: c.count, bytes: c.bytes })),
      sites: shape.sites.slice(0, SITES_SHOWN).map(([si, count]) => ({ site: a.strings[si], count })),
      traps: dedupeTraps([...trapsOnPath(path, ctx), ...trapsOfObject(a, shape.sample)]),
    };
  });
  return { suspects, omitted: grew.length - shown.length };
}
