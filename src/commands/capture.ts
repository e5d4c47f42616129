// gcdiag capture [options] -- script.py args…: run a Python program under
// gcdiag_capture and write heap snapshots (at exit and/or on SIGUSR1).
import type { Command } from 'commander';
import { planCapture, type CaptureOptions } from '../capture/options.js';
import { runCapture } from '../capture/spawn.js';
import { pythonDir } from '../oracle/paths.js';

interface CaptureFlags extends CaptureOptions {
  pythonPath?: boolean;
}

export function registerCapture(program: Command): void {
  program
    .command('capture')
    .description('run a Python script and write heap snapshots of it (at exit, or on each SIGUSR1)')
    .argument('[script]', 'the Python script to run (put -- before it)')
    .argument('[args...]', 'arguments passed to the script')
    .option('--out <path>', 'snapshot file (default gcdiag-<pid>.json; on signals <out>.1.json, <out>.2.json, …)')
    .option('--on <when>', 'when to write: exit, signal, or exit,signal', 'exit')
    .option('--label <text>', 'label stored in the snapshot')
    .option('--collect-first', 'run gc.collect() before each capture (finalizers may run)')
    .option('--layout <layout>', 'columnar (compact) or friendly (readable)', 'columnar')
    .option('--python <python>', 'the interpreter to run', 'python3')
    .option('--python-path', 'print the folder to put on PYTHONPATH for `import gcdiag_capture`, and exit')
    .addHelpText('after', `
The script runs as \`python script.py\` would; its exit code becomes gcdiag's.
From inside a program: PYTHONPATH=$(gcdiag capture --python-path) and
  import gcdiag_capture; gcdiag_capture.snapshot('heap.json')

Examples:
  gcdiag capture --out heap.json -- app.py --port 8080
  gcdiag capture --on signal --out heap.json -- worker.py    # then: kill -USR1 <pid>
  gcdiag capture --python python3.12 --layout friendly -- job.py`)
    .action(async (script: string | undefined, args: string[], opts: CaptureFlags) => {
      if (opts.pythonPath) {
        process.stdout.write(`${pythonDir()}\n`);
        return;
      }
      process.exitCode = await runCapture(planCapture(script, args, opts));
    });
}
