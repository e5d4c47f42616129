// gcdiag capture [options] -- script.py|-m module|command args…: run a Python
// program under gcdiag_capture and write heap snapshots (at exit and/or on
// SIGUSR1), or --pid PID: one snapshot of a running Python process.
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
    .description('run a Python program and write heap snapshots of it (at exit, or on each SIGUSR1), or snapshot a running one (--pid)')
    .argument('[script]', 'the program: script.py, -m module, or a console script on PATH (put -- before it)')
    .argument('[args...]', 'arguments passed to the program')
    .option('--out <path>', 'snapshot file (default gcdiag-<pid>.json; on signals <out>.1.json, <out>.2.json, …)')
    .option('--on <when>', 'when to write: exit, signal, or exit,signal', 'exit')
    .option('--label <text>', 'label stored in the snapshot')
    .option('--collect-first', 'run gc.collect() before each capture (finalizers may run)')
    .option('--layout <layout>', 'columnar (compact) or friendly (readable)', 'columnar')
    .option('--tracemalloc [frames]', 'start tracemalloc before the program runs, so objects carry allocation sites (frames: traceback depth, default 1)')
    .option('--pid <pid>', 'snapshot a running Python process now (gdb on CPython 3.8-3.13, sys.remote_exec on 3.14+)')
    .option('--python <python>', 'the interpreter to run (default: a console script\'s shebang, else python3)')
    .option('--python-path', 'print the folder to put on PYTHONPATH for `import gcdiag_capture`, and exit')
    .addHelpText('after', `
The program runs as \`python script.py\`, \`python -m module\` or its console script
would; its exit code becomes gcdiag's. A snapshot that fails (folder removed,
disk full) is one line on stderr: the program runs on and keeps its exit code.
--pid needs ptrace permission (same user and kernel.yama.ptrace_scope 0, or
root / CAP_SYS_PTRACE) and gdb before CPython 3.14.
From inside a program: PYTHONPATH=$(gcdiag capture --python-path) and
  import gcdiag_capture; gcdiag_capture.snapshot('heap.json')

Examples:
  gcdiag capture --out heap.json -- app.py --port 8080
  gcdiag capture --out heap.json -- -m http.server 8000
  gcdiag capture --tracemalloc --out tests.json -- pytest -x tests/
  gcdiag capture --on signal --out heap.json -- worker.py    # then: kill -USR1 <pid>
  gcdiag capture --pid 4242 --out live.json
  gcdiag capture --python python3.12 --layout friendly -- job.py`)
    .action(async (script: string | undefined, args: string[], opts: CaptureFlags) => {
      if (opts.pythonPath) {
        process.stdout.write(`${pythonDir()}\n`);
        return;
      }
      process.exitCode = await runCapture(planCapture(script, args, opts));
    });
}
