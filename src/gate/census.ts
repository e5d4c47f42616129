// What one input says about the heap, whatever its kind: live objects and
// bytes per type, cyclic garbage, uncollectable objects, and what the
// suppression list set aside. Full snapshots are counted by snapshot-census.ts,
// typestats files by typestats.ts.

export interface Tally { count: number; bytes: number }

export type InputKind = 'snapshot' | 'typestats';

export interface Census {
  file: string;
  kind: InputKind;
  python: string;
  pid: number | null;
  /** The pytest test id (typestats), else null. */
  test: string | null;
  /** The run number (typestats), else null. */
  run: number | null;
  /** Warm-ups the writer declared (typestats), else null. */
  warmup: number | null;
  /** Live objects per type: what a full collection leaves, less the suppressed caches. */
  live: Map<string, Tally>;
  /** Cyclic garbage: what a full collection frees (typestats: what the collection before counting freed). */
  garbage: { objects: number; bytes: number | null; cycles: number | null };
  /** gc.garbage and what a collection would move there (legacy tp_del): never freed. */
  uncollectable: { objects: number; types: Map<string, number> };
  /** Objects set aside per suppression entry (full snapshots only). */
  suppressed: Map<string, number>;
}

export function addTally(m: Map<string, Tally>, type: string, count: number, bytes: number): void {
  const t = m.get(type);
  if (t) { t.count += count; t.bytes += bytes; } else m.set(type, { count, bytes });
}
