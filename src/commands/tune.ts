// gcdiag tune TRACE: parse options, evaluate the candidates (src/tune), hand the
// result to a reporter. Option parsing lives in tuneRequest() alone, so
// `--measure`, `--runs`, `--trace`, `--calibrate` add a few lines there.
import type { Command } from 'commander';
import { tune, type TuneOptions } from '../tune/tune.js';
import { readCost } from '../tune/cost.js';
import { tuneReporters, TUNE_FORMATS, type TuneFormat } from '../report/tune.js';
import { writeOutput } from '../report/output.js';
import { checkOutPath } from '../files.js';
import { UsageError } from '../errors.js';
import { pickFormat } from './options.js';
import { measureAction } from '../tune/measure-command.js';
import { calibrateAction } from '../tune/calibrate-command.js';
import { DEFAULT_RUNS } from '../tune/measure.js';
import { forFormat } from '../report/escape.js';

export interface TuneCliOptions {
  thresholds?: string[];
  grid?: boolean;
  python?: string;
  freezeAt?: string;
  maxGarbage?: string;
  cost?: string;
  format: string;
  out?: string;
  // --measure and --calibrate (src/tune/measure-command.ts, calibrate-command.ts)
  measure?: boolean;
  runs?: string;
  trace?: string;
  calibrate?: boolean;
}

export interface TuneRequest {
  format: TuneFormat;
  out?: string;
  options: TuneOptions;
}

/** Every option check of `tune` in one place (usage errors, exit 2, before any work). */
export function tuneRequest(opts: TuneCliOptions, trace?: string): TuneRequest {
  checkOutPath(opts.out, '--out', trace === undefined ? [] : [trace]);
  const format = pickFormat<TuneFormat>(opts.format, TUNE_FORMATS);
  let maxGarbage: number | undefined;
  if (opts.maxGarbage !== undefined) {
    if (!/^\d+$/.test(opts.maxGarbage)) throw new UsageError(`--max-garbage expects a number of objects, e.g. 200000 (got ${JSON.stringify(opts.maxGarbage)})`);
    maxGarbage = Number(opts.maxGarbage);
  }
  if (opts.freezeAt !== undefined && opts.freezeAt.trim() === '') throw new UsageError('--freeze-at expects a mark name or a number of allocations');
  const cost = opts.cost === undefined ? undefined : readCost(opts.cost);
  return {
    format, out: opts.out,
    options: { thresholds: opts.thresholds ?? [], grid: opts.grid, python: opts.python, freezeAt: opts.freezeAt, maxGarbage, cost },
  };
}

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description('predict what GC thresholds (or gc.freeze(), gc.disable() + gc.collect()) would do to a recorded run: collections, work, pauses, garbage; recommend one')
    .argument('[trace]', 'a recording from `gcdiag record` (.ndjson or .ndjson.gz), or an object trace (.json, .ndjson)')
    .argument('[program...]', 'with --measure: the program to run, after -- (python3 app.py args, or python3 -m module args)')
    .option('--thresholds <candidates...>', 'candidates: T0[,T1[,T2]], 0 (automatic collection off), freeze@MARK, freeze@N, T0,T1,T2+freeze@MARK, disable+collect/N')
    .option('--grid', 'also search t0 700…100,000 (log scale) × t1 5…100 × t2 10|100 (100 candidates) and show the Pareto front')
    .option('--python <version>', 'evaluate on this CPython\'s rules (default: the recording\'s), e.g. 3.13 or 3.14.2')
    .option('--freeze-at <mark|N>', 'add a candidate: gc.freeze() at the program\'s mark (gcdiag_capture.record.mark) or after N counted allocations')
    .option('--max-garbage <objects>', 'the recommendation keeps peak cyclic garbage under this (default: the default thresholds\' peak, at least 100,000)')
    .option('--cost <file>', 'per-collection and per-object cost ("gcdiag-calibration" JSON from `gcdiag tune --calibrate`)')
    .option('--measure', 'run the real program (after --) under each candidate and measure collections, GC time, pauses, wall time, peak RSS')
    .option('--runs <K>', `with --measure: runs per candidate, interleaved A B C A B C … (default ${DEFAULT_RUNS})`)
    .option('--trace <file>', 'with --measure: a recording of the program; predicted and measured side by side')
    .option('--calibrate', 'time collections on the interpreter (--python, default python3) and write the cost file for --cost (--out)')
    .option('--format <format>', `output format: ${TUNE_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag record --out run.ndjson.gz -- python app.py
  gcdiag tune run.ndjson.gz --thresholds 700,10,10 2000,10,10 5000,20,20
  gcdiag tune run.ndjson.gz --grid --max-garbage 200000
  gcdiag tune run.ndjson.gz --thresholds 50000,20,100 freeze@warmup disable+collect/1000000 0
  gcdiag tune run.ndjson.gz --python 3.13 --thresholds 2000,10,10 5000,20,20
  gcdiag tune fixtures/traces/automatic-collections.json --thresholds 100,10,10 700,10,10 --format markdown
  gcdiag tune --measure --thresholds 700,10,10 1200,10,10 2000,10,10 -- python3 fixtures/programs/seed_12_4.py
  gcdiag tune --measure --runs 3 --trace run.ndjson.gz --thresholds 700,10,10 5000,20,20 -- python3 app.py
  gcdiag tune --calibrate --python python3.12 --out cost-3.12.json

With --measure and --calibrate, --python names the interpreter to run (python3, python3.12, a path).`)
    .action(async (trace: string | undefined, program: string[], opts: TuneCliOptions) => {
      if (opts.calibrate || opts.measure) {
        process.exitCode = opts.calibrate ? await calibrateAction(calibrateFlags(trace, program, opts)) : await measureAction(trace === undefined ? program : [trace, ...program], measureFlags(opts));
        return;
      }
      if (opts.runs !== undefined || opts.trace !== undefined) throw new UsageError('--runs and --trace go with --measure (run the program and measure it)');
      if (trace === undefined) throw new UsageError('tune needs a recording: gcdiag tune TRACE --thresholds … (or --measure … -- python3 app.py, or --calibrate)');
      if (program.length > 0) throw new UsageError(`tune takes one recording (got also ${JSON.stringify(program[0])}); to run a program, add --measure`);
      const req = tuneRequest(opts, trace);
      const result = await tune(trace, req.options);
      writeOutput(tuneReporters[req.format](forFormat(req.format, result)), req.out);
    });
}

/** --measure's options; the tune-only ones are refused rather than ignored. */
function measureFlags(o: TuneCliOptions): Parameters<typeof measureAction>[1] {
  if (o.grid) throw new UsageError('--grid cannot be measured (100 candidates × runs): measure the few --thresholds it recommends');
  if (o.maxGarbage !== undefined) throw new UsageError('--max-garbage applies to predictions only, not to --measure');
  return {
    thresholds: o.thresholds, freezeAt: o.freezeAt, runs: o.runs, format: o.format, out: o.out, python: o.python, trace: o.trace,
    cost: o.cost === undefined ? undefined : readCost(o.cost),
  };
}

function calibrateFlags(trace: string | undefined, program: string[], o: TuneCliOptions): Parameters<typeof calibrateAction>[0] {
  if (o.measure) throw new UsageError('--calibrate and --measure are separate runs: give one of them');
  if (trace !== undefined || program.length) throw new UsageError('--calibrate takes no recording or program: gcdiag tune --calibrate [--python PY] [--out FILE]');
  if (o.thresholds || o.grid || o.freezeAt || o.trace || o.runs) throw new UsageError('--calibrate takes only --python, --out and --format');
  return { python: o.python, out: o.out, format: o.format };
}
