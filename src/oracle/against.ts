// The core of `replay --against`: run a trace in a real interpreter and on the
// model configured like that run (version, baseline heap), then compare.
import { readFileSync } from 'node:fs';
import { resolveInterpreter } from './interpreters.js';
import { runOracle } from './run.js';
import { compareResults, type Comparison } from './compare.js';
import { openJson } from '../trace/load.js';
import { Replayer, type ReplayResult } from '../replay/replay.js';
import { InputError } from '../errors.js';

export interface AgainstResult {
  interpreter: string;
  model: ReplayResult;
  comparison: Comparison;
}

export function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** The profile for a reported version: 3.14.x picks its micro family, others the minor. */
export function profileVersion(version: string): string {
  return version.startsWith('3.14.') ? version : minorOf(version);
}

export async function against(file: string, spec: string, opts: { python?: string; thresholds?: number[] }): Promise<AgainstResult> {
  const interp = resolveInterpreter(spec);
  const text = readFileSync(file, 'utf8');
  const src = openJson(file, text);
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (opts.thresholds) doc.thresholds = opts.thresholds;
  const [real] = await runOracle(interp, [doc]);
  if (!real.ok) throw new InputError(file, '', `cannot run in ${spec} (CPython ${real.python}): ${real.error}`);
  const r = new Replayer(file, src.header, { python: opts.python ?? profileVersion(real.python), thresholds: opts.thresholds, baseline: real.baseline });
  await r.applyAll(src.events());
  const model = r.finish();
  return { interpreter: `${spec} (CPython ${real.python})`, model, comparison: compareResults(model, real, real.baseline.permanent) };
}
