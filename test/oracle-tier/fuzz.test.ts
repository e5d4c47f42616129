// 10,000 mutated traces, snapshots and recordings per run, through replay,
// find-cycles, why, snapshot-diff, gate and tune in every format: the seeds are
// the fixtures plus a snapshot and a recording captured from python3. The base
// seed changes every run outside CI (printed in each test name and failure);
// FUZZ_SEED=N reruns a failing one. FUZZ_INPUTS overrides the count.
import { describe } from 'vitest';
import { fuzzSuite } from '../fuzz/suite.js';
import { fixtureSeeds, capturedSeeds } from '../fuzz/corpus.js';

/** Passed all 10,000 inputs on 2026-12-07 after the fixes its predecessors' findings led to. */
const CI_SEED = 649398;

const captured = capturedSeeds();
if (!captured.length) console.log('fuzz: python3 not found: no captured snapshot or recording among the seeds (fixtures only)');

describe('fuzz (oracle tier)', () => {
  fuzzSuite({
    inputs: Number(process.env.FUZZ_INPUTS ?? 10_000), chunk: 1000, spawned: 50,
    // CI runs one base seed this suite passed whole (a new seed's first finding would hold back
    // every change in the same run); elsewhere a new seed each run keeps exploring.
    seed: process.env.CI ? CI_SEED : Math.floor(Date.now() / 1000) % 1_000_000,
    seeds: () => [...fixtureSeeds(), ...captured],
  });
});
