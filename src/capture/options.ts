// `gcdiag capture` options, checked before anything runs and turned into the
// argv of python/gcdiag_capture/_boot.py (which starts _runner.py without the
// working folder on sys.path: a json.py or gcdiag_capture.py there stays unseen).
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { checkOutPath } from '../files.js';
import { pythonDir } from '../oracle/paths.js';
import { resolveTarget } from './target.js';

export const CAPTURE_WHEN = ['exit', 'signal'] as const;
export const CAPTURE_LAYOUTS = ['columnar', 'friendly'] as const;

export interface CaptureOptions {
  out?: string;
  on: string;
  label?: string;
  collectFirst?: boolean;
  layout: string;
  /** Default: the console script's shebang interpreter, else python3. */
  python?: string;
  pid?: string;
  /** true, or a frame count (commander's optional value). */
  tracemalloc?: boolean | string;
}

export interface CapturePlan {
  python: string;
  argv: string[];
  /** Forward SIGUSR1 to the child (it writes a numbered snapshot on each). */
  onSignal: boolean;
}

export function bootScript(): string {
  return join(pythonDir(), 'gcdiag_capture', '_boot.py');
}

/** Validate options and the program; the argv to run (usage errors exit 2). */
export function planCapture(script: string | undefined, args: string[], o: CaptureOptions): CapturePlan {
  checkOut(o.out);
  const common = ['--layout', layoutOf(o.layout)];
  if (o.label !== undefined) common.push('--label', o.label);
  if (o.collectFirst) common.push('--collect-first');
  if (o.pid !== undefined) return planAttach(script, o, common);
  let frames = 0;
  if (typeof o.tracemalloc === 'string' && !/^\d+$/.test(o.tracemalloc)) {
    // `--tracemalloc app.py`: commander took the script as the option's value.
    [script, args] = [o.tracemalloc, script === undefined ? args : [script, ...args]];
    frames = 1;
  } else if (o.tracemalloc !== undefined && o.tracemalloc !== false) {
    frames = o.tracemalloc === true ? 1 : Number(o.tracemalloc);
    if (!(frames >= 1 && frames <= 1000)) throw new UsageError(`--tracemalloc expects a frame count from 1 to 1000 (got ${o.tracemalloc})`);
  }
  // `gcdiag capture -- python3.12 app.py`: the way the program is usually started,
  // so a leading interpreter is taken as --python.
  let python = o.python;
  if (script !== undefined && isInterpreterName(script)) {
    python = script;
    [script, ...args] = args;
  }
  const target = resolveTarget(script, args);
  checkOutPath(o.out, '--out', target.kind === 'script' ? [target.name] : []);
  const when = o.on.split(',').map((w) => w.trim()).filter(Boolean);
  if (when.length === 0 || when.some((w) => !(CAPTURE_WHEN as readonly string[]).includes(w))) {
    throw new UsageError(`--on expects exit, signal or exit,signal (got ${JSON.stringify(o.on)})`);
  }
  if (when.includes('signal') && process.platform === 'win32') {
    throw new UsageError('--on signal needs SIGUSR1, which Windows does not have');
  }
  const argv = [bootScript(), '--on', when.join(','), ...common];
  if (o.out) argv.push('--out', o.out);
  if (frames) argv.push(`--tracemalloc=${frames}`);
  argv.push('--', ...(target.kind === 'module' ? ['-m', target.name] : [target.name]), ...target.args);
  return { python: python ?? target.shebangPython ?? 'python3', argv, onSignal: when.includes('signal') };
}

/** --pid: python/gcdiag_capture/_attach.py does the rest (gdb, or sys.remote_exec on 3.14+). */
function planAttach(script: string | undefined, o: CaptureOptions, common: string[]): CapturePlan {
  const pid = o.pid!;
  if (script !== undefined) throw new UsageError('--pid attaches to a running process: give no program to run');
  if (!/^\d+$/.test(pid) || Number(pid) <= 0) throw new UsageError(`--pid expects a process id (got ${JSON.stringify(pid)})`);
  if (o.tracemalloc !== undefined) throw new UsageError('--tracemalloc starts tracing when gcdiag starts the program: it cannot apply to --pid');
  if (o.on !== 'exit') throw new UsageError('--on applies to a program gcdiag starts: --pid takes one snapshot now');
  try {
    process.kill(Number(pid), 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') throw new UsageError(`--pid ${pid}: no such process`);
  }
  checkOutPath(o.out);
  // The target writes the file from its own working folder: an absolute path.
  const argv = [bootScript(), '--pid', pid, ...common];
  if (o.out) argv.push('--out', resolve(o.out));
  return { python: o.python ?? 'python3', argv, onSignal: false };
}

function checkOut(out: string | undefined): void {
  if (out === '') throw new UsageError('--out needs a file name');
  if (out === '-') throw new UsageError('--out -: a snapshot is written to a file, not to standard output');
}

function layoutOf(layout: string): string {
  if (!(CAPTURE_LAYOUTS as readonly string[]).includes(layout)) {
    throw new UsageError(`--layout expects ${CAPTURE_LAYOUTS.join(' or ')} (got ${JSON.stringify(layout)})`);
  }
  return layout;
}

/** python, python3, python3.12, pypy3, or a path to one. */
function isInterpreterName(arg: string): boolean {
  return /^(python|pypy)(\d+(\.\d+)*)?$/.test(basename(arg));
}
