// Gating one series of censuses: per type, the regrtest -R rule on counts and
// on bytes (a series), or the budgets (a pair); the total bytes; cyclic
// garbage (a warning unless --fail-on-garbage); uncollectable objects (always fail).
import { measuredDeltas, trend, type Trend } from './rule.js';
import type { Census } from './census.js';
import type { Rules } from './rules.js';
import type { SeriesResult, TypeFinding } from './result.js';

export interface SeriesInput {
  test: string | null;
  censuses: Census[];
  warmup: number;
  rules: Rules;
}

/** Measured deltas and the baseline index: a pair compares its two snapshots, a series drops the warm-ups. */
function deltasOf(values: number[], pair: boolean, warmup: number): number[] {
  return pair ? [values[1] - values[0]] : measuredDeltas(values, warmup);
}

export function evaluateSeries(s: SeriesInput): SeriesResult {
  const { censuses, rules } = s;
  const pair = censuses.length === 2;
  const base = pair ? 0 : Math.max(s.warmup, 1) - 1;
  const last = censuses.length - 1;
  const types = new Set<string>();
  for (const c of censuses) for (const t of c.live.keys()) types.add(t);
  const findings: TypeFinding[] = [];
  const passed: string[] = [];
  let ignored = 0;
  const totals = censuses.map(() => 0);
  for (const type of [...types].sort()) {
    if (rules.ignored(type)) { ignored++; continue; }
    const counts = censuses.map((c) => c.live.get(type)?.count ?? 0);
    const bytes = censuses.map((c) => c.live.get(type)?.bytes ?? 0);
    bytes.forEach((b, i) => { totals[i] += b; });
    const budget = rules.budget(type);
    const countDeltas = deltasOf(counts, pair, s.warmup);
    const bytesDeltas = deltasOf(bytes, pair, s.warmup);
    const countTrend = trend(countDeltas, budget.count);
    const bytesTrend = trend(bytesDeltas, budget.bytes);
    const failed = countTrend === 'leaks' || bytesTrend === 'leaks';
    const grew = countDeltas.some((d) => d > 0) || bytesDeltas.some((d) => d > 0);
    if (!failed && !grew) { passed.push(type); continue; }
    findings.push({
      type, failed, counts, bytes, countDeltas, bytesDeltas, countTrend, bytesTrend, budget,
      verdict: failed ? (pair ? 'over budget' : 'leaks') : pair ? 'within budget' : 'fluctuates',
      growth: { count: counts[last] - counts[base], bytes: bytes[last] - bytes[base] },
    });
  }
  findings.sort((a, b) => Number(b.failed) - Number(a.failed) || b.growth.bytes - a.growth.bytes || b.growth.count - a.growth.count);
  const totalGrowth = totals[last] - totals[base];
  const totalFailed = rules.maxTotalBytesGrowth !== null && totalGrowth > rules.maxTotalBytesGrowth;
  const garbage = garbageOf(censuses, pair, s.warmup, rules.failOnGarbage);
  const lastCensus = censuses[last];
  const unc = lastCensus.uncollectable;
  const result: SeriesResult = {
    test: s.test, kind: lastCensus.kind, mode: pair ? 'pair' : 'series', files: censuses.map((c) => c.file), fullSnapshot: null,
    python: lastCensus.python, warmup: pair ? 0 : s.warmup, override: rules.override,
    gated: types.size - ignored, ignored, findings, passed,
    totalBytes: { perSnapshot: totals, growth: totalGrowth, budget: rules.maxTotalBytesGrowth, failed: totalFailed },
    garbage,
    uncollectable: {
      objects: unc.objects, failed: unc.objects > 0,
      types: [...unc.types].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count),
    },
    suppressed: [...lastCensus.suppressed].map(([id, objects]) => ({ id, objects })),
    notes: notesOf(censuses),
    failed: false,
  };
  result.failed = findings.some((f) => f.failed) || totalFailed || result.uncollectable.failed || garbage.failed;
  return result;
}

function garbageOf(censuses: Census[], pair: boolean, warmup: number, failOnGarbage: boolean): SeriesResult['garbage'] {
  const objects = censuses.map((c) => c.garbage.objects);
  const cycles = censuses.map((c) => c.garbage.cycles);
  // Typestats count what each run's own collection freed; a full snapshot holds the garbage not yet collected.
  const perRunCounts = censuses[0].kind === 'typestats';
  const measure = (xs: number[]): number[] => (perRunCounts ? (pair ? xs.slice(1) : xs.slice(Math.max(warmup, 1))) : deltasOf(xs, pair, warmup));
  const objectGrowth = measure(objects);
  const growing = (trend(objectGrowth) as Trend) === 'leaks';
  const cycleGrowth = cycles.every((c) => c !== null) ? measure(cycles as number[]) : null;
  return {
    objects, cycles, growing,
    perRun: { objects: growing ? Math.min(...objectGrowth) : 0, cycles: growing && cycleGrowth ? Math.max(0, Math.min(...cycleGrowth)) : null },
    failed: growing && failOnGarbage,
  };
}

function notesOf(censuses: Census[]): string[] {
  const notes: string[] = [];
  const pids = new Set(censuses.map((c) => c.pid));
  if (pids.size > 1) {
    notes.push('the snapshots come from different processes: per-type counts and bytes compare, object identity does not (an id is an address in its own process), so retainer paths cover all instances, not only new ones');
  }
  const versions = new Set(censuses.map((c) => c.python));
  if (versions.size > 1) notes.push(`patch releases differ (${[...versions].join(', ')}): object sizes may differ slightly`);
  return notes;
}
