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
