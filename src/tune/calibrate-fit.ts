// Least squares for cost = a + b * examined over timed collections, with the
// quality of the fit (R², RMS of residuals). Pure: the points come from
// python/gcdiag_capture/_calibrate.py.
import type { CostFit } from './calibrate-schema.js';

/** [generation, objects examined, thread CPU ns, heap size built] */
export type CostPoint = [number, number, number, number?];

/**
 * One point per (generation, heap size): the median time of its repeats. A run
 * disturbed by the machine (a cache-cold repeat, a neighbour's burst) is one
 * repeat, and the median drops it where least squares would follow it.
 */
export function medianPoints(points: CostPoint[]): CostPoint[] {
  const groups = new Map<string, CostPoint[]>();
  for (const p of points) {
    const key = `${p[0]}:${p[3] ?? p[1]}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const mid = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const h = s.length >> 1;
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
  };
  return [...groups.values()].map((g) => [g[0][0], mid(g.map((p) => p[1])), mid(g.map((p) => p[2])), g[0][3]]);
}

/**
 * The intercept is the measured cost of the collection that examined the
 * fewest objects (an empty young generation: the fixed cost of a collection);
 * the slope is the least-squares line through it. A free intercept follows
 * the noise of the large heaps (it came out negative, or 4 µs, on the same
 * machine an hour apart); a fixed one is what a collection with nothing to
 * do really costs. R² and RMS describe the line over all points.
 */
export function fitCost(points: CostPoint[], intercept?: number): CostFit {
  const n = points.length;
  if (n === 0) return { perCollectionNs: 0, perObjectNs: 0, r2: 0, rmsNs: 0, points: 0 };
  const a = intercept ?? fixedCost(points);
  let sxx = 0, sxy = 0, my = 0;
  for (const [, x, y] of points) { sxx += x * x; sxy += x * (y - a); my += y / n; }
  const b = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  let sse = 0, syy = 0;
  for (const [, x, y] of points) { sse += (y - (a + b * x)) ** 2; syy += (y - my) ** 2; }
  return { perCollectionNs: a, perObjectNs: b, r2: syy > 0 ? 1 - sse / syy : 1, rmsNs: Math.sqrt(sse / n), points: n };
}

/** The time of the collection that examined the fewest objects. */
export function fixedCost(points: CostPoint[]): number {
  let smallest = points[0];
  for (const p of points) if (p[1] < smallest[1]) smallest = p;
  return smallest ? Math.max(0, smallest[2]) : 0;
}
