// find-cycles: every reference cycle in a snapshot, classified by what CPython's
// collector would do with it (the model's own full collection decides garbage
// and uncollectable), grouped by shape so one leak repeated 10,000 times is one row.
import type { HeapGraph } from '../snapshot/graph.js';
import { FLAG_FINALIZER, FLAG_TP_DEL } from '../snapshot/schema.js';
import { profileForGraph } from '../model/from-graph.js';
import { collectorVerdict } from './verdict.js';
import { cycleComponents, type Components } from './scc.js';
import { ShapeKeys } from './shape.js';
import { drawCycle, type CycleDrawing } from './cycle-draw.js';
import { retainerTree, HELD_BY_ROOT, HELD_BY_GC_GARBAGE, HELD_FROM_OUTSIDE, type RetainerTree } from './retainers.js';
import { retainerPath, type RetainerPath } from './paths.js';

export const CYCLE_CLASSES = ['uncollectable', 'garbage-finalizers', 'garbage', 'live'] as const;
export type CycleClass = (typeof CYCLE_CLASSES)[number];

export interface CycleGroup {
  class: CycleClass;
  /** Why it is in that class, one line. */
  reason: string;
  /** Copies of this shape. */
  count: number;
  /** Objects in one copy. */
  members: number;
  /** Bytes (shallow sizes) of all copies. */
  bytes: number;
  types: { type: string; count: number }[];
  /** Ids of the first objects of a few copies. */
  sampleIds: number[];
  drawing: CycleDrawing;
  /** For live cycles: a shortest path from what holds the first copy. */
  heldBy?: RetainerPath;
}

export interface ClassTotals { components: number; objects: number; bytes: number }

export interface CyclesResult {
  file: string;
  python: string;
  /** Whether the snapshot's Python runs __del__ in cycles (PEP 442, 3.4+). */
  pep442: boolean;
  minSize: number;
  totals: Record<CycleClass, ClassTotals>;
  /** Groups: uncollectable, garbage with finalizers, garbage, live; each biggest first (bytes, then copies); at most `limit`. */
  groups: CycleGroup[];
  /** Groups left out by the limit. */
  omitted: number;
}

export interface CycleOptions { minSize?: number; limit?: number }

interface Verdict { garbage: Uint8Array; uncollectable: Uint8Array }

function classify(g: HeapGraph, v: Verdict, t: RetainerTree, pep442: boolean, members: Uint32Array): { class: CycleClass; reason: string } {
  let garbage = false; let uncollectable = false; let finalizer = false; let tpDel = false;
  for (const m of members) {
    garbage ||= v.garbage[m] === 1;
    uncollectable ||= v.uncollectable[m] === 1;
    finalizer ||= (g.flags[m] & FLAG_FINALIZER) !== 0;
    tpDel ||= (g.flags[m] & FLAG_TP_DEL) !== 0;
  }
  if (uncollectable) {
    return tpDel
      ? { class: 'uncollectable', reason: 'a legacy tp_del finalizer: the collector moves the cycle to gc.garbage and never frees it' }
      : { class: 'uncollectable', reason: '__del__ in a cycle before Python 3.4 (PEP 442): the collector leaves it in gc.garbage' };
  }
  if (garbage) {
    return finalizer && pep442
      ? { class: 'garbage-finalizers', reason: 'unreachable; a full collection runs __del__ (in no guaranteed order), then frees it unless a finalizer resurrects it' }
      : { class: 'garbage', reason: 'unreachable: the next full collection frees it' };
  }
  const held = t.held[members[0]];
  if (held === HELD_BY_GC_GARBAGE) return { class: 'uncollectable', reason: 'kept alive by gc.garbage (DEBUG_SAVEALL or an earlier uncollectable cycle): clear gc.garbage' };
  if (held === HELD_BY_ROOT) return { class: 'live', reason: 'reachable from a root' };
  if (held === HELD_FROM_OUTSIDE) return { class: 'live', reason: 'held from outside the snapshot (more references than it records)' };
  return { class: 'uncollectable', reason: 'unreachable but not tracked by the collector: nothing will free it' };
}

/** tree: the snapshot's retainer tree, if already computed (why and diff share one). */
export function findCycles(g: HeapGraph, opts: CycleOptions = {}, tree: RetainerTree = retainerTree(g)): CyclesResult {
  const minSize = opts.minSize ?? 1;
  const limit = opts.limit ?? 20;
  const profile = profileForGraph(g);
  const verdict = collectorVerdict(g, profile);
  const comps = cycleComponents(g);
  const shapes = new ShapeKeys(g, comps);
  const totals = Object.fromEntries(CYCLE_CLASSES.map((c) => [c, { components: 0, objects: 0, bytes: 0 }])) as Record<CycleClass, ClassTotals>;
  const groups = new Map<string, { group: Omit<CycleGroup, 'drawing' | 'heldBy'>; first: number }>();
  for (let c = 0; c < comps.count; c++) {
    const members = comps.members.subarray(comps.start[c], comps.start[c + 1]);
    if (members.length < minSize) continue;
    const { class: cls, reason } = classify(g, verdict, tree, profile.pep442, members);
    let bytes = 0;
    for (const m of members) bytes += g.size[m];
    const t = totals[cls];
    t.components++; t.objects += members.length; t.bytes += bytes;
    const key = `${cls} ${reason} ${shapes.key(c)}`;
    const found = groups.get(key);
    if (found) {
      found.group.count++;
      found.group.bytes += bytes;
      if (found.group.sampleIds.length < 5) found.group.sampleIds.push(g.ids[members[0]]);
      continue;
    }
    groups.set(key, { first: c, group: { class: cls, reason, count: 1, members: members.length, bytes, types: typeCounts(g, members), sampleIds: [g.ids[members[0]]] } });
  }
  // What the collector cannot or has yet to free first (the interpreter's own live graph is noise), then by bytes.
  const rank = (c: CycleClass) => CYCLE_CLASSES.indexOf(c);
  const sorted = [...groups.values()].sort((a, b) => rank(a.group.class) - rank(b.group.class)
    || b.group.bytes - a.group.bytes || b.group.count - a.group.count || a.first - b.first);
  return {
    file: g.file, python: g.header.python.version, pep442: profile.pep442, minSize, totals,
    groups: sorted.slice(0, limit).map(({ group, first }) => describe(g, comps, tree, group, first)),
    omitted: Math.max(0, sorted.length - limit),
  };
}

function describe(g: HeapGraph, comps: Components, tree: RetainerTree, group: Omit<CycleGroup, 'drawing'>, c: number): CycleGroup {
  const out: CycleGroup = { ...group, drawing: drawCycle(g, comps, c) };
  const first = comps.members[comps.start[c]];
  if (group.class === 'live' || tree.held[first] === HELD_BY_GC_GARBAGE) out.heldBy = retainerPath(g, tree, first);
  return out;
}

function typeCounts(g: HeapGraph, members: Uint32Array): { type: string; count: number }[] {
  const counts = new Map<number, number>(); // by string index: no string hashing per member
  for (const m of members) counts.set(g.type[m], (counts.get(g.type[m]) ?? 0) + 1);
  return [...counts].map(([t, count]) => ({ type: g.strings[t], count })).sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}
