// The collector's state in the JSON reports (analysis/collector-state.ts).
import { z } from 'zod';
import { Count } from './common.js';

export const CollectorStateJson = z.object({
  enabled: z.boolean().describe('gc.isenabled() when the snapshot was taken'),
  thresholds: z.array(z.number().int()),
  defaultThresholds: z.array(z.number().int()).nullable().describe("the Python version's defaults; null when gcdiag has no profile for it"),
  freezeCount: Count.describe('objects gc.freeze() moved to the permanent generation: no collection examines them'),
  automatic: z.boolean().describe('collections run by themselves (enabled, threshold 0 not 0)'),
  notes: z.array(z.string()).describe('one sentence per departure from a default collector'),
});
