// Run `python -m gcdiag_capture …` with the package on PYTHONPATH, passing
// SIGUSR1 (snapshot now), SIGINT and SIGTERM on to the child.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { constants } from 'node:os';
import { pythonDir } from '../oracle/paths.js';
import { UsageError } from '../errors.js';
import type { CapturePlan } from './options.js';

/** PYTHONPATH with the folder that holds gcdiag_capture first. */
export function capturePythonPath(existing = process.env.PYTHONPATH): string {
  return existing ? `${pythonDir()}${delimiter}${existing}` : pythonDir();
}

/** Resolves to the child's exit code (128 + signal number if a signal ended it). */
export function runCapture(plan: CapturePlan): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(plan.python, plan.argv, {
      stdio: 'inherit',
      env: { ...process.env, PYTHONPATH: capturePythonPath() },
    });
    const forwarded: NodeJS.Signals[] = plan.onSignal ? ['SIGUSR1', 'SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM'];
    const pass = (sig: NodeJS.Signals) => () => { child.kill(sig); };
    const handlers = forwarded.map((sig) => [sig, pass(sig)] as const);
    for (const [sig, h] of handlers) process.on(sig, h);
    const done = () => { for (const [sig, h] of handlers) process.off(sig, h); };
    child.on('error', (e) => {
      done();
      reject(new UsageError(`cannot run ${plan.python}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? constants.signals[signal] ?? 0 : 0));
    });
  });
}
