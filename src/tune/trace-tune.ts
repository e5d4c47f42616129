// Tuning on an object trace (fixtures/traces/*.json): one exact model replay
// per candidate. Examined objects, collections and peak memory are the model's
// own; peak garbage is the most one collection freed (the model does not
// track reachability between collections), the mean wait is not known.
import type { TraceSource } from '../trace/load.js';
import type { Event, BodyEvent } from '../trace/schema.js';
import { collectManual } from '../collector/collect.js';
import { freeze } from '../collector/control.js';
import { Replayer } from '../replay/replay.js';
import type { Profile } from '../model/profiles.js';
import { LogHistogram } from './histogram.js';
import { SeriesBuilder } from './series.js';
import type { Candidate, Thresholds, Series } from './types.js';
import type { CandidateTotals } from './candidate-sim.js';

export interface TraceRun {
  totals: CandidateTotals;
  series: Series;
  peakBytes: number;
  peakObjects: number;
  allocations: number;
  marks: number;
}

function initial(c: Candidate, defaults: Thresholds, recorded: Thresholds): Thresholds {
  const s = c.spec;
  if (s.kind === 'thresholds') return [...s.thresholds];
  if (s.kind === 'off') return [0, defaults[1], defaults[2]];
  return c.role === 'recorded' ? [...recorded] : [...defaults];
}

/** Replay the whole trace once for one candidate. `events` is the trace's event list (small traces: in memory). */
export function replayCandidate(file: string, src: Pick<TraceSource, 'header'>, events: Event[], c: Candidate, profile: Profile, defaults: Thresholds, recorded: Thresholds): TraceRun {
  const r = new Replayer(file, src.header, { profile, thresholds: initial(c, defaults, recorded) });
  const rt = r.rt;
  const spec = c.spec;
  let allocs = 0;
  let nextAt = spec.kind === 'disable-collect' ? spec.every : spec.kind === 'thresholds' && spec.freeze && 'allocations' in spec.freeze ? spec.freeze.allocations : Infinity;
  // Count GC allocations (_PyObject_GC_Link) for freeze@N and collect/N: wrap this runtime's own method.
  // The collection or freeze runs there, where a <= 3.11 automatic collection would.
  const link = rt.gcLink.bind(rt);
  rt.gcLink = () => {
    allocs++;
    link();
    if (allocs < nextAt || rt.gc.collecting) return;
    if (spec.kind === 'disable-collect') {
      collectManual(rt, 2);
      while (nextAt <= allocs) nextAt += spec.every;
    } else {
      freeze(rt);
      nextAt = Infinity;
    }
  };
  const series = new SeriesBuilder();
  let seen = 0;
  // Candidates replace the program's gc.set_threshold calls (and disable+collect its enable/disable).
  const keep = (ev: Event | BodyEvent): boolean => !((ev.op === 'set_threshold' && c.role !== 'recorded')
    || ((ev.op === 'enable' || ev.op === 'disable') && spec.kind === 'disable-collect'));
  if (spec.kind === 'disable-collect') r.apply({ op: 'disable' });
  for (const ev of events) {
    if (!keep(ev)) continue;
    r.apply(ev.op === 'repeat' ? { ...ev, body: ev.body.filter(keep) } : ev);
    while (seen < rt.collections.length) { series.collection(allocs); seen++; }
  }
  const res = r.finish();
  while (seen < rt.collections.length) { series.collection(allocs); seen++; }
  const hist = new LogHistogram();
  let total = 0;
  let max = 0;
  let peakGarbage = 0;
  for (const col of res.collections) {
    if (col.step === 'skipped' || col.step === 'mark') continue;
    total += col.examined;
    max = Math.max(max, col.examined);
    hist.add(col.examined);
    peakGarbage = Math.max(peakGarbage, col.collected + col.uncollectable);
  }
  // Garbage still waiting at the end (all of it, with automatic collection off): what one more full collection finds.
  const last = rt.collections.length;
  collectManual(rt, 2);
  const left = rt.collections[last];
  if (left) peakGarbage = Math.max(peakGarbage, left.collected + left.uncollectable);
  const st = res.end.stats;
  return {
    totals: {
      collections: [st[0].collections, st[1].collections, st[2].collections],
      collected: [st[0].collected, st[1].collected, st[2].collected],
      examinedTotal: total, examinedMax: max, examinedP50: hist.quantile(0.5), examinedP99: hist.quantile(0.99),
      peakGarbage, meanWait: null, froze: res.end.freezeCount > 0,
    },
    series: series.finish(0, allocs), peakBytes: res.end.peakBytes, peakObjects: res.end.peakObjects, allocations: allocs, marks: 0,
  };
}
