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
    }), { numRuns: 40 });
});
