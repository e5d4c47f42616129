// The measure path of `gcdiag tune`: plan, run, optionally put predictions
// beside the measurements, report. Called by src/commands/tune.ts.
import { checkOutPath } from '../files.js';
import { writeOutput } from '../report/output.js';
import { measureReporters, MEASURE_FORMATS, type MeasureFormat } from '../report/measure.js';
import { pickFormat } from '../commands/options.js';
import { measureCandidates } from './measure.js';
import { planCandidates, planRuns, planTarget, type MeasureCandidateFlags } from './measure-plan.js';
import { ProgramFailed, interpreterVersion } from './measure-run.js';
import { tune } from './tune.js';
import { gcTimeMs } from './cost.js';
import type { Cost } from './types.js';
import type { MeasureCandidate, MeasureReport, PredictedFigures } from './measure-types.js';
import { forFormat } from '../report/escape.js';

export interface MeasureFlags extends MeasureCandidateFlags {
  runs?: string;
  format: string;
  out?: string;
  python?: string;
  trace?: string;
  /** Per-collection costs for the predicted GC time (--cost FILE, read by the tune command). */
  cost?: Cost;
  quiet?: boolean;
}

/** Predictions for the candidates from a recording or trace (the tune simulator), by row. */
export async function predict(trace: string, candidates: MeasureCandidate[], cost?: Cost): Promise<PredictedFigures[]> {
  const r = await tune(trace, { thresholds: candidates.map((c) => c.label), ...(cost ? { cost } : {}) });
  return candidates.map((c) => {
    const p = r.candidates.find((x) => x.candidate.label === c.label)!.predicted;
    return { collections: p.collections, gcTimeMs: p.gcTimeMs, maxPauseMs: gcTimeMs(r.cost, 1, p.examinedMax), peakRssKb: p.peakMemoryBytes === null ? null : p.peakMemoryBytes / 1024 };
  });
}

/** Runs the measurement and writes the report; the exit code (a failing program's own). */
export async function measureAction(program: string[], f: MeasureFlags): Promise<number> {
  checkOutPath(f.out, '--out', f.trace === undefined ? [] : [f.trace]);
  const format = pickFormat<MeasureFormat>(f.format, MEASURE_FORMATS);
  const target = planTarget(program, f.python);
  const runs = planRuns(f.runs);
  const version = interpreterVersion(target.python);
  const candidates = planCandidates(f, version);
  const predicted = f.trace ? await predict(f.trace, candidates, f.cost) : undefined;
  let result;
  try {
    result = await measureCandidates(target, candidates, {
      runs, version,
      onRun: f.quiet || !process.stderr.isTTY ? undefined : (done, total, c) => {
        process.stderr.write(`gcdiag: measured ${done}/${total} (${c.label})${done === total ? '\n' : '\r'}`);
      },
    });
  } catch (e) {
    if (!(e instanceof ProgramFailed)) throw e;
    process.stderr.write(`${process.stderr.isTTY && !f.quiet ? '\n' : ''}${e.stderr}${e.stderr.endsWith('\n') || !e.stderr ? '' : '\n'}gcdiag: ${e.message}\n`);
    return e.exitCode;
  }
  const report: MeasureReport = { ...result, ...(f.trace ? { trace: f.trace } : {}), ...(predicted ? { predicted } : {}) };
  writeOutput(measureReporters[format](forFormat(format, report)), f.out);
  return 0;
}
