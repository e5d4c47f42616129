// What `gcdiag gate` finds, as data every reporter reads.
import type { Trend } from './rule.js';
import type { InputKind } from './census.js';
import type { RetainerPath } from '../analysis/paths.js';

export type TypeVerdict = 'leaks' | 'over budget' | 'fluctuates' | 'within budget';

export interface TypeFinding {
  type: string;
  verdict: TypeVerdict;
  failed: boolean;
  /** Per snapshot, in series order (0 where the type is absent). */
  counts: number[];
  bytes: number[];
  /** The measured deltas (a pair: one, current minus baseline). */
  countDeltas: number[];
  bytesDeltas: number[];
  countTrend: Trend;
  bytesTrend: Trend;
  budget: { count: number; bytes: number };
  /** From the baseline (the last warm-up snapshot) to the last snapshot. */
  growth: { count: number; bytes: number };
  /** Failing types with a full snapshot: the majority retainer path of the (new) instances. */
  path?: { path: RetainerPath; instances: number; of: number; newOnly: boolean };
  /** The most common allocation site of those instances (tracemalloc snapshots). */
  site?: { site: string; count: number };
}

export interface SeriesResult {
  /** The pytest test id, or null for a series of full snapshots. */
  test: string | null;
  kind: InputKind;
  mode: 'series' | 'pair';
  files: string[];
  /** The full snapshot used for retainer paths (the last of a series, or full.json beside typestats). */
  fullSnapshot: string | null;
  python: string;
  warmup: number;
  /** The config's `tests` key that applied. */
  override: string | null;
  /** Types compared (ignored ones aside). */
  gated: number;
  ignored: number;
  /** Failing types, then the ones that grew without failing (fluctuates, within budget), biggest growth first. */
  findings: TypeFinding[];
  /** Every other gated type (steady or shrinking): JUnit lists them as passing test cases. */
  passed: string[];
  totalBytes: { perSnapshot: number[]; growth: number; budget: number | null; failed: boolean };
  garbage: {
    /** Per snapshot: objects (typestats: freed by the collection before counting). */
    objects: number[];
    cycles: (number | null)[];
    /** Every measured run made cyclic garbage (a series of full snapshots: the set grew every run). */
    growing: boolean;
    /** The least growth over the measured runs. */
    perRun: { objects: number; cycles: number | null };
    failed: boolean;
  };
  uncollectable: { objects: number; types: { type: string; count: number }[]; failed: boolean };
  /** Objects the suppression list set aside in the last full snapshot, per entry. */
  suppressed: { id: string; objects: number }[];
  notes: string[];
  failed: boolean;
}

export interface GateResult {
  format: 'gcdiag-gate';
  version: 1;
  config: string | null;
  /** The suppression entries applied, with how each input kind is handled. */
  suppressionList: { version: number; entries: { id: string; why: string; snapshot: string; typestats: string }[] };
  series: SeriesResult[];
  failed: boolean;
}
