// The JSON reports of `gcdiag replay` and `replay --against`
// (schema/replay-report.schema.json, schema/replay-against-report.schema.json).
import { z } from 'zod';
import { envelope, Count, TypeCount } from './common.js';

const int = () => z.number().int();
const Triple = z.tuple([int(), int(), int()]);

const ReplayBody = {
  file: z.string(),
  description: z.string().optional(),
  python: z.object({ profile: z.string(), versions: z.string(), collector: z.string() }),
  thresholds: Triple,
  events: Count,
  collections: z.array(z.object({
    event: Count, generation: int(), trigger: z.enum(['automatic', 'manual']),
    step: z.enum(['young', 'increment', 'mark', 'full', 'skipped']).optional(),
    examined: Count, collected: Count, uncollectable: Count, finalizers: Count, countBefore: Triple,
  })),
  calls: z.array(z.object({
    event: Count, kind: z.enum(['finalizer', 'callback', 'finalize', 'tp_del', 'print']),
    obj: z.string().optional(), text: z.string().optional(),
  })),
  observations: z.array(z.object({ event: Count, what: z.string(), value: z.unknown() })),
  end: z.object({
    count: Triple, threshold: Triple,
    stats: z.array(z.object({ collections: Count, collected: Count, uncollectable: Count })),
    enabled: z.boolean(), garbage: z.array(z.string()), freezeCount: Count, generations: Triple,
    liveObjects: Count, liveBytes: z.number(), liveByType: z.array(TypeCount), peakObjects: Count, peakBytes: z.number(),
  }),
};

export const ReplayReport = z.object({ ...envelope('gcdiag-replay'), ...ReplayBody });
export type ReplayReport = z.input<typeof ReplayReport>;

export const AgainstReport = z.object({
  ...envelope('gcdiag-replay-against'),
  interpreter: z.string(),
  comparison: z.object({
    python: z.string(),
    profile: z.string(),
    rows: z.array(z.object({
      item: z.string(),
      model: z.unknown().describe('the model\'s value, as JSON'),
      cpython: z.unknown().describe('CPython\'s value, as JSON'),
      same: z.boolean(),
    })),
    differences: Count,
  }),
  model: z.object(ReplayBody),
});
export type AgainstReport = z.input<typeof AgainstReport>;
