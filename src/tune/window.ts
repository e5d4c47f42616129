// One recorded gen-0 window as the simulator sees it: the path items up to the
// next recorded collection (or a flush), the program's GC calls among them,
// and what that collection reported, turned into rates that every candidate
// shares. Built once per window, read by every candidate (lockstep).
import type { GcEvent, RecordingEvent, Freelists } from '../recording/schema.js';
import { Accrual, LongAccrual } from './accrual.js';

export interface Control {
  /** Index of the first path item after the call. */
  pos: number;
  ev: RecordingEvent;
}

/** Freelist kinds in a fixed order: list, dict, then tuples of size 1, 2, … */
export function fills(f: Freelists | null | undefined, kinds: number): number[] {
  const out = new Array<number>(kinds).fill(-1);
  if (!f) return out;
  if (f.list !== null) out[0] = f.list;
  if (f.dict !== null) out[1] = f.dict;
  f.tuple?.forEach((n, i) => { if (2 + i < kinds) out[2 + i] = n; });
  return out;
}

export class Window {
  items: Float64Array = new Float64Array(1 << 16);
  /** Cumulative counted allocations of the whole run after each item. */
  prefix: Float64Array = new Float64Array(1 << 16);
  n = 0;
  iStart = 0;
  controls: Control[] = [];
  close: GcEvent | null = null;

  // Shared accruals (recording.md §3.2): gen-0 survivors (the young gen-1 size),
  // gen-1 survivors (long_lived_pending), garbage found per generation, freelist refill material.
  readonly s0 = new Accrual();
  readonly s1 = new LongAccrual();
  readonly garbage: [Accrual, LongAccrual, LongAccrual] = [new Accrual(), new LongAccrual(), new LongAccrual()];
  readonly material: Accrual[];
  /** Freelist fills before the latest recorded collection (-1: unknown), mid-window and at its last item. */
  baseMid: number[];
  baseEnd: number[];
  /** Recorded long_lived total + pending after the latest recorded collection (null: not recorded). */
  llMid: number | null = null;
  llEnd: number | null = null;
  /** Examined per counted object of gen 0, and per gen-0 survivor in gen 1, from earlier recorded collections. */
  r0 = 1;
  r1 = 1;
  private s0AtGe1 = 0;
  /** Recorded freelist capacities (a refill that reaches one is capped: the material is at least the refill). */
  recordedCaps: number[];

  constructor(readonly kinds: number, recordedCaps: number[], startFills: number[], startLl: number | null) {
    this.material = Array.from({ length: kinds }, () => new Accrual());
    this.recordedCaps = recordedCaps;
    this.baseMid = startFills;
    this.baseEnd = startFills;
    this.llMid = this.llEnd = startLl;
  }

  push(d: number): void {
    if (this.n === this.items.length) {
      const grow = (a: Float64Array): Float64Array => { const b = new Float64Array(a.length * 2); b.set(a); return b; };
      this.items = grow(this.items);
      this.prefix = grow(this.prefix);
    }
    const before = this.n ? this.prefix[this.n - 1] : this.iStart;
    this.items[this.n] = d;
    this.prefix[this.n] = d > 0 ? before + d : before;
    this.n++;
  }

  get iEnd(): number {
    return this.n ? this.prefix[this.n - 1] : this.iStart;
  }

  /** I before item k. */
  iAt(k: number): number {
    return k === 0 ? this.iStart : this.prefix[k - 1];
  }

  /** Set the shared rates for this window (its closing collection known, or null for a flush / the end). */
  begin(close: GcEvent | null): void {
    this.close = close;
    const i0 = this.iStart;
    const incs = this.iEnd - i0;
    const g = close?.gen ?? -1;
    const lived = close?.long_lived && close.long_lived_after ? close.long_lived_after[1] - close.long_lived[1] : 0;
    this.s0.begin(i0, g === 0 && close!.examined !== null ? Math.max(0, close!.examined - close!.collected - close!.uncollectable) : 0, incs);
    this.s1.window(i0, incs, g >= 1 ? (g === 1 ? Math.max(0, lived) : 0) : null);
    this.garbage[0].begin(i0, g === 0 ? close!.collected : 0, incs);
    this.garbage[1].window(i0, incs, g >= 1 ? (g === 1 ? close!.collected : 0) : null);
    this.garbage[2].window(i0, incs, g === 2 ? close!.collected : null);
    const before = fills(close?.freelists, this.kinds);
    const after = fills(close?.freelists_after, this.kinds);
    for (let k = 0; k < this.kinds; k++) {
      let m = 0;
      if (close && before[k] >= 0 && after[k] >= 0) {
        const u = Math.max(0, after[k] - before[k]);
        // A refill that filled the freelist says only "at least u": bound it by the garbage found.
        m = after[k] >= this.recordedCaps[k] ? Math.max(u, close.collected) : u;
      }
      this.material[k].begin(i0, m, incs);
    }
    this.baseMid = this.baseEnd;
    if (close) this.baseEnd = before;
    let refund = 0;
    for (let k = 0; k < this.kinds; k++) if (before[k] >= 0 && after[k] >= 0) refund += Math.max(0, after[k] - before[k]);
    this.afterStep = close ? close.after + refund : 0;
    this.llMid = this.llEnd;
    if (close?.long_lived_after) this.llEnd = close.long_lived_after[0] + close.long_lived_after[1];
  }

  /** After every candidate ran the window: learn the examined ratios, start the next window. */
  end(): void {
    const c = this.close;
    const iEnd = this.iEnd;
    if (c && c.examined !== null) {
      if (c.gen === 0 && c.count[0] > 0) this.r0 = c.examined / c.count[0];
      const young1 = this.s0.value(iEnd) - this.s0AtGe1;
      if (c.gen === 1 && young1 > 0) this.r1 = Math.max(0, c.examined - c.count[0] * this.r0) / young1;
    }
    if (c && c.gen >= 1) this.s0AtGe1 = this.s0.value(iEnd);
    this.iStart = iEnd;
    this.n = 0;
    this.controls = [];
    this.close = null;
  }

  /** Allocations the recorded collection's refills served (they did not count) plus its `after` count. */
  afterStep = 0;
}
