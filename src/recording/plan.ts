// `gcdiag record` options, checked before anything runs, and the interpreter
// probe: the argv of `python -m gcdiag_capture.record` (python/gcdiag_capture/record.py).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { checkOutPath } from '../files.js';

export interface RecordOptions {
  out?: string;
  python: string;
  approximate?: boolean;
  examined: boolean;
}

export interface RecordPlan {
  python: string;
  argv: string[];
  out: string;
  /** Where the trace is written until it is complete (renamed to `out`). */
  part: string;
}

/** `[python] script.py args` or `-m module args` (after --), with the options; usage errors exit 2. */
export function planRecord(script: string | undefined, args: string[], o: RecordOptions): RecordPlan {
  let python = o.python;
  // `gcdiag record -- python3.12 app.py`: the way the program is usually started.
  if (script !== undefined && isInterpreterName(script)) {
    python = script;
    [script, ...args] = args;
  }
  if (!o.out) throw new UsageError('record needs --out TRACE (NDJSON; gzip\'d when it ends in .gz)');
  checkOutPath(o.out, '--out', script !== undefined && script !== '-m' ? [script] : []);
  if (!script) throw new UsageError('record needs a program: gcdiag record --out TRACE -- [python] script.py [args...] | -m module [args...]');
  let target: string[];
  if (script === '-m') {
    if (!args.length) throw new UsageError('-m needs a module name: gcdiag record --out TRACE -- -m module [args...]');
    target = ['-m', ...args];
  } else {
    if (!existsSync(script) || !statSync(script).isFile()) throw new UsageError(`script not found: ${script}`);
    target = [script, ...args];
  }
  // Unpredictable and created exclusively by the recorder (O_EXCL): nothing planted there can redirect the write.
  const part = `${o.out}.${randomBytes(8).toString('hex')}.part`;
  const argv = ['-m', 'gcdiag_capture.record', '--out', o.out, '--part', part];
  if (o.approximate) argv.push('--approximate');
  if (!o.examined) argv.push('--no-examined');
  argv.push('--', ...target);
  return { python, argv, out: o.out, part };
}

export interface Interpreter {
  implementation: string;
  version: [number, number, number];
}

/** What the interpreter is; a UsageError (one line, exit 2) when it cannot be recorded. */
export function checkInterpreter(python: string): Interpreter {
  const r = spawnSync(python, ['-c', 'import platform; print(platform.python_implementation() + " " + platform.python_version())'], {
    encoding: 'utf8', timeout: 60_000,
  });
  if (r.error) throw new UsageError(`cannot run ${python}: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message}`);
  const m = /^(\S+) (\d+)\.(\d+)\.(\d+)/.exec(r.stdout.trim());
  if (r.status !== 0 || !m) throw new UsageError(`${python} does not answer as a Python interpreter (expected CPython 3.8 or newer)`);
  const version: [number, number, number] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (m[1] !== 'CPython') throw new UsageError(`${python} is ${m[1]} ${version.join('.')}: gcdiag record needs CPython (3.8 or newer)`);
  if (version[0] < 3 || (version[0] === 3 && version[1] < 8)) {
    throw new UsageError(`${python} is CPython ${version.join('.')}, too old: gcdiag record needs CPython 3.8 or newer`);
  }
  return { implementation: m[1], version };
}

/** python, python3, python3.12, pypy3, or a path to one. */
function isInterpreterName(arg: string): boolean {
  return /^(python|pypy)(\d+(\.\d+)*)?$/.test(basename(arg));
}
