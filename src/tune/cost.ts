// What a collection costs: a fixed part per collection and a part per object
// examined. `--cost FILE` reads a "gcdiag-calibration" file (written by
// `gcdiag tune --calibrate`); without it, defaults measured on python3 3.11.7
// on this project's 2-core machine (README "gcdiag tune": how).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { inputFileSize } from '../files.js';
import { describeZodError } from '../trace/errors.js';
import type { Cost } from './types.js';

export const Calibration = z.object({
  format: z.literal('gcdiag-calibration'),
  version: z.literal(1),
  python: z.string().min(1),
  perCollectionNs: z.number().nonnegative(),
  perObjectNs: z.number().nonnegative(),
});

/**
 * time.thread_time_ns() around gc.collect(0) of 0..10,000 fresh surviving
 * lists, best of 30 each (least squares: 6.8 us + 19.1 ns per object; an empty
 * generation 5.9 us) and gc.collect(2) of 1.3 M objects (84 ns per object: an
 * old heap misses the caches). 35 ns is between the young and old figures.
 */
export const DEFAULT_COST: Cost = { perCollectionNs: 6_000, perObjectNs: 35, source: 'default', python: null };

export function readCost(file: string): Cost {
  const size = inputFileSize(file);
  if (size > 1 << 20) throw new InputError(file, '', 'too big for a calibration file (expected a small "gcdiag-calibration" JSON object)');
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new InputError(file, '', 'not valid JSON (expected a "gcdiag-calibration" file from `gcdiag tune --calibrate`)');
  }
  const r = Calibration.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$');
    throw new InputError(file, where, expected);
  }
  return { perCollectionNs: r.data.perCollectionNs, perObjectNs: r.data.perObjectNs, source: file, python: r.data.python };
}

export function gcTimeMs(cost: Cost, collections: number, examined: number): number {
  return (collections * cost.perCollectionNs + examined * cost.perObjectNs) / 1e6;
}
