// 10,000 mutated traces, snapshots and recordings per run, through replay,
// find-cycles, why, snapshot-diff, gate and tune in every format: the seeds are
// the fixtures plus a snapshot and a recording captured from python3. The base
// seed changes every run (printed in each test name and failure); FUZZ_SEED=N
// reruns a failing one. FUZZ_INPUTS overrides the count.
import { describe } from 'vitest';
import { fuzzSuite } from '../fuzz/suite.js';
import { fixtureSeeds, capturedSeeds } from '../fuzz/corpus.js';

const captured = capturedSeeds();
if (!captured.length) console.log('fuzz: python3 not found: no captured snapshot or recording among the seeds (fixtures only)');

describe('fuzz (oracle tier)', () => {
  fuzzSuite({
    inputs: Number(process.env.FUZZ_INPUTS ?? 10_000), chunk: 1000, spawned: 50,
    seed: Math.floor(Date.now() / 1000) % 1_000_000,
    seeds: () => [...fixtureSeeds(), ...captured],
  });
});
