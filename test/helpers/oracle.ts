// Shared by the random-trace oracle tests of both tiers: seeded random traces run
// in a real interpreter and on the model; every disagreement fails the test with
// its first differences. The fast tier (test/oracle/) runs the first FAST_SEEDS
// seeds of each build, the oracle tier (test/oracle-tier/) all of them; both
// split their seeds into chunks of CHUNK, one test (and one interpreter start)
// each, so no single test runs long enough to meet the timeout on a busy machine.
import { test, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomTrace, type GenOptions } from '../../src/gen/random.js';
import { compareBatch, describeDifferences, type BatchItem } from '../../src/oracle/batch.js';

/** The oracle tier's traces per build (fewer only for local runs: CI refuses them). */
export const SEEDS = Number(process.env.GCDIAG_ORACLE_SEEDS ?? 500);
/** The floor for the oracle tier in CI. */
export const REQUIRED_SEEDS = 500;
/** Native 3.7-3.10, 3.12, 3.13: fewer traces (their profiles share 3.11's and 3.12's code). */
export const OLDER_SEEDS = Math.min(200, SEEDS);
/** The fast tier's traces per build: the first seeds of the oracle tier's. */
export const FAST_SEEDS = 24;
/** Traces per test and per interpreter start (a long-lived native process slows down). */
export const CHUNK = 50;

/** One interpreter the random traces run in, with the generator features it can run. */
export interface Build {
  spec: string;
  label: string;
  options(seed: number): GenOptions;
  /** Why the build cannot run here (the tests are reported as skipped). */
  missing?: string;
}

/** Interpreters with _testcapi.with_tp_del (legacy finalizers can be created). */
export function hasLegacy(spec: string): boolean {
  return spec === 'python3' || spec === 'pyodide-3.14';
}

/**
 * Which generator features seed s turns on: half the traces use a legacy tp_del
 * class (where the interpreter can make one); every fourth adds weakref.finalize,
 * gc.unfreeze(), interpreter exit and long runs at the default thresholds.
 */
export function seedOptions(s: number, legacy: boolean, incremental = false): GenOptions {
  // (No gc.unfreeze() on the incremental collector: see GenOptions.unfreeze.)
  return { seed: s, legacy: legacy && s % 2 === 0, extras: s % 4 === 3, ...(incremental ? { unfreeze: false, tiny: false } : {}) };
}

/** python3 or a Pyodide build ("pyodide-3.13"). */
export function build(spec: string): Build {
  return { spec, label: spec, options: (s) => seedOptions(s, hasLegacy(spec), spec === 'pyodide-3.14') };
}

/**
 * Native CPython 3.7-3.10, 3.12 and 3.13 when installed (pyenv's default folder, or
 * GCDIAG_OLDER_PYTHONS as a colon-separated list of executables). Neither Pyodide
 * nor Debian ships them, so where they are missing the tests are skipped, not passed.
 */
export function nativeBuilds(): Build[] {
  return [7, 8, 9, 10, 12, 13].map((minor) => {
    const exe = findNative(minor);
    const tpDel = exe !== undefined && hasTestcapi(exe);
    // 3.7/3.8: no gc.is_finalized(), and their weakref.finalize (an *args __init__) is not modelled.
    return {
      spec: exe ?? `python3.${minor}`,
      label: `native CPython 3.${minor}`,
      options: (s: number) => ({ ...seedOptions(s, tpDel), isFinalized: minor >= 9, finalize: minor >= 9 }),
      ...(exe ? {} : { missing: `no CPython 3.${minor} installed (pyenv or GCDIAG_OLDER_PYTHONS)` }),
    };
  });
}

function findNative(minor: number): string | undefined {
  const listed = (process.env.GCDIAG_OLDER_PYTHONS ?? '').split(':').filter(Boolean);
  const fromEnv = listed.find((p) => new RegExp(`3\\.${minor}(\\.|$|/)`).test(p));
  if (fromEnv) return fromEnv;
  const root = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (!existsSync(root)) return undefined;
  const dir = readdirSync(root).find((d) => d.startsWith(`3.${minor}.`));
  const exe = dir && join(root, dir, 'bin', 'python3');
  return exe && existsSync(exe) ? exe : undefined;
}

function hasTestcapi(exe: string): boolean {
  return spawnSync(exe, ['-c', 'import _testcapi; _testcapi.with_tp_del'], { stdio: 'ignore' }).status === 0;
}

/** Seeds from..to-1 agree with the build; every disagreement is listed (up to 10). */
export async function expectSeedsAgree(b: Build, from: number, to: number): Promise<void> {
  const items: BatchItem[] = [];
  for (let s = from; s < to; s++) items.push({ name: `seed ${s}`, trace: randomTrace(b.options(s)) });
  const out = await compareBatch(b.spec, items);
  const bad = out.filter((o) => o.error || o.comparison!.differences > 0);
  expect(out.length).toBe(to - from);
  expect(bad.map((o) => describeDifferences(o)).slice(0, 10)).toEqual([]);
}

/** Declares one test per chunk of seeds 0..seeds-1 (e.g. "seeds 0-49 agree with python3"). */
export function randomTraceTests(b: Build, seeds: number): void {
  for (let from = 0; from < seeds; from += CHUNK) {
    const to = Math.min(seeds, from + CHUNK);
    const name = `random traces, seeds ${from}-${to - 1}, agree with ${b.label}`;
    if (b.missing) test.skip(`${name} (skipped: ${b.missing})`, () => {});
    else test(name, () => expectSeedsAgree(b, from, to));
  }
}

/** The oracle tier's guard: a CI run with fewer traces than the README claims fails. */
export function requireFullRunInCi(seeds: number, required: number): void {
  test.skipIf(!process.env.CI)(`CI runs at least ${required} random traces per build`, () => {
    expect(seeds, `GCDIAG_ORACLE_SEEDS=${process.env.GCDIAG_ORACLE_SEEDS} in CI`).toBeGreaterThanOrEqual(required);
  });
}
