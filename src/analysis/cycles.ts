// find-cycles: every reference cycle in a snapshot, classified by what CPython's
// collector would do with it (the model's own full collection decides garbage
// and uncollectable), grouped by shape so one leak repeated 10,000 times is one
// row, with everything else a full collection finds unreachable counted with
// the cycles that keep it (kept.ts): the objects called garbage are exactly
// those gc.collect() frees.
import type { HeapGraph } from '../snapshot/graph.js';
import { collectorState, withCollector, type CollectorState } from './collector-state.js';
import { profileForGraph } from '../model/from-graph.js';
import { collectorVerdict } from './verdict.js';
import type { Components } from './scc.js';
import { reportComponents } from './structural.js';
import { ShapeKeys } from './shape.js';
import { drawCycle, type CycleDrawing } from './cycle-draw.js';
import { retainerTree, HELD_BY_GC_GARBAGE, type RetainerTree } from './retainers.js';
import { retainerPath, type RetainerPath } from './paths.js';
import { CYCLE_CLASSES, CLASSIFICATIONS, classify, type CycleClass } from './cycle-classes.js';
import { unreachableObjects } from './kept.js';
import { cycleOrigin, ORIGINS, type Origin } from './cycle-origin.js';
import { keptByGroups, typeCounts, type TypeCount, type KeptObjects, type UnownedObjects, type GroupTally } from './cycles-kept.js';

export { CYCLE_CLASSES, ORIGINS, type CycleClass, type Origin, type TypeCount, type KeptObjects, type UnownedObjects };

export interface CycleGroup {
  class: CycleClass;
  /** Whose cycle: the program's own types (or a third-party library's), the standard library's, or the interpreter's bookkeeping. */
  origin: Origin;
  /** Why it is in that class, one line. */
  reason: string;
  /** A full collection finds these cycles unreachable (it frees them, or moves them to gc.garbage). */
  unreachable: boolean;
  /** Copies of this shape. */
  count: number;
  /** Objects in one copy. */
  members: number;
  /** Bytes (shallow sizes) of all copies. */
  bytes: number;
  types: TypeCount[];
  /** Ids of the first objects of a few copies. */
  sampleIds: number[];
  drawing: CycleDrawing;
  /** For live cycles: a shortest path from what holds the first copy. */
  heldBy?: RetainerPath;
  /** Unreachable groups: the objects in no cycle that only these cycles keep (all copies); they go with them. */
  keeps?: KeptObjects;
  /** Unreachable groups: the id of every member of every copy, then of every object they keep. */
  ids?: number[];
}

export interface ClassTotals {
  components: number;
  /** Members of those cycles, plus (unreachable classes) the objects in no cycle that they keep. */
  objects: number;
  bytes: number;
  /** Of `objects`, those in no cycle. */
  outsideCycles: number;
}

/** The interpreter's own live cycle shapes (class ↔ __mro__, descriptors, modules ↔ builtins, ctypes): counted, listed only with `all`. */
export interface InternalCycles { shapes: number; cycles: number; objects: number; bytes: number; listed: boolean }

export interface CyclesResult {
  file: string;
  python: string;
  /** Whether the snapshot's Python runs __del__ in cycles (PEP 442, 3.4+). */
  pep442: boolean;
  minSize: number;
  /** Every cycle and every object a full collection finds unreachable, whatever minSize and limit list. */
  totals: Record<CycleClass, ClassTotals>;
  /** Cycle shapes in the snapshot. */
  shapes: number;
  /** Groups: uncollectable, garbage with finalizers, garbage, live; each biggest first (bytes with what they keep, then copies); at most `limit`, of at least minSize members. */
  groups: CycleGroup[];
  /** Unreachable objects in no cycle that no one group keeps (kept by several), by class. */
  unowned: UnownedObjects[];
  internal: InternalCycles;
  /** Shapes not listed: smaller than minSize, and beyond the limit. */
  smaller: number;
  omitted: number;
  /** The collector's state in the snapshot: reasons promise no collection that will not come. */
  collector: CollectorState;
}

export interface CycleOptions {
  minSize?: number;
  limit?: number;
  /** List the interpreter's own shapes too (else one line of totals). */
  all?: boolean;
}

interface Group { which: number; origin: Origin; components: number[]; members: number; bytes: number; types: TypeCount[] }

/** tree: the snapshot's retainer tree, if already computed (why and diff share one). */
export function findCycles(g: HeapGraph, opts: CycleOptions = {}, tree: RetainerTree = retainerTree(g)): CyclesResult {
  const minSize = opts.minSize ?? 1;
  const limit = opts.limit ?? 20;
  const profile = profileForGraph(g);
  const collector = collectorState(g.header);
  const verdict = collectorVerdict(g, profile);
  const unreachable = unreachableObjects(verdict);
  const comps = reportComponents(g, unreachable);
  const shapes = new ShapeKeys(g, comps);
  const typeScratch = new Int32Array(g.strings.length);
  const byKey = new Map<string, number>();
  const groups: Group[] = [];
  for (let c = 0; c < comps.count; c++) {
    const from = comps.start[c];
    const to = comps.start[c + 1];
    const which = classify(g, verdict, tree, profile.pep442, comps.members, from, to);
    let bytes = 0;
    for (let k = from; k < to; k++) bytes += g.size[comps.members[k]];
    const key = `${which} ${shapes.key(c)}`;
    let gi = byKey.get(key);
    if (gi === undefined) {
      byKey.set(key, gi = groups.length);
      const origin = cycleOrigin(g, comps.members, from, to, rootModule(g, tree, comps.members[from]));
      groups.push({ which, origin, components: [], members: to - from, bytes: 0, types: typeCounts(g, comps.members.subarray(from, to), typeScratch) });
    }
    groups[gi].components.push(c);
    groups[gi].bytes += bytes;
  }
  // Walk the unreachable groups in class order, so an object several keep is counted in the first class that does.
  const rank = (gr: Group) => CYCLE_CLASSES.indexOf(CLASSIFICATIONS[gr.which].class);
  const walked = groups.map((_, gi) => gi).filter((gi) => CLASSIFICATIONS[groups[gi].which].unreachable).sort((a, b) => rank(groups[a]) - rank(groups[b]) || a - b);
  const tally = keptByGroups(g, verdict, unreachable, comps, walked.map((gi) => groups[gi].components), walked.map((gi) => CLASSIFICATIONS[groups[gi].which]), typeScratch);
  const walkIndex = new Int32Array(groups.length).fill(-1);
  walked.forEach((gi, k) => { walkIndex[gi] = k; });
  const kept = (gi: number): GroupTally | undefined => (walkIndex[gi] >= 0 ? tally.groups[walkIndex[gi]] : undefined);
  const totals = classTotals(groups, tally.totals);
  const internal: InternalCycles = { shapes: 0, cycles: 0, objects: 0, bytes: 0, listed: opts.all === true };
  // Only live ones: what a collection frees or cannot free is always listed (its ids are the exact garbage).
  const hidden = (gr: Group) => gr.origin === 'interpreter' && !CLASSIFICATIONS[gr.which].unreachable;
  for (const gr of groups) {
    if (!hidden(gr)) continue;
    internal.shapes++;
    internal.cycles += gr.components.length;
    internal.objects += gr.components.length * gr.members;
    internal.bytes += gr.bytes;
  }
  const originRank = (gr: Group) => ORIGINS.indexOf(gr.origin);
  // The program's cycles first; within an origin, what the collector will not free first, then biggest.
  const listed = groups.map((gr, gi) => ({ gr, gi, size: gr.bytes + (kept(gi)?.bytes ?? 0) }))
    .filter(({ gr }) => gr.members >= minSize && (opts.all || !hidden(gr)))
    .sort((a, b) => originRank(a.gr) - originRank(b.gr) || rank(a.gr) - rank(b.gr) || b.size - a.size || b.gr.components.length - a.gr.components.length || a.gr.components[0] - b.gr.components[0]);
  return {
    collector,
    file: g.file, python: g.header.python.version, pep442: profile.pep442, minSize, totals, shapes: groups.length,
    groups: listed.slice(0, limit).map(({ gr, gi }) => describe(g, comps, tree, gr, kept(gi), typeScratch)),
    unowned: tally.unowned.map((u) => ({ ...u, reason: withCollector(u.reason, collector) })), internal,
    smaller: groups.length - listed.length - (opts.all ? 0 : internal.shapes), omitted: Math.max(0, listed.length - limit),
  };
}

function classTotals(groups: Group[], outside: Record<CycleClass, { objects: number; bytes: number }>): Record<CycleClass, ClassTotals> {
  const totals = Object.fromEntries(CYCLE_CLASSES.map((c) => [c, { components: 0, objects: outside[c].objects, bytes: outside[c].bytes, outsideCycles: outside[c].objects }])) as Record<CycleClass, ClassTotals>;
  for (const gr of groups) {
    const t = totals[CLASSIFICATIONS[gr.which].class];
    t.components += gr.components.length;
    t.objects += gr.components.length * gr.members;
    t.bytes += gr.bytes;
  }
  return totals;
}

function describe(g: HeapGraph, comps: Components, tree: RetainerTree, gr: Group, kept: GroupTally | undefined, scratch: Int32Array): CycleGroup {
  const { class: cls, reason: classReason, unreachable } = CLASSIFICATIONS[gr.which];
  const reason = withCollector(classReason, collectorState(g.header)); // no promise of a collection that will not come
  const c0 = gr.components[0];
  const out: CycleGroup = {
    class: cls, origin: gr.origin, reason, unreachable, count: gr.components.length, members: gr.members, bytes: gr.bytes, types: gr.types,
    sampleIds: gr.components.slice(0, 5).map((c) => g.ids[comps.members[comps.start[c]]]), drawing: drawCycle(g, comps, c0),
  };
  const first = comps.members[comps.start[c0]];
  if (cls === 'live' || tree.held[first] === HELD_BY_GC_GARBAGE) out.heldBy = retainerPath(g, tree, first);
  if (unreachable) {
    out.keeps = { objects: kept?.objects.length ?? 0, bytes: kept?.bytes ?? 0, types: kept ? typeCounts(g, kept.objects, scratch) : [] };
    const ids: number[] = [];
    for (const c of gr.components) for (let k = comps.start[c]; k < comps.start[c + 1]; k++) ids.push(g.ids[comps.members[k]]);
    if (kept) for (const v of kept.objects) ids.push(g.ids[v]);
    out.ids = ids;
  }
  return out;
}

/** The module a live object's shortest retainer path starts from ("logging" for root "module logging"), if any. */
function rootModule(g: HeapGraph, tree: RetainerTree, v: number): string | undefined {
  let u = v;
  while (tree.parent[u] >= 0) u = tree.parent[u];
  const r = tree.startRoot[u] >= 0 ? g.roots[tree.startRoot[u]] : undefined;
  return r?.kind === 'module' ? r.name.replace(/^module /, '') : undefined;
}
