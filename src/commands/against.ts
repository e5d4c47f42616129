// gcdiag replay --against PYTHON TRACE: model and real CPython side by side.
import { against } from '../oracle/against.js';
import { writeOutput } from '../report/output.js';
import { againstReporters } from '../report/against.js';
import type { ReplayFormat } from '../report/replay.js';
import { forFormat } from '../report/escape.js';

export async function runAgainst(trace: string, python: string, opts: { python?: string; thresholds?: number[]; format: ReplayFormat; out?: string }): Promise<number> {
  const r = await against(trace, python, opts);
  writeOutput(againstReporters[opts.format](forFormat(opts.format, r)), opts.out);
  return r.comparison.differences > 0 ? 1 : 0;
}
