// Many traces against one interpreter at once (one interpreter start, one
// Pyodide load), each compared with the model run configured like it.
import { resolveInterpreter } from './interpreters.js';
import { runOracle, type OracleResult } from './run.js';
import { compareResults, type Comparison } from './compare.js';
import { replayTrace } from '../replay/replay.js';
import { profileVersion } from './against.js';
import type { Trace } from '../trace/schema.js';

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
  const { events, ...header } = item.trace;
  const model = replayTrace(item.name, header, events, { python: profileVersion(real.python), baseline: real.baseline });
  return { name: item.name, python: real.python, comparison: compareResults(model, real, real.baseline.permanent) };
}

/** One line per differing observable, for test failure messages. */
export function describeDifferences(o: BatchOutcome, max = 6): string {
  if (o.error) return `${o.name}: ${o.error}`;
  const diffs = o.comparison!.rows.filter((r) => !r.same).slice(0, max);
  const cut = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}…` : s);
  return `${o.name} (CPython ${o.python}): ${diffs.map((d) => `${d.item}: model ${cut(d.model)} vs CPython ${cut(d.cpython)}`).join('; ')}`;
}
