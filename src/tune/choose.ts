// Marking the Pareto front and choosing the recommendation.
import type { CandidateResult, Recommendation, CandidateSpec, Thresholds } from './types.js';

/** a dominates b: no worse on every axis, better on one (total work, largest pause, peak garbage). */
function dominates(a: CandidateResult, b: CandidateResult): boolean {
  const x = [a.predicted.examinedTotal, a.predicted.examinedMax, a.predicted.peakGarbageObjects];
  const y = [b.predicted.examinedTotal, b.predicted.examinedMax, b.predicted.peakGarbageObjects];
  return x.every((v, i) => v <= y[i]) && x.some((v, i) => v < y[i]);
}

export function markPareto(rs: CandidateResult[]): void {
  for (const r of rs) r.pareto = !rs.some((o) => o !== r && dominates(o, r));
}

/** --max-garbage when not given: the default thresholds' peak garbage, or 100,000 objects if that is more. */
export function defaultMaxGarbage(defaultPeak: number): number {
  return Math.max(100_000, defaultPeak);
}

export function pasteLine(spec: CandidateSpec, defaults: Thresholds): string {
  if (spec.kind === 'off') return 'gc.set_threshold(0)';
  if (spec.kind === 'disable-collect') return `gc.disable()  # then gc.collect() every ${spec.every.toLocaleString('en-US')} allocations`;
  const set = spec.thresholds.join() === defaults.join() ? '' : `gc.set_threshold(${spec.thresholds.join(', ')})`;
  if (!spec.freeze) return set || '# keep the default thresholds';
  const at = 'mark' in spec.freeze ? `at your "${spec.freeze.mark}" mark (after startup)` : `after ${spec.freeze.allocations.toLocaleString('en-US')} allocations`;
  return `${set ? `${set}; ` : ''}gc.freeze()  # ${at}`;
}

const pct = (a: number, b: number): string => (b === 0 ? (a === 0 ? '±0 %' : 'new') : `${a >= b ? '+' : '−'}${Math.abs(Math.round((a / b - 1) * 100))} %`);
const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The lowest estimated GC time whose peak garbage stays under the limit. */
export function recommend(rs: CandidateResult[], defaultIndex: number, maxGarbage: number, defaults: Thresholds): Recommendation | null {
  let best = -1;
  rs.forEach((r, i) => {
    if (r.predicted.peakGarbageObjects > maxGarbage) return;
    if (best < 0 || r.predicted.gcTimeMs < rs[best].predicted.gcTimeMs) best = i;
  });
  if (best < 0) return null;
  const b = rs[best].predicted;
  const d = rs[defaultIndex].predicted;
  const c = rs[best].candidate;
  const summary = best === defaultIndex
    ? `The default thresholds ${defaults.join(',')} are already the best candidate within the garbage limit (${n(maxGarbage)} objects).`
    : `Against the default ${defaults.join(',')}: estimated GC time ${d.gcTimeMs.toFixed(1)} → ${b.gcTimeMs.toFixed(1)} ms (${pct(b.gcTimeMs, d.gcTimeMs)}), ` +
      `collections ${d.collections.join('/')} → ${b.collections.join('/')}, largest collection ${n(d.examinedMax)} → ${n(b.examinedMax)} objects (${pct(b.examinedMax, d.examinedMax)}), ` +
      `peak garbage ${n(d.peakGarbageObjects)} → ${n(b.peakGarbageObjects)} objects (${pct(b.peakGarbageObjects, d.peakGarbageObjects)}).`;
  return {
    index: best, label: c.label, paste: pasteLine(c.spec, defaults), summary,
    gcTimeChange: d.gcTimeMs > 0 ? b.gcTimeMs / d.gcTimeMs - 1 : 0,
  };
}
