// What the traps need to know beyond a path's type names: each lru_cache's
// bound and fill, now and (for a diff) in the earlier snapshot. Captures since
// the lruCaches header field read maxsize through the type; an older snapshot
// still shows a bounded cache by its shape: CPython's bounded wrapper stores a
// functools._lru_list_elem per entry as the cache dict's value, the unbounded
// one stores the results themselves (Modules/_functoolsmodule.c).
import type { HeapGraph } from '../snapshot/graph.js';

export interface CacheFacts {
  /** null: unbounded; undefined: bounded but the bound is unknown (an older capture). */
  maxsize: number | null | undefined;
  size: number;
  function?: string;
  /** Entries in the earlier snapshot, when the same cache is found there. */
  sizeBefore?: number;
}

export interface TrapContext {
  /** By the wrapper's snapshot id. */
  caches: Map<number, CacheFacts>;
}

const WRAPPER = 'functools._lru_cache_wrapper';
const ELEMENT = 'functools._lru_list_elem';

export function trapContext(after: HeapGraph, before?: HeapGraph): TrapContext {
  const caches = cachesOf(after);
  if (before) {
    const earlier = cachesOf(before);
    const samePid = after.header.pid !== undefined && after.header.pid === before.header.pid;
    const byName = uniqueByFunction(earlier);
    for (const [id, c] of caches) {
      const b = samePid ? earlier.get(id) : undefined;
      const match = b && b.function === c.function ? b : c.function !== undefined ? byName.get(c.function) : undefined;
      if (match) c.sizeBefore = match.size;
    }
  }
  return { caches };
}

function cachesOf(g: HeapGraph): Map<number, CacheFacts> {
  const out = new Map<number, CacheFacts>();
  if (g.header.lruCaches) {
    for (const c of g.header.lruCaches) out.set(c.id, { maxsize: c.maxsize, size: c.size, function: c.function });
    return out;
  }
  for (let v = 0; v < g.n; v++) {
    if (g.strings[g.type[v]] !== WRAPPER) continue;
    const facts = inferred(g, v);
    if (facts) out.set(g.ids[v], facts);
  }
  return out;
}

/** From the wrapper's cache dict (the first dict it references): entries, and bounded when they are list elements. */
function inferred(g: HeapGraph, v: number): CacheFacts | undefined {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
    const d = g.edgeTo[e];
    // The wrapper's own attributes (__wrapped__, __doc__…) are its __dict__, not the cache.
    if (g.strings[g.type[d]] !== 'builtins.dict' || g.strings[g.edgeLabel[e]] === '__dict__') continue;
    let values = 0;
    let elements = 0;
    for (let f = g.firstEdge[d]; f < g.firstEdge[d + 1]; f++) {
      if (g.edgeKind[f] === VALUE_KIND) values++;
      if (g.strings[g.type[g.edgeTo[f]]] === ELEMENT) elements++;
    }
    if (elements > 0) return { maxsize: undefined, size: elements };
    if (values > 0) return { maxsize: null, size: values };
    return undefined;
  }
  return undefined;
}

const VALUE_KIND = 4; // EDGE_KINDS.indexOf('value')

function uniqueByFunction(caches: Map<number, CacheFacts>): Map<string, CacheFacts> {
  const out = new Map<string, CacheFacts>();
  const dup = new Set<string>();
  for (const c of caches.values()) {
    if (c.function === undefined) continue;
    if (out.has(c.function)) dup.add(c.function);
    out.set(c.function, c);
  }
  for (const f of dup) out.delete(f);
  return out;
}
