// find-cycles: every reference cycle in a snapshot, classified by what CPython's
// collector would do with it (the model's own full collection decides garbage
// and uncollectable), grouped by shape so one leak repeated 10,000 times is one row.
import type { HeapGraph } from '../snapshot/graph.js';
import { FLAG_FINALIZER, FLAG_TP_DEL } from '../snapshot/schema.js';
import { profileForGraph } from '../model/from-graph.js';
import { collectorVerdict } from './verdict.js';
import { cycleComponents, type Components } from './scc.js';
import { structuralEdges } from './structural.js';
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

/** Every class a component can get, with why (classify picks one by index: no allocation per component). */
const [TP_DEL, LEGACY_DEL, GARBAGE_FINALIZERS, GARBAGE, SAVED_IN_GC_GARBAGE, ROOT, OUTSIDE, UNTRACKED] = [0, 1, 2, 3, 4, 5, 6, 7];
const CLASSIFICATIONS: { class: CycleClass; reason: string }[] = [
  { class: 'uncollectable', reason: 'a legacy tp_del finalizer: the collector moves the cycle to gc.garbage and never frees it' },
  { class: 'uncollectable', reason: '__del__ in a cycle before Python 3.4 (PEP 442): the collector leaves it in gc.garbage' },
  { class: 'garbage-finalizers', reason: 'unreachable; a full collection runs __del__ (in no guaranteed order), then frees it unless a finalizer resurrects it' },
  { class: 'garbage', reason: 'unreachable: the next full collection frees it' },
  { class: 'uncollectable', reason: 'kept alive by gc.garbage (DEBUG_SAVEALL or an earlier uncollectable cycle): clear gc.garbage' },
  { class: 'live', reason: 'reachable from a root' },
  { class: 'live', reason: 'held from outside the snapshot (more references than it records)' },
  { class: 'uncollectable', reason: 'unreachable but not tracked by the collector: nothing will free it' },
];

/** Index into CLASSIFICATIONS for the component members[from .. to). */
function classify(g: HeapGraph, v: Verdict, t: RetainerTree, pep442: boolean, members: Uint32Array, from: number, to: number): number {
  let garbage = false; let uncollectable = false; let finalizer = false; let tpDel = false;
  for (let k = from; k < to; k++) {
    const m = members[k];
    garbage ||= v.garbage[m] === 1;
    uncollectable ||= v.uncollectable[m] === 1;
    finalizer ||= (g.flags[m] & FLAG_FINALIZER) !== 0;
    tpDel ||= (g.flags[m] & FLAG_TP_DEL) !== 0;
  }
  if (uncollectable) return tpDel ? TP_DEL : LEGACY_DEL;
  if (garbage) return finalizer && pep442 ? GARBAGE_FINALIZERS : GARBAGE;
  const held = t.held[members[from]];
  if (held === HELD_BY_GC_GARBAGE) return SAVED_IN_GC_GARBAGE;
  if (held === HELD_BY_ROOT) return ROOT;
  if (held === HELD_FROM_OUTSIDE) return OUTSIDE;
  return UNTRACKED;
}

/** tree: the snapshot's retainer tree, if already computed (why and diff share one). */
export function findCycles(g: HeapGraph, opts: CycleOptions = {}, tree: RetainerTree = retainerTree(g)): CyclesResult {
  const minSize = opts.minSize ?? 1;
  const limit = opts.limit ?? 20;
  const profile = profileForGraph(g);
  const verdict = collectorVerdict(g, profile);
  const comps = cycleComponents(g, structuralEdges(g));
  const shapes = new ShapeKeys(g, comps);
  const typeScratch = new Int32Array(g.strings.length);
  const totals = Object.fromEntries(CYCLE_CLASSES.map((c) => [c, { components: 0, objects: 0, bytes: 0 }])) as Record<CycleClass, ClassTotals>;
  const groups = new Map<string, { group: Omit<CycleGroup, 'drawing' | 'heldBy'>; first: number }>();
  for (let c = 0; c < comps.count; c++) {
    const from = comps.start[c];
    const to = comps.start[c + 1];
    if (to - from < minSize) continue;
    const which = classify(g, verdict, tree, profile.pep442, comps.members, from, to);
    const { class: cls, reason } = CLASSIFICATIONS[which];
    let bytes = 0;
    for (let k = from; k < to; k++) bytes += g.size[comps.members[k]];
    const t = totals[cls];
    t.components++; t.objects += to - from; t.bytes += bytes;
    const key = `${which} ${shapes.key(c)}`;
    const found = groups.get(key);
    if (found) {
      found.group.count++;
      found.group.bytes += bytes;
      if (found.group.sampleIds.length < 5) found.group.sampleIds.push(g.ids[comps.members[from]]);
      continue;
    }
    const members = comps.members.subarray(from, to);
    const types = typeCounts(g, members, typeScratch);
    groups.set(key, { first: c, group: { class: cls, reason, count: 1, members: to - from, bytes, types, sampleIds: [g.ids[members[0]]] } });
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

/** counts: zeros, one per string (left zeroed); types listed in order of first appearance, as a Map would. */
function typeCounts(g: HeapGraph, members: Uint32Array, counts: Int32Array): { type: string; count: number }[] {
  const seen: number[] = [];
  for (let k = 0; k < members.length; k++) {
    const t = g.type[members[k]];
    if (counts[t]++ === 0) seen.push(t);
  }
  const out = seen.map((t) => ({ type: g.strings[t], count: counts[t] }));
  for (const t of seen) counts[t] = 0;
  return out.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}
