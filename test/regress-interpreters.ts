// Interpreters and fixtures for the regression tests of issue 10's disagreement
// classes (test/regress-*.test.ts, test/oracle-tier/regress-*.test.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Trace } from '../src/trace/schema.js';
import { describeDifferences, type BatchItem, type BatchOutcome } from '../src/oracle/batch.js';

export const TRACES = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));

/** A regression fixture: fixtures/traces/[SUB/]regress-NAME.json. */
export function regressTrace(name: string, sub = ''): BatchItem {
  const file = join(TRACES, sub, `regress-${name}.json`);
  return { name, trace: Trace.parse(JSON.parse(readFileSync(file, 'utf8'))) };
}

/** Every regress-*.json that model and CPython agree on (refused/ and known-gaps/ hold the others). */
export function agreeingTraces(): BatchItem[] {
  return readdirSync(TRACES).filter((f) => /^regress-.*\.json$/.test(f)).sort()
    .map((f) => regressTrace(f.slice('regress-'.length, -'.json'.length)));
}

/** pyenv's CPython 3.MINOR (its default folder or PYENV_ROOT), found at run time. */
export function pyenvPython(minor: number): string | undefined {
  const root = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (!existsSync(root)) return undefined;
  const dir = readdirSync(root).filter((d) => d.startsWith(`3.${minor}.`)).sort().pop();
  const exe = dir && join(root, dir, 'bin', 'python3');
  return exe && existsSync(exe) ? exe : undefined;
}

/** Differences of the outcomes that did not agree, one line each (empty when all agree). */
export function disagreements(out: BatchOutcome[]): string[] {
  return out.filter((o) => o.error || o.comparison!.differences > 0).map((o) => describeDifferences(o));
}

/**
 * The oracle tier's check on one interpreter: every agreeing regression trace
 * agrees, and on the trashcan chain at most the order of the finalizers differs.
 */
export async function expectRegressionTracesAgree(spec: string, minor: number): Promise<void> {
  const { expect } = await import('vitest');
  const { compareBatch } = await import('../src/oracle/batch.js');
  // 3.7/3.8's weakref.finalize is not modelled (README, Known gaps).
  const items = agreeingTraces().filter(({ trace }) => minor >= 9 || !trace.events.some((e) => e.op === 'finalize'));
  const out = await compareBatch(spec, [...items, regressTrace('trashcan-chain', 'known-gaps')]);
  expect(out).toHaveLength(items.length + 1);
  const chain = out.pop()!;
  expect(disagreements(out)).toEqual([]);
  const rows = chain.comparison!.rows;
  // Up to 3.10 the __del__ calls' frames are GC objects, so the other order also
  // moves the gen-0 count (measured: by 3 on 3.8-3.10).
  const allowed = (item: string) => item.startsWith('call ') || (minor <= 10 && item === 'end gc.get_count()');
  expect(rows.filter((r) => !r.same && !allowed(r.item))).toEqual([]);
  const calls = rows.filter((r) => r.item.startsWith('call '));
  expect(calls.map((r) => r.model).sort()).toEqual(calls.map((r) => r.cpython).sort());
}
