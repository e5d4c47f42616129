// CPython's regrtest -R rule (Lib/test/libregrtest/refleak.py, check_rc_deltas):
// the test runs warm-ups + runs times; after each run the counter's delta from
// the previous run is recorded; the warm-ups' deltas are dropped, and the test
// leaks when every remaining delta is >= 1. "[3, 0, 0], [0, 1, 0],
// [8, -8, 1]" are false positives the rule ignores ("this is fine"); "[5, 5, 6]"
// and "[10, 1, 1]" leak. Here the counter is one type's count or bytes, the
// deltas are between consecutive snapshots, and an allowance (a budget) may
// raise the bar from 1 to allowance + 1.

export type Trend = 'leaks' | 'fluctuates' | 'steady' | 'shrinks';

/**
 * The measured deltas of a series of values taken after runs 1..k, of which
 * the first `warmup` were warm-ups: values[i] - values[i-1] for i >= max(warmup, 1).
 */
export function measuredDeltas(values: readonly number[], warmup: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(warmup, 1); i < values.length; i++) out.push(values[i] - values[i - 1]);
  return out;
}

/** Snapshots a series needs: the warm-ups, then at least one measured delta. */
export function snapshotsNeeded(warmup: number): number {
  return Math.max(warmup, 1) + 1;
}

/** regrtest: all(delta >= 1) leaks; any other non-zero delta is "fluctuates (this is fine)". */
export function trend(deltas: readonly number[], allowance = 0): Trend {
  if (deltas.length === 0) return 'steady';
  if (deltas.every((d) => d > allowance)) return 'leaks';
  if (deltas.some((d) => d > 0)) return 'fluctuates';
  return deltas.some((d) => d < 0) ? 'shrinks' : 'steady';
}
