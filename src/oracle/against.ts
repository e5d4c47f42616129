// The core of `replay --against`: run a trace in a real interpreter and on the
// model configured like that run (version, baseline heap), then compare.
import { resolveInterpreter } from './interpreters.js';
import { runOracle } from './run.js';
import { compareResults, type Comparison } from './compare.js';
import { openTrace } from '../trace/load.js';
import type { Event } from '../trace/schema.js';
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
  // JSON or NDJSON: the interpreter gets the whole trace as one document.
  const src = await openTrace(file);
  const events: Event[] = [];
  const lines: (number | undefined)[] = [];
  for await (const b of src.events()) b.events.forEach((ev, i) => { events.push(ev); lines.push(b.lines?.[i]); });
  const doc: Record<string, unknown> = { ...src.header, events };
  if (opts.thresholds) doc.thresholds = opts.thresholds;
  const [real] = await runOracle(interp, [doc]);
  if (!real.ok) throw new InputError(file, '', `cannot run in ${spec} (CPython ${real.python}): ${real.error}`);
  const r = new Replayer(file, src.header, { python: opts.python ?? profileVersion(real.python), thresholds: opts.thresholds, baseline: real.baseline });
  events.forEach((ev, i) => r.apply(ev, lines[i]));
  const model = r.finish();
  return { interpreter: `${spec} (CPython ${real.python})`, model, comparison: compareResults(model, real, real.baseline.permanent) };
}
