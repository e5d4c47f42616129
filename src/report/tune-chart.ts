// A terminal chart: one sparkline per candidate over the run (counted
// allocations left to right), all on one scale, so the candidates compare.
import type { TuneResult } from '../tune/types.js';

const BARS = '▁▂▃▄▅▆▇█';

function resample(v: number[], width: number, agg: 'sum' | 'max'): number[] {
  if (v.length <= width) return v;
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const a = Math.floor((c * v.length) / width);
    const b = Math.max(a + 1, Math.floor(((c + 1) * v.length) / width));
    const part = v.slice(a, b);
    out.push(agg === 'sum' ? part.reduce((s, x) => s + x, 0) : Math.max(...part));
  }
  return out;
}

export function sparkline(v: number[], max: number): string {
  return v.map((x) => (x <= 0 || max <= 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((x / max) * (BARS.length - 1e-9)))])).join('');
}

/** Garbage waiting over time when there is garbage, else collections over time; null when neither says anything. */
export function tuneChart(r: TuneResult, rows: number[], labels: string[], width = 80): string | null {
  const byGarbage = rows.some((i) => r.candidates[i].predicted.peakGarbageObjects > 0);
  const series = rows.map((i) => {
    const s = r.candidates[i].predicted.series;
    return byGarbage ? s.garbage : s.collections;
  });
  const labelWidth = Math.min(24, Math.max(...labels.map((l) => l.length)));
  const cols = Math.max(10, width - labelWidth - 3);
  const sampled = series.map((v) => resample(v, cols, byGarbage ? 'max' : 'sum'));
  // One runaway candidate (automatic collection off) would flatten the rest: scale to those within the
  // garbage limit, clip the others (marked ↑).
  const within = byGarbage ? sampled.filter((_, k) => r.candidates[rows[k]].predicted.peakGarbageObjects <= r.maxGarbage) : sampled;
  const max = Math.max(0, ...(within.length ? within : sampled).flat());
  if (max <= 0) return null;
  const step = r.candidates[rows[0]].predicted.series.step;
  const title = byGarbage
    ? `Cyclic garbage waiting over the run (full bar = ${Math.round(max).toLocaleString('en-US')} objects; ↑ off the scale)`
    : `Collections over the run (full bar = ${Math.round(max).toLocaleString('en-US')} per column)`;
  const lines = [title];
  sampled.forEach((v, k) => {
    const clipped = v.some((x) => x > max);
    lines.push(`${labels[k].slice(0, labelWidth).padEnd(labelWidth)} ${clipped ? '↑' : '│'}${sparkline(v, max)}`);
  });
  const span = (series[0]?.length ?? 0) * step;
  lines.push(`${''.padEnd(labelWidth)} └ 0 … ${span.toLocaleString('en-US')} counted allocations`);
  return lines.join('\n');
}
