// The recording format written by `gcdiag record` and read by `gcdiag tune`
// (NDJSON, gzip'd when the name ends in .gz): a header line, one event per line,
// an `end` line. One zod schema per line kind is the type, the validator and
// (via `npm run schema`) schema/recording.schema.json. The fields are fixed by
// the session's shared FORMATS.md: fields may be added, never renamed.
import { z } from 'zod';

const Count = z.number().int().nonnegative();
const Int = z.number().int();
/** The largest value of CPython's gen-0 counter (a C int). */
export const COUNTER_MAX = 2 ** 31 - 1;
/** Three values, one per generation (gen 0, 1, 2). */
const PerGen = z.array(Count).length(3);
/** gc.get_stats() as [collections, collected, uncollectable] per generation. */
const Stats = z.array(z.array(Count).length(3)).length(3)
  .describe('gc.get_stats() as [collections, collected, uncollectable] for generations 0, 1, 2');
/** [long_lived_total, long_lived_pending]; null when the recorder could not read them (approximate mode). */
const LongLived = z.array(Count).length(2).nullable()
  .describe('[long_lived_total, long_lived_pending] of the GC state; null when not readable');

/** Fill levels of the freelists whose frees do not count (numfree); null where not located. */
export const Freelists = z.object({
  list: Count.nullable(),
  dict: Count.nullable(),
  tuple: z.array(Count).nullable().describe('numfree per tuple size, from size 1 (index 0) up to 19 or 20'),
}).describe('freelist fill levels (allocations served from a freelist do not move the gen-0 counter)');
export type Freelists = z.infer<typeof Freelists>;

export const RecordingHeader = z.object({
  format: z.literal('gcdiag-recording'),
  version: z.literal(1),
  python: z.string().min(1).describe('platform.python_version() of the recorded interpreter'),
  implementation: z.string().min(1).describe('platform.python_implementation(): "CPython"'),
  argv: z.array(z.string()).describe('sys.argv as the program saw it'),
  thresholds: PerGen.describe('gc.get_threshold() at the start'),
  enabled: z.boolean().describe('gc.isenabled() at the start'),
  sampler: z.enum(['setprofile', 'monitoring', 'none']).describe('how the gen-0 counter was sampled between collections'),
  exact: z.boolean().describe('false: the GC state was not located; the path has one item per collection (approximate)'),
  reason: z.string().nullable().describe('why the recording is not exact, or null'),
  start: z.object({
    count: PerGen.describe('gc.get_count() at the start (the replay starts from it)'),
    long_lived_total: Count.nullable(),
    long_lived_pending: Count.nullable(),
    freelists: Freelists,
    freeze_count: Count,
  }),
  stats: Stats,
  freelist_capacity: z.object({ list: Count, dict: Count, tuple: Count }).optional()
    .describe('the most objects each freelist keeps (per tuple size for tuples): 80, 80, 2000 on 3.8-3.13'),
}).describe('line 1 of a recording');
export type RecordingHeader = z.infer<typeof RecordingHeader>;

export const PathEvent = z.object({
  op: z.literal('path'),
  // CPython's gen-0 counter is a C int: no net change between two samples can exceed its range
  // (and a delta of 2^53 would make tune simulate collections for days).
  d: z.array(Int.min(-COUNTER_MAX).max(COUNTER_MAX)).describe('net changes of the gen-0 counter between consecutive sample points (zeros omitted); each item ends at a sample point; within ±(2^31 - 1), the range of the C int counter'),
}).describe('a run of counter changes, in program order');
export type PathEvent = z.infer<typeof PathEvent>;

export const GcEvent = z.object({
  op: z.literal('gc'),
  gen: z.number().int().min(0).max(2),
  manual: z.boolean().describe('true: gc.collect() called by the program'),
  count: PerGen.describe('the counters at the start, as CPython saw them'),
  long_lived: LongLived,
  long_lived_after: LongLived,
  collected: Count,
  uncollectable: Count,
  examined: Count.nullable().describe('tracked objects in generations 0..gen at the start; null when not measured'),
  freelists: Freelists.describe('freelist fills before the collection'),
  freelists_after: Freelists.describe('freelist fills after the collection'),
  after: Int.describe('the gen-0 counter at the end (allocations of finalizers and callbacks)'),
  cpu_ns: Count.describe('thread CPU time inside the collection'),
  t_ns: Count.describe('time since the start of the recording'),
}).describe('one collection, between the path items around it');
export type GcEvent = z.infer<typeof GcEvent>;

const C_INT_MAX = 2147483647;
export const SetThresholdEvent = z.object({
  op: z.literal('set_threshold'),
  thresholds: z.array(z.number().int().nonnegative().max(C_INT_MAX)).length(3).describe('the thresholds in force after the call'),
});
export const EnableEvent = z.object({ op: z.literal('enable') });
export const DisableEvent = z.object({ op: z.literal('disable') });
export const FreezeEvent = z.object({ op: z.literal('freeze') });
export const UnfreezeEvent = z.object({ op: z.literal('unfreeze') });
export const MarkEvent = z.object({ op: z.literal('mark'), name: z.string() })
  .describe('gcdiag_capture.record.mark(name) called by the program');

export const EndEvent = z.object({
  op: z.literal('end'),
  stats: Stats.describe('gc.get_stats() at the end'),
  count: PerGen.describe('gc.get_count() at the end'),
  wall_s: z.number().nonnegative(),
  cpu_s: z.number().nonnegative(),
  max_rss_kb: Count,
  exit_code: Int,
}).describe('the last line');
export type EndEvent = z.infer<typeof EndEvent>;

export const RecordingEvent = z.discriminatedUnion('op', [
  PathEvent, GcEvent, SetThresholdEvent, EnableEvent, DisableEvent, FreezeEvent, UnfreezeEvent, MarkEvent, EndEvent,
]);
export type RecordingEvent = z.infer<typeof RecordingEvent>;
export const RECORDING_OPS = ['path', 'gc', 'set_threshold', 'enable', 'disable', 'freeze', 'unfreeze', 'mark', 'end'] as const;

/** For the shipped JSON Schema: the header, and the kinds of the following lines. */
export const RecordingLines = z.object({
  header: RecordingHeader,
  events: z.array(RecordingEvent).describe('lines 2.. of the file, one per line; the last is "end"'),
});
