// gcdiag replay TRACE: parse options, replay on the model (or compare with a
// real interpreter), hand the result to a reporter.
import type { Command } from 'commander';
import { openTrace } from '../trace/load.js';
import { Replayer } from '../replay/replay.js';
import { replayReporters, REPLAY_FORMATS, type ReplayFormat } from '../report/replay.js';
import { writeOutput } from '../report/output.js';
import { UsageError } from '../errors.js';
import { parseThresholds, pickFormat } from './options.js';
import { runAgainst } from './against.js';
import { checkOutPath } from '../files.js';
import { forFormat } from '../report/escape.js';

interface ReplayOpts {
  python?: string;
  thresholds?: string;
  format: string;
  against?: string;
  out?: string;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay an allocation trace on the CPython GC model: collections, finalizer order, end state')
    .argument('<trace>', 'trace file (.json, or .ndjson for streaming)')
    .option('--python <version>', 'CPython version to model: 2.7, 3.4 … 3.13, 3.14.0, 3.14.2, 3.14.4, 3.14 (default: the trace\'s, else 3.11)')
    .option('--thresholds <t0,t1,t2>', 'initial gc thresholds, e.g. 700,10,10')
    .option('--format <format>', `output format: ${REPLAY_FORMATS.join(', ')}`, 'table')
    .option('--against <python>', 'also run the trace in a real interpreter (python3, a path, or pyodide-3.12 …) and show both side by side')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag replay fixtures/traces/tutorial-5-cycles.json
  gcdiag replay trace.ndjson --python 3.12 --thresholds 2000,10,10
  gcdiag replay trace.json --format json --out result.json
  gcdiag replay --against python3 fixtures/traces/tutorial-6.1-del-cycle.json
  gcdiag replay --against pyodide-3.13 trace.json`)
    .action(async (trace: string, opts: ReplayOpts) => {
      checkOutPath(opts.out, '--out', [trace]);
      const format = pickFormat<ReplayFormat>(opts.format, REPLAY_FORMATS);
      const thresholds = opts.thresholds === undefined ? undefined : parseThresholds(opts.thresholds);
      if (opts.against) {
        process.exitCode = await runAgainst(trace, opts.against, { python: opts.python, thresholds, format, out: opts.out });
        return;
      }
      const src = await openTrace(trace);
      const r = new Replayer(trace, src.header, { python: opts.python, thresholds });
      await r.applyAll(src.events());
      writeOutput(replayReporters[format](forFormat(format, r.finish())), opts.out);
    });
}

export { UsageError };
