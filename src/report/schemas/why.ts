// The JSON report of `gcdiag why` (schema/why-report.schema.json).
import { z } from 'zod';
import { CollectorStateJson } from './collector.js';
import { envelope, Count, Id, Held, RetainerPath, Trap } from './common.js';

const WhyObject = z.object({
  id: Id, type: z.string(), size: z.number(), refcount: z.number().int(), gen: z.number().int(), retained: z.number(),
  name: z.string().optional().describe('for a class object: which class'),
  dominator: z.object({ id: Id, type: z.string(), name: z.string().optional() }).nullable().describe('the immediate dominator (null: only the roots hold it)'),
  held: Held,
  garbage: z.boolean().optional(),
});

export const WhyReport = z.object({
  ...envelope('gcdiag-why'),
  collector: CollectorStateJson,
  file: z.string(),
  query: z.string(),
  types: z.array(z.string()),
  count: Count,
  bytes: z.number(),
  retained: z.number(),
  object: WhyObject.optional(),
  paths: z.array(RetainerPath),
  clusters: z.array(z.object({ count: Count, path: RetainerPath })),
  heldBy: z.object({ root: Count, gcGarbage: Count, outside: Count, unreachable: Count }),
  unreachableGarbage: Count,
  largest: z.array(WhyObject),
  traps: z.array(Trap),
});
export type WhyReport = z.input<typeof WhyReport>;
