// What a collection costs: a fixed part per collection and a part per object
// examined. `--cost FILE` reads a "gcdiag-calibration" file (written by
// `gcdiag tune --calibrate`); without it, defaults measured on python3 3.11.7
// on this project's 2-core machine (README "gcdiag tune": how).
import { readCalibration } from './calibrate-schema.js';
import type { Cost } from './types.js';

/**
 * time.thread_time_ns() around gc.collect(0) of 0..10,000 fresh surviving
 * lists, best of 30 each (least squares: 6.8 us + 19.1 ns per object; an empty
 * generation 5.9 us) and gc.collect(2) of 1.3 M objects (84 ns per object: an
 * old heap misses the caches). 35 ns is between the young and old figures.
 */
export const DEFAULT_COST: Cost = { perCollectionNs: 6_000, perObjectNs: 35, source: 'default', python: null };

/** The cost a calibration file gives (its schema and errors: calibrate-schema.ts). */
export function readCost(file: string): Cost {
  const c = readCalibration(file);
  return { perCollectionNs: c.perCollectionNs, perObjectNs: c.perObjectNs, source: file, python: c.python };
}

export function gcTimeMs(cost: Cost, collections: number, examined: number): number {
  return (collections * cost.perCollectionNs + examined * cost.perObjectNs) / 1e6;
}
