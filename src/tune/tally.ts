// What one candidate did, as the simulator reports it: collections per
// generation, objects examined (total, largest, p50/p99), and the cyclic
// garbage waiting in three pools (by the generation of the recorded collection
// that found it), with how long it waited. CandidateSim decides; this counts.
import type { PredictedMetrics, Thresholds } from './types.js';
import type { Window } from './window.js';
import { LogHistogram } from './histogram.js';
import { SeriesBuilder } from './series.js';

/** The simulator's totals: PredictedMetrics' counts, before costs and memory are worked out. */
export interface CandidateTotals extends Pick<PredictedMetrics, 'collections' | 'collected' | 'examinedTotal' | 'examinedMax' | 'examinedP50' | 'examinedP99'> {
  peakGarbage: number;
  meanWait: number | null;
  froze: boolean;
}

export class Tally {
  private readonly n: Thresholds = [0, 0, 0];
  private readonly collected: Thresholds = [0, 0, 0];
  private examinedTotal = 0;
  private examinedMax = 0;
  private readonly hist = new LogHistogram();
  private peakGarbage = 0;
  private waitSum = 0;
  private freed = 0;
  private frozenGarbage = 0;
  // values of the shared garbage accruals (and their weighted sums) at the last collection that freed each pool
  private readonly gLast = [0, 0, 0];
  private readonly wLast = [0, 0, 0];
  readonly series = new SeriesBuilder();

  /** @param reach the highest garbage pool a gen-g collection frees */
  constructor(private readonly reach: number[]) {}

  /** gc.freeze(): the garbage waiting now is frozen with the rest; no collection will ever free it. */
  freezeGarbage(w: Window, i: number): void {
    for (let g = 0; g < 3; g++) {
      const v = w.garbage[g].value(i);
      this.frozenGarbage += v - this.gLast[g];
      this.gLast[g] = v;
      this.wLast[g] = w.garbage[g].weighted(i);
    }
  }

  /** Count the collection; it frees the garbage of pools 0..g, and `older` (a fraction) of the pools above. */
  collection(w: Window, g: number, i: number, examined: number, older: number): void {
    this.n[g]++;
    this.sample(w, i);
    for (let j = 0; j < 3; j++) {
      const f = j <= this.reach[g] ? 1 : older;
      if (f === 0) continue;
      const acc = w.garbage[j];
      const v = acc.value(i);
      const wt = acc.weighted(i);
      const freed = (v - this.gLast[j]) * f;
      this.collected[g] += freed;
      this.freed += freed;
      this.waitSum += f * ((v - this.gLast[j]) * i - (wt - this.wLast[j]));
      this.gLast[j] += freed;
      this.wLast[j] += f * (wt - this.wLast[j]);
    }
    const e = Math.round(examined);
    this.examinedTotal += e;
    if (e > this.examinedMax) this.examinedMax = e;
    this.hist.add(e);
    this.series.collection(i);
  }

  private waiting(w: Window, i: number): number {
    let s = this.frozenGarbage;
    for (let j = 0; j < 3; j++) s += w.garbage[j].value(i) - this.gLast[j];
    return s;
  }

  sample(w: Window, i: number): void {
    const g = Math.max(0, this.waiting(w, i));
    if (g > this.peakGarbage) this.peakGarbage = g;
    this.series.garbageAt(i, g);
  }

  finish(w: Window, iEnd: number, froze: boolean): CandidateTotals {
    this.sample(w, iEnd);
    // Garbage still waiting at the end has waited at least until the end.
    let wait = this.waitSum;
    let freed = this.freed;
    for (let j = 0; j < 3; j++) {
      const v = w.garbage[j].value(iEnd) - this.gLast[j];
      wait += v * iEnd - (w.garbage[j].weighted(iEnd) - this.wLast[j]);
      freed += v;
    }
    return {
      collections: [...this.n], collected: this.collected.map(Math.round) as Thresholds,
      examinedTotal: this.examinedTotal, examinedMax: this.examinedMax,
      examinedP50: this.hist.quantile(0.5), examinedP99: this.hist.quantile(0.99),
      peakGarbage: Math.round(this.peakGarbage), meanWait: freed > 0 ? wait / freed : null, froze,
    };
  }
}
