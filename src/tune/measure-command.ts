// The measure path of `gcdiag tune`: plan, run, optionally put predictions
// beside the measurements, report. Called by src/commands/tune.ts.
import { checkOutPath } from '../files.js';
import { writeOutput } from '../report/output.js';
import { measureReporters, MEASURE_FORMATS, type MeasureFormat } from '../report/measure.js';
import { pickFormat } from '../commands/options.js';
import { measureCandidates } from './measure.js';
import { planCandidates, planRuns, planTarget, type MeasureCandidateFlags } from './measure-plan.js';
import { ProgramFailed } from './measure-run.js';
import type { MeasureCandidate, MeasureReport, PredictedFigures } from './measure-types.js';

export interface MeasureFlags extends MeasureCandidateFlags {
  runs?: string;
  format: string;
  out?: string;
  python?: string;
  trace?: string;
  quiet?: boolean;
}

/** Predictions for the candidates from a recording (the tune simulator), by row. */
export type Predict = (trace: string, candidates: MeasureCandidate[]) => Promise<PredictedFigures[]>;

/** Runs the measurement and writes the report; the exit code (a failing program's own). */
export async function measureAction(program: string[], f: MeasureFlags, predict?: Predict): Promise<number> {
  checkOutPath(f.out);
  const format = pickFormat<MeasureFormat>(f.format, MEASURE_FORMATS);
  const target = planTarget(program, f.python);
  const candidates = planCandidates(f);
  const runs = planRuns(f.runs);
  const predicted = f.trace && predict ? await predict(f.trace, candidates) : undefined;
  let result;
  try {
    result = await measureCandidates(target, candidates, {
      runs,
      onRun: f.quiet || !process.stderr.isTTY ? undefined : (done, total, c) => {
        process.stderr.write(`gcdiag: measured ${done}/${total} (${c.label})${done === total ? '\n' : '\r'}`);
      },
    });
  } catch (e) {
    if (!(e instanceof ProgramFailed)) throw e;
    process.stderr.write(`\n${e.stderr}${e.stderr.endsWith('\n') || !e.stderr ? '' : '\n'}gcdiag: ${e.message}\n`);
    return e.exitCode;
  }
  const report: MeasureReport = { ...result, ...(f.trace ? { trace: f.trace } : {}), ...(predicted ? { predicted } : {}) };
  writeOutput(measureReporters[format](report), f.out);
  return 0;
}
