// Synthetic traces for the benchmark: mostly short-lived objects (created,
// linked, dropped), some kept, an occasional cycle - the shape of a service's
// request handling.
import type { Event, TraceHeader } from '../trace/schema.js';
import { rng } from '../gen/random.js';

export const BENCH_HEADER: TraceHeader = {
  format: 'gcdiag-trace', version: 1, description: 'benchmark workload',
  types: { Request: { fields: ['parent', 'body'] }, Node: { slots: true, fields: ['next'] } },
};

/** Events in order; ids are integers. About 10% of objects live on, 1% are cyclic garbage. */
export function* benchEvents(n: number, seed = 1): Generator<Event> {
  const r = rng(seed);
  let id = 0;
  let emitted = 0;
  let kept = 0;
  while (emitted < n) {
    const roll = r();
    const req = id++;
    yield { op: 'new', id: req, type: 'Request', bind: 'req' };
    const body = id++;
    yield { op: 'new', id: body, type: 'list', bind: 'body' };
    yield { op: 'set', obj: req, field: 'body', to: body };
    emitted += 3;
    if (roll < 0.01) {
      yield { op: 'set', obj: req, field: 'parent', to: req };
      emitted++;
    } else if (roll < 0.11) {
      yield { op: 'bind', var: `keep${kept++ % 100000}`, to: req };
      emitted++;
    }
    yield { op: 'unbind', vars: ['req', 'body'] };
    emitted++;
  }
}

export function ndjsonLines(n: number, seed = 1): Generator<string> {
  return (function* () {
    yield JSON.stringify(BENCH_HEADER);
    for (const ev of benchEvents(n, seed)) yield JSON.stringify(ev);
  })();
}
