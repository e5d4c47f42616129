// `gcdiag capture` options, checked before anything runs and turned into the
// argv of `python -m gcdiag_capture` (python/gcdiag_capture/_runner.py).
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { checkOutPath } from '../files.js';

export const CAPTURE_WHEN = ['exit', 'signal'] as const;
export const CAPTURE_LAYOUTS = ['columnar', 'friendly'] as const;

export interface CaptureOptions {
  out?: string;
  on: string;
  label?: string;
  collectFirst?: boolean;
  layout: string;
  python: string;
}

export interface CapturePlan {
  python: string;
  argv: string[];
  /** Forward SIGUSR1 to the child (it writes a numbered snapshot on each). */
  onSignal: boolean;
}

/** Validate options and the script; the argv to run (usage errors exit 2). */
export function planCapture(script: string | undefined, args: string[], o: CaptureOptions): CapturePlan {
  // `gcdiag capture -- python3.12 app.py`: the way the program is usually started,
  // so a leading interpreter is taken as --python.
  let python = o.python;
  if (script !== undefined && isInterpreterName(script)) {
    python = script;
    [script, ...args] = args;
  }
  if (!script) throw new UsageError('capture needs a script: gcdiag capture [options] -- script.py [args...]');
  if (!existsSync(script) || !statSync(script).isFile()) throw new UsageError(`script not found: ${script}`);
  checkOutPath(o.out, '--out', [script]);
  const when = o.on.split(',').map((w) => w.trim()).filter(Boolean);
  if (when.length === 0 || when.some((w) => !(CAPTURE_WHEN as readonly string[]).includes(w))) {
    throw new UsageError(`--on expects exit, signal or exit,signal (got ${JSON.stringify(o.on)})`);
  }
  if (!(CAPTURE_LAYOUTS as readonly string[]).includes(o.layout)) {
    throw new UsageError(`--layout expects ${CAPTURE_LAYOUTS.join(' or ')} (got ${JSON.stringify(o.layout)})`);
  }
  if (when.includes('signal') && process.platform === 'win32') {
    throw new UsageError('--on signal needs SIGUSR1, which Windows does not have');
  }
  const argv = ['-m', 'gcdiag_capture', '--on', when.join(','), '--layout', o.layout];
  if (o.out) argv.push('--out', o.out);
  if (o.label !== undefined) argv.push('--label', o.label);
  if (o.collectFirst) argv.push('--collect-first');
  argv.push('--', script, ...args);
  return { python, argv, onSignal: when.includes('signal') };
}

/** python, python3, python3.12, pypy3, or a path to one. */
function isInterpreterName(arg: string): boolean {
  return /^(python|pypy)(\d+(\.\d+)*)?$/.test(basename(arg));
}
