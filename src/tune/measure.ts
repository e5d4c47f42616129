// `gcdiag tune --measure`: run the real program under each candidate, K rounds
// interleaved (A B C, A B C, …) so that a slow spell of the machine hits every
// candidate alike, one fresh process per run; medians and spread per metric.
import type { MeasureCandidate, MeasuredFigures, MeasuredRow, MeasuredRun, MeasureResult } from './measure-types.js';
import type { MeasuredMetrics } from './types.js';
import { runMeasured, interpreterVersion, type MeasureTarget } from './measure-run.js';

/** Five rounds: a median that one disturbed run cannot move, and a spread to judge ties by. */
export const DEFAULT_RUNS = 5;

export type RunFn = (target: MeasureTarget, c: MeasureCandidate) => Promise<MeasuredRun>;

export interface MeasureOptions {
  runs?: number;
  /** Called after each run (progress on stderr). */
  onRun?: (done: number, total: number, c: MeasureCandidate) => void;
  /** The runner (tests substitute one). */
  run?: RunFn;
  /** The interpreter's version when already known. */
  version?: string;
}

export async function measureCandidates(target: MeasureTarget, candidates: MeasureCandidate[], o: MeasureOptions = {}): Promise<MeasureResult> {
  const runs = o.runs ?? DEFAULT_RUNS;
  const run: RunFn = o.run ?? ((t, c) => runMeasured(t, c.spec, c.label));
  const python = o.run ? '' : (o.version ?? interpreterVersion(target.python));
  const perCandidate: MeasuredRun[][] = candidates.map(() => []);
  const total = runs * candidates.length;
  let done = 0;
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < candidates.length; i++) {
      perCandidate[i].push(await run(target, candidates[i]));
      o.onRun?.(++done, total, candidates[i]);
    }
  }
  return {
    format: 'gcdiag-tune-measure',
    version: 1,
    python: python || perCandidate[0]?.[0]?.python || '',
    interpreter: target.python,
    argv: target.argv,
    runsPerCandidate: runs,
    rows: candidates.map((c, i) => summarise(c, perCandidate[i])),
  };
}

/** The metrics of one run, in the units the tables show. */
export function runMetrics(r: MeasuredRun): MeasuredFigures {
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return {
    collections: [r.stats[0][0], r.stats[1][0], r.stats[2][0]],
    collected: r.stats[0][1] + r.stats[1][1] + r.stats[2][1],
    gcTimeMs: sum(r.pauseCpuNs) / 1e6,
    gcWallMs: sum(r.pauseWallNs) / 1e6,
    maxPauseMs: r.maxPauseCpuNs / 1e6,
    wallS: r.wallNs / 1e9,
    cpuS: r.cpuNs / 1e9,
    peakRssKb: r.maxRssKb,
  };
}

export function summarise(candidate: MeasureCandidate, runs: MeasuredRun[]): MeasuredRow {
  const m = runs.map(runMetrics);
  const pick = (f: (v: number[]) => number): MeasuredFigures => {
    const of = (get: (x: MeasuredFigures) => number) => f(m.map(get));
    const rss = m.map((x) => x.peakRssKb).filter((x): x is number => x !== null);
    return {
      collections: [of((x) => x.collections[0]), of((x) => x.collections[1]), of((x) => x.collections[2])],
      collected: of((x) => x.collected),
      gcTimeMs: of((x) => x.gcTimeMs),
      gcWallMs: of((x) => x.gcWallMs),
      maxPauseMs: of((x) => x.maxPauseMs),
      wallS: of((x) => x.wallS),
      cpuS: of((x) => x.cpuS),
      peakRssKb: rss.length ? f(rss) : null,
    };
  };
  return { candidate, median: pick(median), min: pick((v) => Math.min(...v)), max: pick((v) => Math.max(...v)), runs };
}

export function median(v: number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

type Ranged = Pick<MeasuredRow, 'median' | 'min' | 'max'>;

/**
 * The run-to-run spread of a measurement, relative: the median over the
 * candidates of their min–max range divided by their median. The machine's
 * noise hits every candidate of one program alike, so their ranges are pooled;
 * the median, so that one disturbed run does not make everything a tie.
 */
export function relativeSpread(rows: Ranged[]): number {
  const r = rows.filter((x) => x.median.gcTimeMs > 0).map((x) => (x.max.gcTimeMs - x.min.gcTimeMs) / x.median.gcTimeMs);
  return r.length ? median(r) : 0;
}

/**
 * Two candidates' measured GC times are a tie when their medians differ by no
 * more than the run-to-run spread: the wider of their own min–max ranges, or
 * the pooled relative spread of the whole measurement.
 */
export function gcTimesTie(a: Ranged, b: Ranged, spread: number): boolean {
  const d = Math.abs(a.median.gcTimeMs - b.median.gcTimeMs);
  const own = Math.max(a.max.gcTimeMs - a.min.gcTimeMs, b.max.gcTimeMs - b.min.gcTimeMs);
  return d <= own || d <= spread * Math.max(a.median.gcTimeMs, b.median.gcTimeMs);
}

/**
 * Candidates ordered by measured GC time (median), grouped into ties: the next
 * candidate joins the current group when it ties (gcTimesTie) with the group's
 * last one. Returns groups of row indexes.
 */
export function rankByGcTime(rows: Ranged[]): number[][] {
  const spread = relativeSpread(rows);
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].median.gcTimeMs - rows[b].median.gcTimeMs);
  const groups: number[][] = [];
  for (const i of order) {
    const g = groups[groups.length - 1];
    if (g && gcTimesTie(rows[g[g.length - 1]], rows[i], spread)) g.push(i);
    else groups.push([i]);
  }
  return groups;
}

/** A row as tune's result type holds it (CandidateResult.measured): medians, with the spread as extras. */
export function toMeasuredMetrics(row: MeasuredRow): MeasuredMetrics {
  const m = row.median;
  return {
    runs: row.runs.length, collections: m.collections, gcTimeMs: m.gcTimeMs, maxPauseMs: m.maxPauseMs,
    wallS: m.wallS, cpuS: m.cpuS, peakMemoryBytes: m.peakRssKb === null ? null : m.peakRssKb * 1024,
    gcTimeMsMin: row.min.gcTimeMs, gcTimeMsMax: row.max.gcTimeMs, gcWallMs: m.gcWallMs, collected: m.collected,
  };
}
