// The per-type count-and-bytes snapshot the pytest plugin writes after each run
// of a test (FORMATS.md, "gcdiag-typestats"): one zod schema is the type, the
// validator and schema/typestats.schema.json.
import { z } from 'zod';

export const TYPESTATS_FORMAT = 'gcdiag-typestats';

const Count = z.number().int().nonnegative();

export const TypeStats = z.object({
  format: z.literal(TYPESTATS_FORMAT),
  version: z.literal(1),
  python: z.string().regex(/^\d+\.\d+\.\d+/, 'a version such as 3.11.7'),
  label: z.string().nullable().optional(),
  test: z.string().nullable().optional().describe('pytest node id, e.g. tests/test_x.py::test_a'),
  run: z.number().int().positive().describe('1 for the first run, warm-ups included'),
  warmup: z.number().int().nonnegative().optional().describe('how many of the runs were warm-ups'),
  created: z.string().optional().describe('ISO 8601 time of counting'),
  pid: z.number().int().optional(),
  gc: z.object({
    enabled: z.boolean(),
    threshold: z.array(z.number().int().nonnegative()).min(1).max(3),
    freeze_count: Count.optional(),
  }).optional(),
  types: z.array(z.tuple([z.string().min(1), Count, Count]))
    .describe('[module-qualified type name, live objects, bytes (sys.getsizeof)] after a full collection'),
  collected: Count.describe('objects the full gc.collect() just before counting freed: this run\'s cyclic garbage'),
  garbage: Count.describe('len(gc.garbage): uncollectable objects'),
}).loose();
export type TypeStats = z.infer<typeof TypeStats>;
