// Option parsing shared by commands; bad values are usage errors (exit 2).
import { UsageError } from '../errors.js';
import { C_INT_MAX } from '../trace/schema.js';

export function parseThresholds(s: string): number[] {
  const parts = s.split(',').map((p) => p.trim());
  if (parts.length < 1 || parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError(`--thresholds expects 1 to 3 non-negative integers separated by commas, e.g. 700,10,10 (got ${JSON.stringify(s)})`);
  }
  if (parts.some((p) => Number(p) > C_INT_MAX)) {
    throw new UsageError(`--thresholds: each value must be at most ${C_INT_MAX} (a C int, as gc.set_threshold takes) (got ${JSON.stringify(s)})`);
  }
  return parts.map(Number);
}

export function pickFormat<F extends string>(s: string, formats: readonly F[]): F {
  if (!(formats as readonly string[]).includes(s)) {
    throw new UsageError(`--format expects one of ${formats.join(', ')} (got ${JSON.stringify(s)})`);
  }
  return s as F;
}
