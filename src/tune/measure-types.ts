// What `gcdiag tune --measure` measures: one real run per candidate and round,
// and the medians over the rounds. The row fields mirror the predicted ones
// (collections per generation, GC time, largest pause, peak memory), so a
// reporter can put predicted and measured side by side.

import type { Candidate } from './types.js';

/** A candidate as `gcdiag tune` parses it (src/tune/candidates.ts): thresholds, freeze@…, disable+collect/N, 0. */
export type MeasureCandidate = Pick<Candidate, 'label' | 'spec'>;

/** One run as gcdiag_capture.measure reports it (python/gcdiag_capture/_measure.py). */
export interface MeasuredRun {
  python: string;
  collections: number[];
  collected: number[];
  uncollectable: number[];
  /** gc.get_stats() after minus before: [collections, collected, uncollectable] per generation. */
  stats: number[][];
  pauseCpuNs: number[];
  pauseWallNs: number[];
  maxPauseCpuNs: number;
  maxPauseWallNs: number;
  wallNs: number;
  cpuNs: number;
  maxRssKb: number | null;
  forcedCollections: number;
  frozen: boolean;
  exitCode: number;
}

/** The figures of one candidate, as a median (or min, or max) over its runs. */
export interface MeasuredFigures {
  collections: [number, number, number];
  collected: number;
  /** Thread CPU time inside collections (what the collector cost). */
  gcTimeMs: number;
  gcWallMs: number;
  maxPauseMs: number;
  wallS: number;
  cpuS: number;
  peakRssKb: number | null;
}

export interface MeasuredRow {
  candidate: MeasureCandidate;
  median: MeasuredFigures;
  min: MeasuredFigures;
  max: MeasuredFigures;
  runs: MeasuredRun[];
}

export interface MeasureResult {
  format: 'gcdiag-tune-measure';
  version: 1;
  python: string;
  /** The interpreter as given (python3, a path). */
  interpreter: string;
  argv: string[];
  runsPerCandidate: number;
  rows: MeasuredRow[];
}

/** What the model predicted for a candidate, for the side-by-side view (--trace). */
export interface PredictedFigures {
  collections: [number, number, number];
  gcTimeMs?: number;
  maxPauseMs?: number;
  peakRssKb?: number | null;
}

/** A measured result, with the predictions for the same candidates when a trace was given. */
export interface MeasureReport extends MeasureResult {
  trace?: string;
  predicted?: PredictedFigures[];
}
