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

export interface TuneCliOptions {
  thresholds?: string[];
  grid?: boolean;
  python?: string;
  freezeAt?: string;
  maxGarbage?: string;
  cost?: string;
  format: string;
  out?: string;
}

export interface TuneRequest {
  format: TuneFormat;
  out?: string;
  options: TuneOptions;
}

/** Every option check of `tune` in one place (usage errors, exit 2, before any work). */
export function tuneRequest(opts: TuneCliOptions): TuneRequest {
  checkOutPath(opts.out);
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
    .argument('<trace>', 'a recording from `gcdiag record` (.ndjson or .ndjson.gz), or an object trace (.json, .ndjson)')
    .option('--thresholds <candidates...>', 'candidates: T0[,T1[,T2]], 0 (automatic collection off), freeze@MARK, freeze@N, T0,T1,T2+freeze@MARK, disable+collect/N')
    .option('--grid', 'also search t0 700…100,000 (log scale) × t1 5…100 × t2 10|100 (100 candidates) and show the Pareto front')
    .option('--python <version>', 'evaluate on this CPython\'s rules (default: the recording\'s), e.g. 3.13 or 3.14.2')
    .option('--freeze-at <mark|N>', 'add a candidate: gc.freeze() at the program\'s mark (gcdiag_capture.record.mark) or after N counted allocations')
    .option('--max-garbage <objects>', 'the recommendation keeps peak cyclic garbage under this (default: the default thresholds\' peak, at least 100,000)')
    .option('--cost <file>', 'per-collection and per-object cost ("gcdiag-calibration" JSON from `gcdiag tune --calibrate`)')
    .option('--format <format>', `output format: ${TUNE_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag record --out run.ndjson.gz -- python app.py
  gcdiag tune run.ndjson.gz --thresholds 700,10,10 2000,10,10 5000,20,20
  gcdiag tune run.ndjson.gz --grid --max-garbage 200000
  gcdiag tune run.ndjson.gz --thresholds 50000,20,100 freeze@warmup disable+collect/1000000 0
  gcdiag tune run.ndjson.gz --python 3.13 --thresholds 2000,10,10 5000,20,20
  gcdiag tune fixtures/traces/automatic-collections.json --thresholds 100,10,10 700,10,10 --format markdown`)
    .action(async (trace: string, opts: TuneCliOptions) => {
      const req = tuneRequest(opts);
      const result = await tune(trace, req.options);
      writeOutput(tuneReporters[req.format](result), req.out);
    });
}
