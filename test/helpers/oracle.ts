// Shared by the per-interpreter oracle tests: random traces run in real CPython
// and on the model; every disagreement fails the test with its first differences.
import { expect } from 'vitest';
import { randomTrace, type GenOptions } from '../../src/gen/random.js';
import { compareBatch, describeDifferences, type BatchItem, type BatchOutcome } from '../../src/oracle/batch.js';

export const SEEDS = Number(process.env.GCDIAG_ORACLE_SEEDS ?? 500);
/** The floor: fewer random traces per build are for local runs, never for CI. */
export const REQUIRED_SEEDS = 500;

/** Interpreters with _testcapi.with_tp_del (legacy finalizers can be created). */
export function hasLegacy(spec: string): boolean {
  return spec === 'python3' || spec === 'pyodide-3.14';
}

export async function compareInChunks(spec: string, items: BatchItem[], chunk = 50): Promise<BatchOutcome[]> {
  const out: BatchOutcome[] = [];
  for (let i = 0; i < items.length; i += chunk) out.push(...(await compareBatch(spec, items.slice(i, i + chunk))));
  return out;
}

/**
 * Which generator features seed s turns on: half the traces use a legacy tp_del
 * class (where the interpreter can make one); every fourth adds weakref.finalize,
 * gc.unfreeze(), interpreter exit and long runs at the default thresholds.
 */
export function seedOptions(s: number, legacy: boolean, incremental = false): GenOptions {
  // (No gc.unfreeze() on the incremental collector: see GenOptions.unfreeze.)
  return { seed: s, legacy: legacy && s % 2 === 0, extras: s % 4 === 3, ...(incremental ? { unfreeze: false } : {}) };
}

export async function expectRandomTracesAgree(spec: string, seeds = SEEDS): Promise<void> {
  const items: BatchItem[] = [];
  for (let s = 0; s < seeds; s++) items.push({ name: `seed ${s}`, trace: randomTrace(seedOptions(s, hasLegacy(spec), spec === 'pyodide-3.14')) });
  if (process.env.CI) expect(seeds, `CI runs at least ${REQUIRED_SEEDS} random traces per build`).toBeGreaterThanOrEqual(REQUIRED_SEEDS);
  const out = await compareInChunks(spec, items);
  const bad = out.filter((o) => o.error || o.comparison!.differences > 0);
  expect(out.length).toBe(seeds);
  expect(bad.map((o) => describeDifferences(o)).slice(0, 10)).toEqual([]);
}
