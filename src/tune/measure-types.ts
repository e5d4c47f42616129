// What `gcdiag tune --measure` measures: one real run per candidate and round,
// and the medians over the rounds. The row fields mirror the predicted ones
// (collections per generation, GC time, largest pause, peak memory), so a
// reporter can put predicted and measured side by side.

/** A collector configuration to run the real program under. */
export type MeasureSetup =
  | { kind: 'thresholds'; thresholds: number[] }
  /** gc.freeze() at a gcdiag_capture.record.mark(name) call, or after N counted allocations. */
  | { kind: 'freeze'; at: { mark: string } | { allocations: number }; thresholds?: number[]; collectFirst?: boolean }
  /** gc.disable(), then gc.collect() each time the gen-0 counter exceeds `every`. */
  | { kind: 'collect-every'; every: number };

export interface MeasureCandidate {
  /** As the table shows it: "700,10,10", "freeze@warmup", "collect/100000". */
  label: string;
  setup: MeasureSetup;
}

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
export interface MeasuredMetrics {
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
  median: MeasuredMetrics;
  min: MeasuredMetrics;
  max: MeasuredMetrics;
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
