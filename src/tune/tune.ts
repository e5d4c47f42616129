// `gcdiag tune` core: open the input (a recording or an object trace), build
// the candidate list, evaluate every candidate, and return a TuneResult.
import { openSync, readSync, closeSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { inputFileSize } from '../files.js';
import { openRecording } from '../recording/read.js';
import { openTrace } from '../trace/load.js';
import type { Event } from '../trace/schema.js';
import { profileFor, DEFAULT_PYTHON, type Profile } from '../model/profiles.js';
import { parseCandidates, gridCandidates, withReferences, specLabel } from './candidates.js';
import { simulateRecording } from './simulate.js';
import { replayCandidates } from './trace-pool.js';
import { rebucket } from './series.js';
import { ruleChanges } from './versions.js';
import { markPareto, recommend, defaultMaxGarbage } from './choose.js';
import { DEFAULT_COST, gcTimeMs } from './cost.js';
import type { Candidate, CandidateResult, Cost, Series, Thresholds, TuneResult, OwnCheck } from './types.js';
import type { CandidateTotals } from './candidate-sim.js';

export interface TuneOptions {
  /** Candidate lists as given to --thresholds (each may hold several, space separated). */
  thresholds: string[];
  grid?: boolean;
  python?: string;
  /** --freeze-at MARK|N: adds a freeze candidate at the default thresholds. */
  freezeAt?: string;
  maxGarbage?: number;
  cost?: Cost;
  /** Object traces: replay candidates in a worker thread too when it helps (default true). */
  parallel?: boolean;
}

/**
 * Mean size of a cyclic garbage object (bytes), for peak garbage in bytes: the
 * objects of the parent<->child trees in fixtures/programs/steady_cycles.py on
 * python3 3.11.7 (instances 56 B + their dicts, children lists 56-88 B, plus the
 * 16-byte GC header each), averaged over the objects one collection frees.
 */
export const MEAN_GARBAGE_BYTES = 100;

export type InputKind = 'recording' | 'trace';

/** A recording or an object trace, judged by the first MB; neither is a one-line input error. */
export function sniff(file: string): InputKind {
  const size = inputFileSize(file);
  const buf = Buffer.alloc(Math.min(size, 1 << 20));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'recording';
  const m = /"format"\s*:\s*"(gcdiag-recording|gcdiag-trace)"/.exec(buf.toString('utf8'));
  if (m) return m[1] === 'gcdiag-recording' ? 'recording' : 'trace';
  throw new InputError(file, 'line 1', 'neither a gcdiag recording ("format": "gcdiag-recording", made by `gcdiag record`) nor a gcdiag trace ("format": "gcdiag-trace")');
}

function targetProfile(python: string | undefined, fallback: string): Profile {
  const p = profileFor(python ?? fallback);
  if (!p) throw new UsageError(`--python ${JSON.stringify(python ?? fallback)}: unknown CPython version (expected 3.4 to 3.13 or 3.14.0 to 3.14.x)`);
  return p;
}

function candidates(opts: TuneOptions, profile: Profile, recorded: Thresholds, ownVersion: boolean, ownLabel?: string): Candidate[] {
  const defaults = [...profile.thresholds] as Thresholds;
  const t2Ignored = profile.collector === 'incremental';
  const user = parseCandidates(opts.thresholds, defaults, t2Ignored);
  if (opts.freezeAt !== undefined) user.push(...parseCandidates([`freeze@${opts.freezeAt}`], defaults, t2Ignored));
  if (opts.grid) user.push(...gridCandidates(t2Ignored));
  return withReferences(recorded, defaults, user, ownVersion, ownLabel);
}

interface Evaluated {
  totals: CandidateTotals[];
  series: Series[];
  peakMemory: (i: number) => number | null;
  allocations: number;
  ownCheck: OwnCheck | null;
  notes: string[];
}

export async function tune(file: string, opts: TuneOptions): Promise<TuneResult> {
  const kind = sniff(file);
  return kind === 'recording' ? tuneRecording(file, opts) : tuneTrace(file, opts);
}

async function tuneRecording(file: string, opts: TuneOptions): Promise<TuneResult> {
  const rec = await openRecording(file);
  const h = rec.header;
  const recordedProfile = profileFor(h.python);
  if (!recordedProfile) throw new InputError(file, 'line 1 $.python', `CPython ${h.python} is not modelled (expected 3.4 to 3.14)`);
  const profile = targetProfile(opts.python, h.python);
  const own = profile === recordedProfile;
  const recorded = [...h.thresholds] as Thresholds;
  const cands = candidates(opts, profile, recorded, own);
  const runs = cands.map((candidate) => ({ candidate, profile }));
  // On another version, the recording's own policy on its own version is the baseline for memory.
  const baseline = own ? 0 : runs.push({ candidate: { label: specLabel({ kind: 'thresholds', thresholds: recorded }), spec: { kind: 'thresholds', thresholds: recorded }, role: 'recorded' }, profile: recordedProfile }) - 1;
  // One thread: splitting --grid's candidates over two threads (the second re-reading the recording) gave
  // identical results but no wall-clock gain on this shared 2-core machine (28.5 s either way, +2 s CPU).
  const out = await simulateRecording(file, h, rec.events(), runs);
  const notes: string[] = [];
  if (!h.exact) notes.push(`the recording is approximate (${h.reason ?? 'the GC state was not located'}): its path has one item per collection, so other thresholds can be far off (10x on churny programs)`);
  if (h.start.long_lived_total === null) notes.push('long_lived_total/pending were not recorded: the gen-2 "25 %" rule cannot be applied, every eligible full collection is predicted');
  if (out.setThresholdCalls) notes.push(`the program calls gc.set_threshold ${out.setThresholdCalls} time(s): each candidate replaces those calls (the recorded policy follows them)`);
  for (const c of cands) {
    const s = c.spec;
    if (s.kind === 'thresholds' && s.freeze && 'mark' in s.freeze && !out.marks.has(s.freeze.mark)) {
      notes.push(`candidate ${c.label}: the program never made the mark "${s.freeze.mark}" (marks seen: ${[...out.marks].join(', ') || 'none'}), so it never froze`);
    }
  }
  const baseTot = out.totals[baseline];
  const rss = out.end.max_rss_kb > 0 ? out.end.max_rss_kb * 1024 : null;
  const recordedStats = [0, 1, 2].map((g) => out.end.stats[g][0] - h.stats[g][0]) as Thresholds;
  const ownCheck: OwnCheck | null = own ? {
    recorded: recordedStats, predicted: out.totals[0].collections,
    exact: recordedStats.every((n, g) => n === out.totals[0].collections[g]),
    examinedRecorded: out.recordedExamined, examinedEstimated: out.totals[0].examinedTotal, recordedGcMs: out.recordedGcNs / 1e6,
  } : null;
  if (ownCheck && !ownCheck.exact) notes.push(`replaying the recording's own thresholds gives ${ownCheck.predicted.join('/')} collections, the run had ${ownCheck.recorded.join('/')}: predictions for other candidates are off by at least as much`);
  // Without --cost, the recording's own GC CPU time (measured inside each collection) sets the per-object cost.
  let cost = opts.cost;
  const recordedCollections = recordedStats[0] + recordedStats[1] + recordedStats[2];
  if (!cost && out.recordedExamined && out.recordedGcNs > 0) {
    const perObjectNs = (out.recordedGcNs - recordedCollections * DEFAULT_COST.perCollectionNs) / out.recordedExamined;
    if (perObjectNs > 0) cost = { ...DEFAULT_COST, perObjectNs: Math.round(perObjectNs * 10) / 10, source: 'recording', python: h.python };
  }
  const ev: Evaluated = {
    totals: out.totals.slice(0, cands.length), series: out.series.slice(0, cands.length), allocations: out.allocations, ownCheck, notes,
    peakMemory: (i) => (rss === null ? null : Math.max(0, rss + (out.totals[i].peakGarbage - baseTot.peakGarbage) * MEAN_GARBAGE_BYTES)),
  };
  return assemble(file, 'recording', h.python, recordedProfile, profile, recorded, cands, ev, { ...opts, cost }, h.sampler);
}

async function tuneTrace(file: string, opts: TuneOptions): Promise<TuneResult> {
  const src = await openTrace(file);
  const events: Event[] = [];
  for await (const b of src.events()) for (const e of b.events) events.push(e);
  const recordedVersion = src.header.python ?? null;
  const recordedProfile = targetProfile(undefined, recordedVersion ?? DEFAULT_PYTHON);
  const profile = targetProfile(opts.python, recordedVersion ?? DEFAULT_PYTHON);
  const recorded = [...(src.header.thresholds ?? recordedProfile.thresholds), ...recordedProfile.thresholds.slice((src.header.thresholds ?? []).length)].slice(0, 3) as Thresholds;
  const setsThresholds = events.some((e) => e.op === 'set_threshold' || (e.op === 'repeat' && e.body.some((b) => b.op === 'set_threshold')));
  const cands = candidates(opts, profile, recorded, profile === recordedProfile, setsThresholds ? 'as-run' : undefined);
  const defaults = [...profile.thresholds] as Thresholds;
  const runs = await replayCandidates(src, events, cands, { file, profile, defaults, recorded }, opts.parallel ?? true);
  const step = Math.max(...runs.map((r) => r.series.step));
  const allocations = Math.max(0, ...runs.map((r) => r.allocations));
  const notes = ['object trace: every candidate is an exact model replay; peak garbage is the most garbage one collection freed, and the mean garbage wait is not known'];
  if (setsThresholds) {
    notes.push('the trace calls gc.set_threshold: each candidate replaces those calls (the trace\'s own policy follows them)');
  }
  const ev: Evaluated = {
    totals: runs.map((r) => r.totals), series: runs.map((r) => rebucket(r.series, step)), allocations,
    ownCheck: null, notes, peakMemory: (i) => runs[i].peakBytes,
  };
  return assemble(file, 'trace', recordedVersion, recordedProfile, profile, recorded, cands, ev, opts, null);
}

function assemble(file: string, source: 'recording' | 'trace', recordedVersion: string | null, recordedProfile: Profile, profile: Profile,
  recorded: Thresholds, cands: Candidate[], ev: Evaluated, opts: TuneOptions, sampler: string | null): TuneResult {
  const cost = opts.cost ?? DEFAULT_COST;
  const defaults = [...profile.thresholds] as Thresholds;
  const results: CandidateResult[] = cands.map((candidate, i) => {
    const t = ev.totals[i];
    const n = t.collections[0] + t.collections[1] + t.collections[2];
    return {
      candidate, pareto: false,
      predicted: {
        collections: t.collections, collected: t.collected, examinedTotal: t.examinedTotal, examinedMax: t.examinedMax,
        examinedP50: t.examinedP50, examinedP99: t.examinedP99, gcTimeMs: gcTimeMs(cost, n, t.examinedTotal),
        peakMemoryBytes: ev.peakMemory(i), peakGarbageObjects: t.peakGarbage, peakGarbageBytes: t.peakGarbage * MEAN_GARBAGE_BYTES,
        meanGarbageWait: t.meanWait, series: ev.series[i],
      },
    };
  });
  markPareto(results);
  const defaultIndex = Math.max(0, cands.findIndex((c) => c.label === specLabel({ kind: 'thresholds', thresholds: defaults })));
  const maxGarbage = opts.maxGarbage ?? defaultMaxGarbage(results[defaultIndex].predicted.peakGarbageObjects);
  const notes = [...ev.notes];
  const changes = ruleChanges(recordedProfile, profile, sampler);
  if (profile.collector === 'incremental') notes.push(`CPython ${profile.versions}: t2 is ignored by the incremental collector; increments are approximated (see the rule changes)`);
  return {
    format: 'gcdiag-tune', version: 1, file, source,
    python: { recorded: recordedVersion, profile: profile.name, versions: profile.versions, collector: profile.collector, changes },
    recordedThresholds: recorded, defaultThresholds: defaults, allocations: ev.allocations, cost, maxGarbage,
    candidates: results, recommendation: recommend(results, defaultIndex, maxGarbage, defaults), ownCheck: ev.ownCheck, notes,
  };
}
