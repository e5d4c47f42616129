// Memory C objects hold through fields their tp_traverse does not visit: the
// snapshot sees those objects only as "held from outside" (more references
// than it records). io.StringIO on 3.8-3.11 accumulates every write in a list
// only its C struct points to; sys.getsizeof(StringIO) counts neither that list
// nor the strings (136 B whatever was written), and on 3.12+ the writes go into
// one string that is in no snapshot at all. The capture names the holder of
// each such object (header field `untraversed`, python/gcdiag_capture/_extras.py);
// here they are put back with their holder, and their bytes counted per holder.
import type { HeapGraph } from '../snapshot/graph.js';
import type { GraphFacts } from './graph-facts.js';
import { retainedSize } from './dominators.js';
import type { RetainerPath } from './paths.js';

export interface Holder { id: number; type: string }

export interface HiddenHolding {
  holder: Holder;
  /** The snapshot objects only the holder's C fields reference, and what only they keep. */
  objects: { id: number; type: string; retained: number }[];
  /** Retained bytes of those objects (what freeing the holder would also free). */
  bytes: number;
  /** Characters held where the snapshot cannot see them at all (3.12+ io.StringIO): at least that many bytes. */
  chars?: number;
}

const HOLDERS = new WeakMap<HeapGraph, Map<number, Holder>>();

/** Object index → its C holder, for the objects the capture found only a holder's struct pointing to. */
export function untraversedHolders(g: HeapGraph): Map<number, Holder> {
  let m = HOLDERS.get(g);
  if (m) return m;
  m = new Map();
  for (const u of g.header.untraversed ?? []) {
    for (const id of u.to ?? []) {
      const v = g.idIndex?.get(id) ?? g.ids.indexOf(id);
      if (v >= 0) m.set(v, { id: u.holder, type: u.type });
    }
  }
  HOLDERS.set(g, m);
  return m;
}

/** Every holder the capture recorded, with the bytes it keeps out of the collector's sight. */
export function hiddenHoldings(f: GraphFacts): HiddenHolding[] {
  const g = f.graph;
  const byHolder = new Map<number, HiddenHolding>();
  for (const u of g.header.untraversed ?? []) {
    const h: HiddenHolding = { holder: { id: u.holder, type: u.type }, objects: [], bytes: 0, ...(u.chars !== undefined ? { chars: u.chars } : {}) };
    byHolder.set(u.holder, h);
  }
  for (const [v, holder] of untraversedHolders(g)) {
    const h = byHolder.get(holder.id)!;
    const retained = retainedSize(f.dominators, v);
    h.objects.push({ id: g.ids[v], type: g.strings[g.type[v]], retained });
    h.bytes += retained;
  }
  return [...byHolder.values()].sort((a, b) => b.bytes + (b.chars ?? 0) - a.bytes - (a.chars ?? 0));
}

/** `why`'s share: holdings whose holder is one of the objects, or that hold the start of one of the paths (absent when none). */
export function holdingsFor(f: GraphFacts, objects: number[], paths: RetainerPath[]): { untraversed?: HiddenHolding[] } {
  if (!f.graph.header.untraversed?.length) return {};
  const ids = new Set(objects.map((v) => f.graph.ids[v]));
  for (const p of paths) if (p.outside?.holder) ids.add(p.outside.holder.id);
  const mine = hiddenHoldings(f).filter((h) => ids.has(h.holder.id));
  return mine.length ? { untraversed: mine } : {};
}
