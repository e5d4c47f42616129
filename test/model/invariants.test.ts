// Property tests: on random traces, for every version profile, the model's heap
// stays consistent after every event (refcounts equal the references that
// exist, nothing reachable is freed, tracked objects are listed exactly once).
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { randomTrace } from '../../src/gen/random.js';
import { Replayer } from '../../src/replay/replay.js';
import { heapProblems } from '../../src/model/invariants.js';
import { Trace } from '../../src/trace/schema.js';

const PROFILES = ['2.7', '3.6', '3.8', '3.10', '3.11', '3.12', '3.13', '3.14.0', '3.14.2', '3.14.5'];

test('the heap stays consistent on random traces under every profile', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(...PROFILES), (seed, python) => {
    const { events, ...header } = Trace.parse(randomTrace({ seed, legacy: true, events: 150, unfreeze: true }));
    const r = new Replayer(`seed ${seed}`, header, { python, baseline: { permanent: 50, immortal: 0 } });
    for (const ev of events) {
      r.apply(ev);
      const problems = heapProblems(r.rt, 3);
      if (problems.length) throw new Error(`seed ${seed}, ${python}, after ${JSON.stringify(ev)}: ${problems.join('; ')}`);
    }
    expect(r.finish().end.liveObjects).toBe(r.rt.live);
  }), { numRuns: 60 });
});
