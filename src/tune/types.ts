// The result of `gcdiag tune`: one entry per candidate GC policy, with the
// metrics the simulator predicts and room for the ones `tune --measure` measures
// on the real program. Every reporter (table, json, markdown) reads only this.

export type Thresholds = [number, number, number];

/** Where `gc.freeze()` happens: at a mark the program made, or after N counted allocations. */
export type FreezePoint = { mark: string } | { allocations: number };

/** One GC policy to evaluate. */
export type CandidateSpec =
  /** gc.set_threshold(t0, t1, t2), optionally with gc.freeze() at a point. */
  | { kind: 'thresholds'; thresholds: Thresholds; freeze?: FreezePoint }
  /** gc.disable() at the start and gc.collect() every `every` counted allocations. */
  | { kind: 'disable-collect'; every: number }
  /** gc.set_threshold(0): no automatic collection at all. */
  | { kind: 'off' };

export interface Candidate {
  /** As the user writes it on the command line: "5000,20,20", "freeze@warmup", "disable+collect/100000", "0". */
  label: string;
  spec: CandidateSpec;
  /** recorded: the recording's own policy (must reproduce it); default: the version's default thresholds. */
  role: 'recorded' | 'default' | 'user' | 'grid';
}

/** A small time series over the run, in equal steps of counted allocations, for the terminal chart. */
export interface Series {
  /** Counted allocations per step. */
  step: number;
  /** Collections (any generation) that started in each step. */
  collections: number[];
  /** Peak cyclic garbage waiting (objects) in each step. */
  garbage: number[];
}

/** What the simulator (or an exact model replay, for object traces) predicts for one candidate. */
export interface PredictedMetrics {
  /** Collections per generation, as gc.get_stats() would count them. */
  collections: Thresholds;
  /** Objects found unreachable per generation (the garbage each generation frees). */
  collected: Thresholds;
  /** Objects examined by all collections together (the collector's work). */
  examinedTotal: number;
  /** The largest collection (objects examined): the longest pause. */
  examinedMax: number;
  examinedP50: number;
  examinedP99: number;
  /** perCollectionNs * collections + perObjectNs * examined, in ms. */
  gcTimeMs: number;
  /** Peak memory of the process (bytes); null when the input has none (a recording made without it). */
  peakMemoryBytes: number | null;
  /** Most cyclic garbage waiting for a collection at any one time. */
  peakGarbageObjects: number;
  peakGarbageBytes: number;
  /** Mean time a garbage object waits to be freed, in counted allocations; null when not known. */
  meanGarbageWait: number | null;
  series: Series;
}

/** What `tune --measure` measured on the real program (medians over runs). Filled by the measure engineer's code. */
export interface MeasuredMetrics {
  runs: number;
  collections: Thresholds;
  /** Total time inside collections (gc.callbacks start..stop), ms. */
  gcTimeMs: number;
  /** The longest single collection, ms. */
  maxPauseMs: number;
  wallS: number;
  cpuS?: number;
  peakMemoryBytes: number | null;
  [extra: string]: unknown;
}

export interface CandidateResult {
  candidate: Candidate;
  predicted: PredictedMetrics;
  measured?: MeasuredMetrics;
  /** Not dominated on (examinedTotal, examinedMax, peakGarbageObjects) by any other candidate. */
  pareto: boolean;
}

export interface Recommendation {
  /** Index into TuneResult.candidates. */
  index: number;
  label: string;
  /** Ready to paste into the program, e.g. "gc.set_threshold(5000, 20, 20)". */
  paste: string;
  /** The change against the version's default thresholds, in words and numbers. */
  summary: string;
  /** gcTimeMs relative change against the default candidate (-0.4 = 40 % less). */
  gcTimeChange: number;
}

/** The per-collection costs behind gcTimeMs. */
export interface Cost {
  perCollectionNs: number;
  perObjectNs: number;
  /** "default" (measured on python3, README), "recording" (fitted to the recording's own GC CPU time) or the --cost file. */
  source: string;
  python: string | null;
}

/** Under its own thresholds the simulation must reproduce the recording: this says how well it did. */
export interface OwnCheck {
  recorded: Thresholds;
  predicted: Thresholds;
  exact: boolean;
  /** Estimated vs recorded objects examined, summed over the collections (null: not recorded). */
  examinedRecorded: number | null;
  examinedEstimated: number;
  /** GC CPU time the recorder measured inside collections, ms. */
  recordedGcMs: number | null;
}

export interface TuneResult {
  format: 'gcdiag-tune';
  version: 1;
  file: string;
  source: 'recording' | 'trace';
  python: {
    /** The version the input was recorded with (null: an object trace without one). */
    recorded: string | null;
    /** The profile the candidates were evaluated on. */
    profile: string;
    versions: string;
    collector: string;
    /** The rules that differ from the recorded version's (empty when evaluated on its own version). */
    changes: string[];
  };
  /** Thresholds the input ran with, and the evaluated version's defaults. */
  recordedThresholds: Thresholds;
  defaultThresholds: Thresholds;
  /** Counted allocations (positive counter changes) in the whole input. */
  allocations: number;
  cost: Cost;
  /** The --max-garbage limit the recommendation respects (objects). */
  maxGarbage: number;
  candidates: CandidateResult[];
  recommendation: Recommendation | null;
  ownCheck: OwnCheck | null;
  /** Caveats: version approximations, marks never seen, the program's own set_threshold calls… */
  notes: string[];
}
