// The fast tier's fuzz run: 500 mutated fixture traces and snapshots through
// every analysing command and format, in-process (~30 s), and 10 spawned.
// The oracle tier runs 10,000 (test/oracle-tier/fuzz.test.ts).
import { describe } from 'vitest';
import { fuzzSuite } from './suite.js';
import { fixtureSeeds } from './corpus.js';

describe('fuzz (fast tier)', () => {
  fuzzSuite({ inputs: 500, chunk: 250, spawned: 10, seed: 20261207, seeds: fixtureSeeds });
});
