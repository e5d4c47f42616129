// Many traces against one interpreter at once (one interpreter start, one
// Pyodide load), each compared with the model run configured like it.
import { resolveInterpreter } from './interpreters.js';
import { runOracle, type OracleResult } from './run.js';
import { compareResults, type Comparison } from './compare.js';
import { replayTrace } from '../replay/replay.js';
import { profileVersion } from './against.js';
import { Trace } from '../trace/schema.js';
import { InputError } from '../errors.js';

export interface BatchItem {
  name: string;
  trace: Trace;
}

export interface BatchOutcome {
  name: string;
  python: string;
  /** Set when the interpreter could not run the trace. */
  error?: string;
  comparison?: Comparison;
}

export async function compareBatch(spec: string, items: BatchItem[]): Promise<BatchOutcome[]> {
  const interp = resolveInterpreter(spec);
  const real = await runOracle(interp, items.map((i) => i.trace));
  return items.map((item, k) => compareOne(item, real[k]));
}

export function compareOne(item: BatchItem, real: OracleResult): BatchOutcome {
  if (!real.ok) return { name: item.name, python: real.python, error: real.error };
  const { events, ...header } = Trace.parse(item.trace);
  let model;
  try {
    model = replayTrace(item.name, header, events, { python: profileVersion(real.python), baseline: real.baseline });
  } catch (e) {
    // CPython ran it and the model refused it: a disagreement like any other.
    if (e instanceof InputError) return { name: item.name, python: real.python, error: `the model refused it: ${e.message}` };
    throw e;
  }
  return { name: item.name, python: real.python, comparison: compareResults(model, real, real.baseline.permanent) };
}

/** One line per differing observable, for test failure messages. */
export function describeDifferences(o: BatchOutcome, max = 6): string {
  if (o.error) return `${o.name}: ${o.error}`;
  const diffs = o.comparison!.rows.filter((r) => !r.same).slice(0, max);
  return `${o.name} (CPython ${o.python}): ${diffs.map((d) => `${d.item}: ${contrast(d.model, d.cpython)}`).join('; ')}`;
}

/** Short text for two differing values: long lists are shown around their first difference. */
function contrast(model: string, cpython: string): string {
  const cut = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}…` : s);
  try {
    const a = JSON.parse(model) as unknown;
    const b = JSON.parse(cpython) as unknown;
    if (Array.isArray(a) && Array.isArray(b) && (a.length > 8 || b.length > 8)) {
      let i = 0;
      while (i < a.length && i < b.length && JSON.stringify(a[i]) === JSON.stringify(b[i])) i++;
      const part = (x: unknown[]) => JSON.stringify(x.slice(Math.max(0, i - 2), i + 4));
      return `lists differ at [${i}] (lengths ${a.length}/${b.length}): model …${part(a)}… vs CPython …${part(b)}…`;
    }
  } catch {
    // not JSON: show as text
  }
  return `model ${cut(model)} vs CPython ${cut(cpython)}`;
}
