// Building small traces in code.
import { Trace, type Event, type TypeDecl } from '../../src/trace/schema.js';
import { replayTrace, type ReplayResult, type ReplayOptions } from '../../src/replay/replay.js';

export function trace(events: Event[], types: Record<string, TypeDecl> = {}, extra: Partial<Trace> = {}): Trace {
  return Trace.parse({ format: 'gcdiag-trace', version: 1, types, events, ...extra });
}

export function replay(t: Trace, python: string, opts: ReplayOptions = {}): ReplayResult {
  const { events, ...header } = t;
  return replayTrace('test', header, events, { python, ...opts });
}

export const collects = (r: ReplayResult) => r.observations.filter((o) => o.what === 'collect').map((o) => o.value);
