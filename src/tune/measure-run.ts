// One real run: `python -m gcdiag_capture.measure --config … --out … -- target`
// in a fresh process, its result file read back. The program's output is kept
// (the tail) so that a failing run can show its own stderr.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturePythonPath } from '../capture/spawn.js';
import { UsageError } from '../errors.js';
import type { MeasuredRun } from './measure-types.js';
import type { CandidateSpec } from './types.js';

/** What to run: the interpreter and the program's argv (script.py args, or -m module args). */
export interface MeasureTarget {
  python: string;
  argv: string[];
}

/** A run whose program exited non-zero: its stderr and code are passed on. */
export class ProgramFailed extends Error {
  constructor(readonly exitCode: number, readonly stderr: string, label: string) {
    super(`the program failed under ${label} (exit code ${exitCode})`);
    this.name = 'ProgramFailed';
  }
}

const TAIL = 64 * 1024;

/** The JSON config _measure.py reads. */
export function setupConfig(s: CandidateSpec): Record<string, unknown> {
  switch (s.kind) {
    case 'thresholds': return { thresholds: s.thresholds, ...(s.freeze ? { freeze: s.freeze } : {}) };
    case 'off': return { thresholds: [0] };
    case 'disable-collect': return { collectEvery: s.every };
  }
}

/** "3.11.7" of the interpreter, or a usage error when it cannot run or is older than 3.8. */
export function interpreterVersion(python: string): string {
  let out: string;
  try {
    out = execFileSync(python, ['-c', 'import sys; sys.stdout.write("%d.%d.%d" % sys.version_info[:3])'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const why = err.code === 'ENOENT' ? 'not found' : (String(err.stderr ?? '').trim().split('\n')[0] || err.message.split('\n')[0]);
    throw new UsageError(`cannot run ${python}: ${why}`);
  }
  const [maj, min] = out.split('.').map(Number);
  if (!(maj === 3 && min >= 8)) throw new UsageError(`${python} is Python ${out}: measuring needs CPython 3.8 or newer`);
  return out;
}

export function runMeasured(target: MeasureTarget, setup: CandidateSpec, label: string): Promise<MeasuredRun> {
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-measure-'));
  const out = join(dir, 'run.json');
  const argv = ['-m', 'gcdiag_capture.measure', '--config', JSON.stringify(setupConfig(setup)), '--out', out, '--', ...target.argv];
  return new Promise<MeasuredRun>((resolve, reject) => {
    const child = spawn(target.python, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONPATH: capturePythonPath() },
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr = (stderr + s).slice(-TAIL); });
    const stop = (sig: NodeJS.Signals) => () => { child.kill(sig); };
    const handlers = (['SIGINT', 'SIGTERM'] as const).map((sig) => [sig, stop(sig)] as const);
    for (const [sig, h] of handlers) process.on(sig, h);
    const done = () => { for (const [sig, h] of handlers) process.off(sig, h); };
    child.on('error', (e) => {
      done();
      rmSync(dir, { recursive: true, force: true });
      reject(new UsageError(`cannot run ${target.python}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      try {
        if (code !== 0) {
          reject(new ProgramFailed(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), stderr, label));
          return;
        }
        let text: string;
        try {
          text = readFileSync(out, 'utf8');
        } catch {
          reject(new ProgramFailed(1, `${stderr}gcdiag: the program ended without a measurement (os._exit?)\n`, label));
          return;
        }
        resolve(JSON.parse(text) as MeasuredRun);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
