// The JSON report of `gcdiag find-cycles` (schema/find-cycles-report.schema.json).
import { z } from 'zod';
import { CollectorStateJson } from './collector.js';
import { CYCLE_CLASSES } from '../../analysis/cycle-classes.js';
import { ORIGINS } from '../../analysis/cycle-origin.js';
import { envelope, Count, Id, PathStep, RetainerPath, TypeCount } from './common.js';

const CycleClass = z.enum(CYCLE_CLASSES);
const Kept = z.object({ objects: Count, bytes: z.number(), types: z.array(TypeCount) });
const Totals = z.object({ components: Count, objects: Count, bytes: z.number(), outsideCycles: Count });

const CycleGroup = z.object({
  class: CycleClass,
  origin: z.enum(ORIGINS).describe('whose cycle: the program\'s own types (or a third-party library\'s), the standard library\'s, or the interpreter\'s bookkeeping (class ↔ __mro__, descriptors, modules ↔ builtin functions, ctypes)'),
  reason: z.string(),
  unreachable: z.boolean().describe('a full collection finds these cycles unreachable'),
  count: Count.describe('copies of this shape'),
  members: Count.describe('objects in one copy'),
  bytes: z.number(),
  types: z.array(TypeCount),
  sampleIds: z.array(Id),
  drawing: z.object({
    cycle: z.array(PathStep),
    nodes: z.array(z.object({ id: Id, type: z.string() })),
    edges: z.array(z.object({ from: Id, to: Id, label: z.string(), kind: z.string() })),
    complete: z.boolean(),
  }),
  heldBy: RetainerPath.optional(),
  keeps: Kept.optional(),
  ids: z.array(Id).optional().describe('unreachable groups: every member of every copy, then every object they keep'),
});

export const CyclesReport = z.object({
  ...envelope('gcdiag-find-cycles'),
  file: z.string(),
  python: z.string(),
  pep442: z.boolean(),
  minSize: Count,
  totals: z.object({ uncollectable: Totals, garbageFinalizers: Totals, garbage: Totals, live: Totals })
    .describe('every cycle and every unreachable object in the snapshot, by class'),
  shapes: Count,
  groups: z.array(CycleGroup),
  unowned: z.array(Kept.extend({ class: CycleClass, reason: z.string(), ids: z.array(Id) })),
  internal: z.object({ shapes: Count, cycles: Count, objects: Count, bytes: z.number(), listed: z.boolean() })
    .describe('the interpreter\'s own live cycle shapes: counted here, listed in groups only with --all (unreachable ones are always listed)'),
  smaller: Count,
  omitted: Count,
  collector: CollectorStateJson,
});
export type CyclesReport = z.input<typeof CyclesReport>;
