// The rows and words shared by the tune reporters (table, markdown): which
// candidates to show, how to write their numbers, the header and notes.
import type { TuneResult, CandidateResult } from '../tune/types.js';

/** Shown rows: all of them, or for a long list (--grid) the references, the Pareto front and the recommendation. */
export const MAX_ROWS = 24;

export function shownRows(r: TuneResult): number[] {
  const all = r.candidates.map((_, i) => i);
  if (all.length <= MAX_ROWS) return all;
  return all.filter((i) => {
    const c = r.candidates[i];
    return c.pareto || c.candidate.role === 'recorded' || c.candidate.role === 'default' || c.candidate.role === 'user' || r.recommendation?.index === i;
  });
}

export function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e7) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e5) return `${Math.round(n / 1e3)}k`;
  return Math.round(n).toLocaleString('en-US');
}

export function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function mib(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 2 ** 20) return `${Math.round(bytes / 1024)} KiB`;
  const m = bytes / 2 ** 20;
  return m >= 100 ? `${m.toFixed(0)} MiB` : `${m.toFixed(1)} MiB`;
}

/** The candidate's label with its markers: * on the Pareto front, ◀ recommended; (recorded) / (default). */
export function label(r: TuneResult, i: number): string {
  const c = r.candidates[i];
  const role = c.candidate.role === 'recorded' ? ' (own)' : c.candidate.role === 'default' ? ' (default)' : '';
  return `${c.candidate.label}${role}${c.pareto ? ' *' : ''}${r.recommendation?.index === i ? ' ◀' : ''}`;
}

export function workRow(c: CandidateResult): string[] {
  const p = c.predicted;
  return [p.collections.join('/'), compact(p.examinedTotal), compact(p.examinedMax), compact(p.examinedP50), compact(p.examinedP99), ms(p.gcTimeMs)];
}

export const WORK_HEAD = ['gen 0/1/2', 'examined', 'largest', 'p50', 'p99', 'GC ms'];

export function memoryRow(c: CandidateResult): string[] {
  const p = c.predicted;
  return [mib(p.peakMemoryBytes), compact(p.peakGarbageObjects), mib(p.peakGarbageBytes), p.meanGarbageWait === null ? '—' : compact(p.meanGarbageWait)];
}

export const MEMORY_HEAD = ['peak memory', 'peak garbage', '≈ bytes', 'mean wait'];

export function headline(r: TuneResult): string {
  const what = r.source === 'recording' ? `recording of CPython ${r.python.recorded}` : `object trace${r.python.recorded ? ` (CPython ${r.python.recorded})` : ''}`;
  return `${r.file}: ${what}, thresholds ${r.recordedThresholds.join(',')}, ${compact(r.allocations)} counted allocations; ` +
    `${r.candidates.length} candidates on the CPython ${r.python.profile} rules (${r.python.versions}, default ${r.defaultThresholds.join(',')})`;
}

export function costLine(r: TuneResult): string {
  const c = r.cost;
  const from = c.source === 'default' ? 'defaults measured on python3 3.11.7; calibrate with `gcdiag tune --calibrate` and pass --cost FILE'
    : c.source === 'recording' ? 'per object: fitted to the GC CPU time the recording measured; --cost FILE overrides'
      : `from ${c.source}${c.python ? ` (CPython ${c.python})` : ''}`;
  return `GC ms = ${(c.perCollectionNs / 1000).toFixed(1)} µs per collection + ${c.perObjectNs} ns per object examined (${from})`;
}

export function ownCheckLine(r: TuneResult): string | null {
  const o = r.ownCheck;
  if (!o) return null;
  const same = o.exact ? `= the run's gc.get_stats() ${o.recorded.join('/')}` : `≠ the run's ${o.recorded.join('/')}`;
  const ex = o.examinedRecorded ? `; examined estimated ${compact(o.examinedEstimated)} vs recorded ${compact(o.examinedRecorded)} (${o.examinedEstimated >= o.examinedRecorded ? '+' : ''}${Math.round((o.examinedEstimated / o.examinedRecorded - 1) * 100)} %)` : '';
  const gc = o.recordedGcMs !== null ? `; recorded GC CPU ${ms(o.recordedGcMs)} ms` : '';
  return `Own thresholds replayed: ${o.predicted.join('/')} collections ${same}${ex}${gc}`;
}

export const LEGEND = '* Pareto front: no other candidate is better at once on objects examined in total,\n  in the largest collection and on peak garbage.   ◀ recommended';
