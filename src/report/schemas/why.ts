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
  site: z.string().optional().describe('allocation site "file:line" (tracemalloc snapshots)'),
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
  sites: z.array(z.object({ site: z.string(), count: Count })).describe('where the objects were allocated (tracemalloc snapshots), most first'),
  traps: z.array(Trap),
  untraversed: z.array(z.object({
    holder: z.object({ id: Id, type: z.string() }),
    objects: z.array(z.object({ id: Id, type: z.string(), retained: z.number() })).describe('snapshot objects only the holder\'s C fields reference'),
    bytes: z.number().describe('their retained size'),
    chars: Count.optional().describe('characters held where no snapshot sees them (3.12+ io.StringIO): at least that many bytes'),
  })).optional().describe('memory held through C fields the collector does not traverse (sys.getsizeof of the holder leaves it out)'),
});
export type WhyReport = z.input<typeof WhyReport>;
