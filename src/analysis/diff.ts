// snapshot-diff: what grew between two snapshots. First the leak suspects (the
// objects that retain the growth, suspects.ts), then per type, module or
// allocation site: counts, bytes, new and gone objects (with honest identity,
// see identity.ts), retained size, and for the top growers the commonest
// retainer path of their new objects (by shape, ×N).
import type { HeapGraph } from '../snapshot/graph.js';
import { collectorState, type CollectorState } from './collector-state.js';
import type { GraphFacts } from './graph-facts.js';
import { matchSnapshots, matchNotes, matchSummary, type Identity, type Matching, type MatchSummary, type MatchMethod } from './identity.js';
import { Groups, type GroupBy } from './groups.js';
import { retainedByGroup } from './retained-groups.js';
import { retainerPath, type RetainerPath } from './paths.js';
import { trapsOnPath, trapContext, type Trap, type TrapContext } from './traps.js';
import { PathClusters } from './path-clusters.js';
import { leakSuspects, MIN_GROWTH, type Suspect, type SuspectOptions } from './suspects.js';

export const DIFF_SORTS = ['retained', 'count', 'bytes'] as const;
export type DiffSort = (typeof DIFF_SORTS)[number];
/**
 * Δ retained puts the leak first on real programs: a leaked HTTPError or
 * repository retains its response, session and frames, while by Δ count the
 * small objects everything is made of (str, tuple, int, dict) come first.
 */
export const DEFAULT_SORT: DiffSort = 'retained';

export interface DiffRow {
  name: string;
  countBefore: number;
  countAfter: number;
  countDelta: number;
  bytesBefore: number;
  bytesAfter: number;
  bytesDelta: number;
  new: number;
  gone: number;
  retainedBefore: number;
  retainedAfter: number;
  retainedDelta: number;
}

export interface SnapshotSummary { file: string; label?: string; time?: string; python: string; collectedFirst: boolean; objects: number; bytes: number }

export interface DiffResult {
  before: SnapshotSummary;
  after: SnapshotSummary;
  groupBy: GroupBy;
  sort: DiffSort;
  /** No object holds more objects than before and the object count did not grow (objects may have been replaced). */
  nothingGrew: boolean;
  /** The objects that retain the growth, biggest first; omitted: how many more grew. */
  suspects: Suspect[];
  suspectsOmitted: number;
  /** Below this a retainer's gain is churn, not growth (--min-growth). */
  minGrowth: { objects: number; bytes: number };
  /** Sorted by the growth of `sort` (then count, bytes); at most `top`; groups with Δ 0 left out. */
  rows: DiffRow[];
  /** Changed groups beyond --top. */
  omitted: number;
  /** Groups with Δ 0 in count, bytes and retained size (not shown). */
  unchanged: number;
  total: DiffRow;
  identity: Omit<Identity, 'survivesBefore' | 'isNew'> & { new: number; gone: number };
  /** How objects were matched: by id in one process, by labelled path across processes. */
  matching: MatchSummary;
  /** The collector's state in each snapshot (disabled, frozen, thresholds). */
  collector: { before: CollectorState; after: CollectorState };
  notes: string[];
  /** For the top growing groups: the commonest retainer-path shape of their new objects (count: objects of that shape, of: new objects of the group). */
  paths: { group: string; count: number; of: number; path: RetainerPath; traps: Trap[] }[];
}

export interface DiffOptions { top?: number; groupBy?: GroupBy; paths?: number; sort?: DiffSort; suspects?: SuspectOptions; match?: MatchMethod }

function summary(g: HeapGraph): SnapshotSummary {
  let bytes = 0;
  for (let v = 0; v < g.n; v++) bytes += g.size[v];
  return { file: g.file, label: g.header.label, time: g.header.time, python: g.header.python.version, collectedFirst: g.header.collectedFirst, objects: g.n, bytes };
}

function emptyRow(name: string): DiffRow {
  return { name, countBefore: 0, countAfter: 0, countDelta: 0, bytesBefore: 0, bytesAfter: 0, bytesDelta: 0, new: 0, gone: 0, retainedBefore: 0, retainedAfter: 0, retainedDelta: 0 };
}

export function snapshotDiff(before: GraphFacts, after: GraphFacts, opts: DiffOptions = {}): DiffResult {
  const b = before.graph;
  const a = after.graph;
  const id = matchSnapshots(b, a, [before.tree.outside, after.tree.outside], opts.match);
  const groups = new Groups(opts.groupBy ?? 'type');
  const groupB = groups.assign(b);
  const groupA = groups.assign(a);
  const rows = groups.names.map(emptyRow);
  for (let v = 0; v < b.n; v++) {
    const r = rows[groupB[v]];
    r.countBefore++;
    r.bytesBefore += b.size[v];
    if (!id.survivesBefore[v]) r.gone++;
  }
  for (let v = 0; v < a.n; v++) {
    const r = rows[groupA[v]];
    r.countAfter++;
    r.bytesAfter += a.size[v];
    if (id.isNew[v]) r.new++;
  }
  const retB = retainedByGroup(before.dominators, groupB, rows.length);
  const retA = retainedByGroup(after.dominators, groupA, rows.length);
  rows.forEach((r, k) => {
    r.retainedBefore = retB[k];
    r.retainedAfter = retA[k];
    finishRow(r);
  });
  const sort = opts.sort ?? DEFAULT_SORT;
  rows.sort(byGrowth(sort));
  const total = emptyRow('total');
  for (const r of rows) {
    for (const k of ['countBefore', 'countAfter', 'bytesBefore', 'bytesAfter', 'new', 'gone'] as const) total[k] += r[k];
  }
  total.retainedBefore = before.dominators.total;
  total.retainedAfter = after.dominators.total;
  finishRow(total);
  const top = opts.top ?? 20;
  const traps = trapContext(a, b);
  const changed = rows.filter((r) => r.countDelta !== 0 || r.bytesDelta !== 0 || r.retainedDelta !== 0);
  const shown = changed.slice(0, top);
  const growing = shown.filter((r) => r.countDelta > 0 && r.new > 0).slice(0, opts.paths ?? 3);
  const { suspects, omitted: suspectsOmitted } = leakSuspects(before, after, id, opts.suspects, traps);
  return {
    before: summary(b), after: summary(a), groupBy: groups.by, sort,
    nothingGrew: suspects.length + suspectsOmitted === 0 && total.countDelta <= 0,
    suspects, suspectsOmitted,
    minGrowth: { objects: opts.suspects?.minObjects ?? MIN_GROWTH.objects, bytes: opts.suspects?.minBytes ?? MIN_GROWTH.bytes },
    rows: shown, omitted: changed.length - shown.length, unchanged: rows.length - changed.length, total,
    identity: { same: id.same, reusedOtherType: id.reusedOtherType, reusedResized: id.reusedResized, new: total.new, gone: total.gone },
    matching: matchSummary(id),
    collector: { before: collectorState(b.header), after: collectorState(a.header) },
    notes: notes(b, a, id),
    paths: growing.map((r) => majorityPath(after, groupA, groups.names.indexOf(r.name), id.isNew, r, traps)),
  };
}

const DELTA: Record<DiffSort, keyof DiffRow> = { retained: 'retainedDelta', count: 'countDelta', bytes: 'bytesDelta' };

function byGrowth(sort: DiffSort): (x: DiffRow, y: DiffRow) => number {
  const k = DELTA[sort];
  return (x, y) => (y[k] as number) - (x[k] as number) || y.countDelta - x.countDelta || y.bytesDelta - x.bytesDelta || (x.name < y.name ? -1 : 1);
}

function finishRow(r: DiffRow): void {
  r.countDelta = r.countAfter - r.countBefore;
  r.bytesDelta = r.bytesAfter - r.bytesBefore;
  r.retainedDelta = r.retainedAfter - r.retainedBefore;
}

/** The shape most of the group's new objects are held by (as `why --type` clusters them), drawn for one of them. */
function majorityPath(f: GraphFacts, groupOf: Int32Array, group: number, isNew: Uint8Array, r: DiffRow, traps: TrapContext): DiffResult['paths'][number] {
  const clusters = new PathClusters(f.graph, f.tree);
  for (let v = 0; v < f.graph.n; v++) if (groupOf[v] === group && isNew[v]) clusters.add(v);
  const [c] = clusters.top(1);
  const path = retainerPath(f.graph, f.tree, c.sample);
  return { group: r.name, count: c.count, of: r.new, path, traps: trapsOnPath(path, traps) };
}

function notes(b: HeapGraph, a: HeapGraph, id: Matching): string[] {
  const out: string[] = matchNotes(id, [b.n, a.n]);
  const ids = (k: number) => (k === 1 ? '1 id was' : `${k} ids were`);
  if (id.reusedOtherType) out.push(`${ids(id.reusedOtherType)} reused by objects of another type (CPython reuses the address of a dead object): counted as gone + new`);
  if (id.reusedResized) out.push(`${ids(id.reusedResized)} reused by an object of the same immutable type but another size (a str, tuple or int never changes size): counted as gone + new`);
  if (!a.header.collectedFirst) out.push('the after snapshot was taken without gc.collect() first: cyclic garbage not yet collected counts as growth (capture with --collect-first, or see find-cycles)');
  if (b.header.python.version !== a.header.python.version) out.push(`the snapshots come from different Pythons (${b.header.python.version} and ${a.header.python.version})`);
  return out;
}
