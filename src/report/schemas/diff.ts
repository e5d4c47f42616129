// The JSON report of `gcdiag snapshot-diff` (schema/snapshot-diff-report.schema.json).
import { z } from 'zod';
import { CollectorStateJson } from './collector.js';
import { GROUP_BYS } from '../../analysis/groups.js';
import { DIFF_SORTS } from '../../analysis/diff.js';
import { envelope, Count, Id, RetainerPath, Trap } from './common.js';

const DiffRow = z.object({
  name: z.string(),
  countBefore: Count, countAfter: Count, countDelta: z.number().int(),
  bytesBefore: z.number(), bytesAfter: z.number(), bytesDelta: z.number(),
  new: Count, gone: Count,
  retainedBefore: z.number(), retainedAfter: z.number(), retainedDelta: z.number(),
});

const SnapshotSummary = z.object({
  file: z.string(), label: z.string().optional(), time: z.string().optional(), python: z.string(),
  collectedFirst: z.boolean(), objects: Count, bytes: z.number(),
});

const Suspect = z.object({
  kind: z.enum(['object', 'outside', 'unreachable']).describe('object: a retaining object; outside: held from outside the snapshot; unreachable: cyclic garbage not yet collected'),
  retainer: z.object({
    id: Id, type: z.string(), name: z.string().optional().describe('for a class object: which class'),
    new: z.boolean().describe('the retainer is itself new (held straight from a root)'),
    retained: z.number().describe('its retained size in the after snapshot'),
  }).optional(),
  newObjects: Count, newBytes: z.number(),
  goneObjects: Count.describe('objects it held in the before snapshot that are gone since'), goneBytes: z.number(),
  heads: Count.describe('new structures hanging off it (each new object belongs to the one whose head dominates it)'),
  path: z.object({ count: Count.describe('heads whose last reference has this shape'), path: RetainerPath }),
  types: z.array(z.object({ type: z.string(), count: Count, bytes: z.number() })).describe('types of its new objects, most first'),
  sites: z.array(z.object({ site: z.string(), count: Count })).describe('allocation sites of the heads of that shape (tracemalloc), most first'),
  traps: z.array(Trap),
});

export const DiffReport = z.object({
  ...envelope('gcdiag-snapshot-diff'),
  before: SnapshotSummary,
  after: SnapshotSummary,
  groupBy: z.enum(GROUP_BYS),
  sort: z.enum(DIFF_SORTS),
  nothingGrew: z.boolean().describe('no object holds more objects than before (beyond minGrowth) and the object count did not grow'),
  suspects: z.array(Suspect).describe('what holds the new objects, biggest growth first (new less gone)'),
  suspectsOmitted: Count,
  minGrowth: z.object({ objects: Count, bytes: z.number() }).describe('a retainer grew when it gained at least this many objects or bytes'),
  rows: z.array(DiffRow).describe('sorted by the Δ of `sort`; at most --top; groups with Δ 0 left out'),
  omitted: Count.describe('changed groups beyond --top'),
  unchanged: Count.describe('groups with Δ 0 in count, bytes and retained size'),
  total: DiffRow,
  identity: z.object({ same: Count, reusedOtherType: Count, reusedResized: Count, new: Count, gone: Count }),
  matching: z.object({
    method: z.enum(['id', 'path']).describe('id within one process; labelled path from a named root across processes'),
    sameProcess: z.boolean(), processEvidence: z.string().describe('what says whether the snapshots come from one process'),
    unmatchedBefore: Count.describe('objects no labelled path reaches: counted neither gone nor new'), unmatchedAfter: Count,
    sharedPath: Count.describe('matched objects whose path others of their type share: paired by count'),
  }),
  collector: z.object({ before: CollectorStateJson, after: CollectorStateJson }),
  notes: z.array(z.string()),
  paths: z.array(z.object({
    group: z.string(), count: Count.describe('new objects of the group held by a path of this shape'), of: Count.describe('new objects of the group'),
    path: RetainerPath, traps: z.array(Trap),
  })).describe('for the top growing groups: the commonest retainer-path shape of their new objects'),
});
export type DiffReport = z.input<typeof DiffReport>;
