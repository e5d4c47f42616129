// Option parsing shared by commands; bad values are usage errors (exit 2).
import { UsageError } from '../errors.js';

export function parseThresholds(s: string): number[] {
  const parts = s.split(',').map((p) => p.trim());
  if (parts.length < 1 || parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError(`--thresholds expects 1 to 3 non-negative integers separated by commas, e.g. 700,10,10 (got ${JSON.stringify(s)})`);
  }
  // gc.set_threshold takes C ints: CPython raises OverflowError above 2**31 - 1.
  if (parts.some((p) => Number(p) > 2147483647)) {
    throw new UsageError(`--thresholds: each value must be at most 2147483647 (a C int, as gc.set_threshold takes) (got ${JSON.stringify(s)})`);
  }
  return parts.map(Number);
}

export function pickFormat<F extends string>(s: string, formats: readonly F[]): F {
  if (!(formats as readonly string[]).includes(s)) {
    throw new UsageError(`--format expects one of ${formats.join(', ')} (got ${JSON.stringify(s)})`);
  }
  return s as F;
}
