// The JSON report of `gcdiag gate` (schema/gate-report.schema.json). The result
// type lives in src/gate/result.ts, where the evaluation builds it; the
// compile-time check at the bottom keeps the two from drifting apart.
import { z } from 'zod';
import { envelope, Count, RetainerPath } from './common.js';
import type { GateResult } from '../../gate/result.js';

const Trend = z.enum(['leaks', 'fluctuates', 'steady', 'shrinks']);

const TypeFinding = z.object({
  type: z.string(),
  verdict: z.enum(['leaks', 'over budget', 'fluctuates', 'within budget']),
  failed: z.boolean(),
  counts: z.array(z.number()).describe('per snapshot, in series order (0 where the type is absent)'),
  bytes: z.array(z.number()),
  countDeltas: z.array(z.number()).describe('the measured deltas (a pair: one, current minus baseline)'),
  bytesDeltas: z.array(z.number()),
  countTrend: Trend,
  bytesTrend: Trend,
  budget: z.object({ count: z.number(), bytes: z.number() }),
  growth: z.object({ count: z.number(), bytes: z.number() }).describe('from the baseline (last warm-up snapshot) to the last snapshot'),
  path: z.object({ path: RetainerPath, instances: Count, of: Count, newOnly: z.boolean() }).optional()
    .describe('failing types with a full snapshot: the majority retainer path of the (new) instances'),
  site: z.object({ site: z.string(), count: Count }).optional().describe('the most common allocation site (tracemalloc snapshots)'),
});

const Series = z.object({
  test: z.string().nullable().describe('the pytest test id, or null for a series of full snapshots'),
  kind: z.enum(['snapshot', 'typestats']),
  mode: z.enum(['series', 'pair']),
  files: z.array(z.string()),
  fullSnapshot: z.string().nullable(),
  python: z.string(),
  warmup: Count,
  override: z.string().nullable().describe('the config\'s `tests` key that applied'),
  gated: Count,
  ignored: Count,
  findings: z.array(TypeFinding),
  passed: z.array(z.string()),
  totalBytes: z.object({ perSnapshot: z.array(z.number()), growth: z.number(), budget: z.number().nullable(), failed: z.boolean() }),
  garbage: z.object({
    objects: z.array(z.number()), cycles: z.array(z.number().nullable()), growing: z.boolean(),
    perRun: z.object({ objects: z.number(), cycles: z.number().nullable() }), failed: z.boolean(),
  }),
  uncollectable: z.object({ objects: Count, types: z.array(z.object({ type: z.string(), count: Count })), failed: z.boolean() }),
  suppressed: z.array(z.object({ id: z.string(), objects: Count })),
  notes: z.array(z.string()),
  failed: z.boolean(),
});

export const GateReport = z.object({
  ...envelope('gcdiag-gate'),
  config: z.string().nullable(),
  suppressionList: z.object({
    version: z.number(),
    entries: z.array(z.object({ id: z.string(), why: z.string(), snapshot: z.string(), typestats: z.string() })),
  }),
  series: z.array(Series),
  failed: z.boolean(),
});

// Drift check: what the gate builds must type-check as the schema's input (the
// tests parse real reports strictly, which catches the other direction).
const gateBuilt: (r: GateResult) => z.input<typeof GateReport> = (r) => r;
void gateBuilt;
