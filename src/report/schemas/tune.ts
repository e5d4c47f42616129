// The JSON reports of `gcdiag tune` (schema/tune-report.schema.json) and
// `gcdiag tune --measure` (schema/tune-measure-report.schema.json). The result
// types live in src/tune/types.ts and measure-types.ts, where the simulator
// builds them; the compile-time checks at the bottom keep these schemas and
// those types from drifting apart in either direction.
import { z } from 'zod';
import { envelope, Count } from './common.js';
import type { TuneResult } from '../../tune/types.js';
import type { MeasureReport } from '../../tune/measure-types.js';

const Triple = z.tuple([Count, Count, Count]);
const Thresholds = z.tuple([Count, Count, Count]).describe('gc.set_threshold(t0, t1, t2)');

const FreezePoint = z.union([z.object({ mark: z.string() }), z.object({ allocations: Count })]);
const CandidateSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('thresholds'), thresholds: Thresholds, freeze: FreezePoint.optional() }),
  z.object({ kind: z.literal('disable-collect'), every: Count }),
  z.object({ kind: z.literal('off') }),
]);
const Candidate = z.object({
  label: z.string().describe('as written on the command line: "5000,20,20", "freeze@warmup", "disable+collect/100000", "0"'),
  spec: CandidateSpec,
  role: z.enum(['recorded', 'default', 'user', 'grid']),
});

const Predicted = z.object({
  collections: Triple.describe('collections per generation, as gc.get_stats() counts them'),
  collected: Triple.describe('objects found unreachable per generation'),
  examinedTotal: Count.describe('objects examined by all collections (the collector\'s work)'),
  examinedMax: Count.describe('the largest collection: the longest pause'),
  examinedP50: z.number(),
  examinedP99: z.number(),
  gcTimeMs: z.number().describe('perCollectionNs * collections + perObjectNs * examined'),
  peakMemoryBytes: z.number().nullable(),
  peakGarbageObjects: Count,
  peakGarbageBytes: z.number(),
  meanGarbageWait: z.number().nullable().describe('counted allocations a garbage object waits to be freed'),
  series: z.object({ step: z.number(), collections: z.array(z.number()), garbage: z.array(z.number()) }),
});

const Measured = z.looseObject({
  runs: Count, collections: Triple, gcTimeMs: z.number(), maxPauseMs: z.number(), wallS: z.number(),
  cpuS: z.number().optional(), peakMemoryBytes: z.number().nullable(),
});

export const TuneReport = z.object({
  ...envelope('gcdiag-tune'),
  file: z.string(),
  source: z.enum(['recording', 'trace']),
  python: z.object({
    recorded: z.string().nullable(), profile: z.string(), versions: z.string(), collector: z.string(),
    changes: z.array(z.string()).describe('rules that differ from the recorded version\'s'),
  }),
  recordedThresholds: Thresholds,
  defaultThresholds: Thresholds,
  allocations: Count,
  cost: z.object({ perCollectionNs: z.number(), perObjectNs: z.number(), source: z.string(), python: z.string().nullable() }),
  maxGarbage: z.number(),
  candidates: z.array(z.object({ candidate: Candidate, predicted: Predicted, measured: Measured.optional(), pareto: z.boolean() })),
  recommendation: z.object({
    index: Count, label: z.string(), paste: z.string().describe('ready to paste, e.g. "gc.set_threshold(5000, 20, 20)"'),
    summary: z.string(), gcTimeChange: z.number().describe('against the default candidate: -0.4 = 40 % less'),
  }).nullable(),
  ownCheck: z.object({
    recorded: Triple, predicted: Triple, exact: z.boolean(),
    examinedRecorded: z.number().nullable(), examinedEstimated: z.number(), recordedGcMs: z.number().nullable(),
  }).nullable(),
  notes: z.array(z.string()),
});

const Figures = z.object({
  collections: Triple, collected: z.number(), gcTimeMs: z.number(), gcWallMs: z.number(), maxPauseMs: z.number(),
  wallS: z.number(), cpuS: z.number(), peakRssKb: z.number().nullable(),
});
const Run = z.object({
  python: z.string(), collections: z.array(z.number()), collected: z.array(z.number()), uncollectable: z.array(z.number()),
  stats: z.array(z.array(z.number())), pauseCpuNs: z.array(z.number()), pauseWallNs: z.array(z.number()),
  maxPauseCpuNs: z.number(), maxPauseWallNs: z.number(), wallNs: z.number(), cpuNs: z.number(),
  maxRssKb: z.number().nullable(), forcedCollections: z.number(), frozen: z.boolean(), exitCode: z.number().int(),
});

export const TuneMeasureReport = z.object({
  ...envelope('gcdiag-tune-measure'),
  python: z.string(),
  interpreter: z.string(),
  argv: z.array(z.string()),
  runsPerCandidate: Count,
  rows: z.array(z.object({ candidate: Candidate.pick({ label: true, spec: true }), median: Figures, min: Figures, max: Figures, runs: z.array(Run) })),
  trace: z.string().optional(),
  predicted: z.array(z.object({
    collections: Triple, gcTimeMs: z.number().optional(), maxPauseMs: z.number().optional(), peakRssKb: z.number().nullable().optional(),
  })).optional(),
});

// Drift check: what the simulator and the measurer build must type-check as the
// schema's input (a field added to the types and not here fails the build; the
// tests parse real reports strictly, which catches the other direction).
const tuneBuilt: (r: TuneResult) => z.input<typeof TuneReport> = (r) => r;
const measureBuilt: (r: MeasureReport) => z.input<typeof TuneMeasureReport> = (r) => r;
void tuneBuilt; void measureBuilt;
