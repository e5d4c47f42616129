// The JSON report of `gcdiag snapshot-diff` (schema/snapshot-diff-report.schema.json).
import { z } from 'zod';
import { CollectorStateJson } from './collector.js';
import { GROUP_BYS } from '../../analysis/groups.js';
import { envelope, Count, RetainerPath, Trap } from './common.js';

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

export const DiffReport = z.object({
  ...envelope('gcdiag-snapshot-diff'),
  before: SnapshotSummary,
  after: SnapshotSummary,
  groupBy: z.enum(GROUP_BYS),
  rows: z.array(DiffRow).describe('sorted by growth; at most --top'),
  omitted: Count,
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
  paths: z.array(z.object({ group: z.string(), path: RetainerPath, traps: z.array(Trap) })),
});
export type DiffReport = z.input<typeof DiffReport>;
