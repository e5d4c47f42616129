// Every JSON report's schema, by the file it is shipped as in schema/.
import type { z } from 'zod';
import { DiffReport } from './diff.js';
import { CyclesReport } from './cycles.js';
import { WhyReport } from './why.js';
import { ReplayReport, AgainstReport } from './replay.js';
import { TuneReport, TuneMeasureReport } from './tune.js';
import { GateReport } from './gate.js';

export const REPORT_SCHEMAS: Record<string, { schema: z.ZodType; title: string }> = {
  'snapshot-diff-report.schema.json': { schema: DiffReport, title: 'gcdiag snapshot-diff --format json' },
  'find-cycles-report.schema.json': { schema: CyclesReport, title: 'gcdiag find-cycles --format json' },
  'why-report.schema.json': { schema: WhyReport, title: 'gcdiag why --format json' },
  'replay-report.schema.json': { schema: ReplayReport, title: 'gcdiag replay --format json' },
  'replay-against-report.schema.json': { schema: AgainstReport, title: 'gcdiag replay --against PYTHON --format json' },
  'gate-report.schema.json': { schema: GateReport, title: 'gcdiag gate --format json' },
  'tune-report.schema.json': { schema: TuneReport, title: 'gcdiag tune --format json' },
  'tune-measure-report.schema.json': { schema: TuneMeasureReport, title: 'gcdiag tune --measure --format json' },
};
