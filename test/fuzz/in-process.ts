// The CLI run in this process (src/cli.ts run()), its standard output and error
// captured: thousands of runs take seconds instead of the minutes that spawning
// `node bin/gcdiag.js` would. The streams are swapped only while a run is on.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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

/**
 * A run that never returns would hold its test file until CI's time limit (a
 * synchronous loop never lets vitest's timeout fire): a watchdog thread reads a
 * heartbeat the runs write to shared memory and, when one run has been going
 * for WATCHDOG_S seconds, prints its command line (saved to CURRENT before
 * each run) and kills this process, so the file fails at once, naming the input.
 */
const WATCHDOG_S = Number(process.env.FUZZ_WATCHDOG_S ?? 300);
const CURRENT = join(tmpdir(), `gcdiag-fuzz-current-${process.pid}.json`);
const beat = new Int32Array(new SharedArrayBuffer(8)); // [running 0/1, run number]
let watchdog: Worker | undefined;

function startWatchdog(): void {
  watchdog = new Worker(`
    const { workerData } = require('node:worker_threads');
    const { readFileSync, writeSync } = require('node:fs');
    const { beat, limitS, current, pid } = workerData;
    let seen = -1, since = Date.now();
    setInterval(() => {
      const run = Atomics.load(beat, 1);
      if (!Atomics.load(beat, 0) || run !== seen) { seen = run; since = Date.now(); return; }
      if (Date.now() - since < limitS * 1000) return;
      let args = '?';
      try { args = readFileSync(current, 'utf8'); } catch {}
      writeSync(2, 'fuzz watchdog: run ' + run + ' has not returned in ' + limitS + ' s: gcdiag ' + args + '\\n');
      process.kill(pid, 'SIGKILL');
    }, 1000);
  `, { eval: true, workerData: { beat, limitS: WATCHDOG_S, current: CURRENT, pid: process.pid } });
  watchdog.unref();
  process.on('exit', () => rmSync(CURRENT, { force: true }));
}

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
  if (!watchdog) startWatchdog();
  writeFileSync(CURRENT, args.join(' '));
  Atomics.add(beat, 1, 1);
  Atomics.store(beat, 0, 1);
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.env.NO_COLOR = '1';
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let code: number;
  try {
    code = await run(['node', 'gcdiag', ...args]);
  } finally {
    Atomics.store(beat, 0, 0);
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    if (saved.noColor === undefined) delete process.env.NO_COLOR; else process.env.NO_COLOR = saved.noColor;
  }
  const cpu = process.cpuUsage(c0);
  return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}
