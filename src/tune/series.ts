// A time series over the run in equal steps of counted allocations, for the
// terminal chart. The step doubles (pairs of buckets merge) whenever the run
// outgrows MAX_BUCKETS, so memory stays bounded whatever the trace length.
import type { Series } from './types.js';

const MAX_BUCKETS = 64;

export class SeriesBuilder {
  private step = 1024;
  private collections: number[] = [];
  private garbage: number[] = [];

  private bucket(i: number): number {
    let b = Math.floor(i / this.step);
    while (b >= MAX_BUCKETS) {
      this.merge();
      b = Math.floor(i / this.step);
    }
    while (this.collections.length <= b) {
      this.collections.push(0);
      this.garbage.push(0);
    }
    return b;
  }

  private merge(): void {
    const c: number[] = [];
    const g: number[] = [];
    for (let k = 0; k < this.collections.length; k += 2) {
      c.push(this.collections[k] + (this.collections[k + 1] ?? 0));
      g.push(Math.max(this.garbage[k], this.garbage[k + 1] ?? 0));
    }
    this.collections = c;
    this.garbage = g;
    this.step *= 2;
  }

  collection(i: number): void {
    this.collections[this.bucket(i)]++;
  }

  garbageAt(i: number, objects: number): void {
    const b = this.bucket(i);
    if (objects > this.garbage[b]) this.garbage[b] = objects;
  }

  /** The series at a step at least `minStep` (so all candidates of one run line up). */
  finish(minStep: number, end: number): Series {
    this.bucket(end);
    while (this.step < minStep) this.merge();
    return { step: this.step, collections: this.collections, garbage: this.garbage.map(Math.round) };
  }

  get currentStep(): number {
    return this.step;
  }
}

/** The same series at a larger step (a power-of-two multiple): pairs of buckets merge. */
export function rebucket(s: Series, step: number): Series {
  let { collections, garbage } = s;
  let st = s.step;
  while (st < step) {
    const c: number[] = [];
    const g: number[] = [];
    for (let k = 0; k < collections.length; k += 2) {
      c.push(collections[k] + (collections[k + 1] ?? 0));
      g.push(Math.max(garbage[k], garbage[k + 1] ?? 0));
    }
    collections = c;
    garbage = g;
    st *= 2;
  }
  return { step: st, collections, garbage };
}
