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

/**
 * An object id as Python shows it: decimal (id(obj)) or hex (hex(id(obj)), the
 * 0x… in a repr); every option that takes an id should parse it here.
 */
export function parseObjectId(s: string, option = '--id'): number {
  const t = s.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${option} expects an object id, decimal or 0x hex (got ${JSON.stringify(s)})`);
  return n;
}
