// The CLI run in this process (src/cli.ts run()), its standard output and error
// captured: thousands of runs take seconds instead of the minutes that spawning
// `node bin/gcdiag.js` would. The streams are swapped only while a run is on.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';

// The built CLI (npm test builds first), as the binary runs it: worker threads
// (tune's pool, the parallel snapshot readers) start from dist/ files.
const { run } = await import(pathToFileURL(join(ROOT, 'dist', 'cli.js')).href) as typeof import('../../src/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU time of the run (this process, all threads): a busy machine slows the wall clock, not this. */
  cpuMs: number;
}

type Write = typeof process.stdout.write;

export async function runInProcess(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write, noColor: process.env.NO_COLOR };
  const capture = (into: string[]): Write => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as Write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.env.NO_COLOR = '1';
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let code: number;
  try {
    code = await run(['node', 'gcdiag', ...args]);
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    if (saved.noColor === undefined) delete process.env.NO_COLOR; else process.env.NO_COLOR = saved.noColor;
  }
  const cpu = process.cpuUsage(c0);
  return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}
