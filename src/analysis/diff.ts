// snapshot-diff: what grew between two snapshots, per type or module: counts,
// bytes, new and gone objects (with honest identity, see identity.ts), retained
// size, and for the top growers a path from a named root to one new object.
import type { HeapGraph } from '../snapshot/graph.js';
import { collectorState, type CollectorState } from './collector-state.js';
import type { GraphFacts } from './graph-facts.js';
import { matchSnapshots, matchNotes, matchSummary, type Identity, type Matching, type MatchSummary, type MatchMethod } from './identity.js';
import { Groups, type GroupBy } from './groups.js';
import { retainedByGroup } from './retained-groups.js';
import { retainerPath, type RetainerPath } from './paths.js';
import { HELD_BY_ROOT, HELD_NOT } from './retainers.js';
import { trapsOnPath, type Trap } from './traps.js';

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
  /** Sorted by growth (count, then bytes); at most `top`. */
  rows: DiffRow[];
  omitted: number;
  total: DiffRow;
  identity: Omit<Identity, 'survivesBefore' | 'isNew'> & { new: number; gone: number };
  /** How objects were matched: by id in one process, by labelled path across processes. */
  matching: MatchSummary;
  /** The collector's state in each snapshot (disabled, frozen, thresholds). */
  collector: { before: CollectorState; after: CollectorState };
  notes: string[];
  /** For the top growing groups: a shortest path from a named root to a new object. */
  paths: { group: string; path: RetainerPath; traps: Trap[] }[];
}

export interface DiffOptions { top?: number; groupBy?: GroupBy; paths?: number; match?: MatchMethod }

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
  rows.sort((x, y) => y.countDelta - x.countDelta || y.bytesDelta - x.bytesDelta || (x.name < y.name ? -1 : 1));
  const total = emptyRow('total');
  for (const r of rows) {
    for (const k of ['countBefore', 'countAfter', 'bytesBefore', 'bytesAfter', 'new', 'gone'] as const) total[k] += r[k];
  }
  total.retainedBefore = before.dominators.total;
  total.retainedAfter = after.dominators.total;
  finishRow(total);
  const top = opts.top ?? 20;
  const growing = rows.slice(0, top).filter((r) => r.countDelta > 0 && r.new > 0).slice(0, opts.paths ?? 3);
  return {
    before: summary(b), after: summary(a), groupBy: groups.by, rows: rows.slice(0, top), omitted: Math.max(0, rows.length - top), total,
    identity: { same: id.same, reusedOtherType: id.reusedOtherType, reusedResized: id.reusedResized, new: total.new, gone: total.gone },
    matching: matchSummary(id),
    collector: { before: collectorState(b.header), after: collectorState(a.header) },
    notes: notes(b, a, id),
    paths: growing.flatMap((r) => {
      const v = sampleNewObject(after, groupA, groups.names.indexOf(r.name), id.isNew);
      if (v < 0) return [];
      const path = retainerPath(a, after.tree, v);
      return [{ group: r.name, path, traps: trapsOnPath(path) }];
    }),
  };
}

function finishRow(r: DiffRow): void {
  r.countDelta = r.countAfter - r.countBefore;
  r.bytesDelta = r.bytesAfter - r.bytesBefore;
  r.retainedDelta = r.retainedAfter - r.retainedBefore;
}

/** The new object of the group with the shortest path from a named root (else any held one, else any). */
function sampleNewObject(f: GraphFacts, groupOf: Int32Array, group: number, isNew: Uint8Array): number {
  let best = -1;
  let bestRank = Infinity;
  for (let v = 0; v < f.graph.n; v++) {
    if (groupOf[v] !== group || !isNew[v]) continue;
    const held = f.tree.held[v];
    const rank = (held === HELD_BY_ROOT ? 0 : held === HELD_NOT ? 2e9 : 1e9) + f.tree.depth[v];
    if (rank < bestRank) { best = v; bestRank = rank; }
  }
  return best;
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
