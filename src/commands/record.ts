// gcdiag record --out TRACE -- [python] script.py args…: run a Python program
// once under the recorder and write what `gcdiag tune` replays.
import type { Command } from 'commander';
import { rmSync } from 'node:fs';
import { planRecord, checkInterpreter, type RecordOptions } from '../recording/plan.js';
import { runCapture } from '../capture/spawn.js';

export function registerRecord(program: Command): void {
  program
    .command('record')
    .description('run a Python program once and record its collector activity, for `gcdiag tune`')
    .argument('[script]', 'the Python script to run, or -m (put -- before it)')
    .argument('[args...]', 'arguments passed to the script (after -m: the module, then its arguments)')
    .option('--out <trace>', 'the recording to write (NDJSON; gzip\'d when it ends in .gz)')
    .option('--python <python>', 'the interpreter to run (CPython 3.8-3.13; 3.14 and free-threaded builds are recorded approximately)', 'python3')
    .option('--approximate', 'do not read the collector state (callbacks only; what happens anyway where it is not recognised)')
    .option('--no-examined', 'do not count the objects each collection examines')
    .addHelpText('after', `
The program runs as \`python script.py\` (or \`python -m module\`) would, and its
exit code becomes gcdiag's. The recording is kept when the program's code
finished on its own (also by sys.exit(N) or an uncaught exception: its exit
code is in the last line); an interrupted run (Ctrl-C, a signal, os._exit)
leaves no file. From inside the program, mark a point (e.g. the end of the
warm-up) with:  from gcdiag_capture.record import mark; mark("warmup")

Examples:
  gcdiag record --out seed.ndjson -- python3 fixtures/programs/seed_12_4.py
  gcdiag record --out service.ndjson.gz --python python3.12 -- app.py --port 8080
  gcdiag record --out job.ndjson.gz -- -m mypackage.job --fast`)
    .action(async (script: string | undefined, args: string[], opts: RecordOptions) => {
      const plan = planRecord(script, args, opts);
      checkInterpreter(plan.python);
      try {
        process.exitCode = await runCapture({ python: plan.python, argv: plan.argv, onSignal: false });
      } finally {
        rmSync(plan.part, { force: true }); // left only when the run was killed: never half a trace
      }
    });
}
