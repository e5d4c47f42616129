// Quantities the recording reports once per recorded collection (survivors,
// garbage found, freelist refill material), spread over the counted allocations
// of the recorded window they belong to, so that a simulated collection anywhere
// can take "what accrued since my last collection". All candidates share them:
// one value per quantity, a function of the cumulative allocation count I.
// (recording.md §3.2: "accrued pro rata over the recorded window".)

/**
 * Linear within the current gen-0 window: value(I) = v0 + rate * (I - i0), and
 * weighted(I) = the integral of I' d value(I') (for mean garbage waiting times).
 */
export class Accrual {
  v0 = 0;
  w0 = 0;
  rate = 0;
  i0 = 0;

  value(i: number): number {
    return this.v0 + this.rate * (i - this.i0);
  }

  weighted(i: number): number {
    return this.w0 + this.rate * (i * i - this.i0 * this.i0) / 2;
  }

  /** Start a window at allocation count i0 that accrues `amount` over `incs` allocations (all at once when incs is 0). */
  begin(i0: number, amount: number, incs: number): void {
    const v = this.value(i0);
    this.w0 = this.weighted(i0);
    this.v0 = v;
    this.i0 = i0;
    if (incs > 0) this.rate = amount / incs;
    else {
      this.rate = 0;
      this.v0 += amount;
      this.w0 += amount * i0;
    }
  }
}

/**
 * A quantity reported for a longer window than one gen-0 window (gen-1
 * survivors, garbage found by gen-1 or gen-2 collections). Streaming, its total
 * is known only when the window closes: until then it accrues at the rate of
 * the previous such window, and the gen-0 window that closes it brings the total
 * to the reported value, downwards if the estimate ran ahead: so the sum over
 * any run of collections is exact, and the recording's own thresholds see
 * exactly the recorded values.
 */
export class LongAccrual extends Accrual {
  private base = 0;
  private estRate = 0;
  private incs = 0;
  private lastClosing = 0;

  /**
   * A gen-0 window of `incs` allocations; `closing` is the reported total when this window ends the long one. */
  window(i0: number, incs: number, closing: number | null): void {
    if (closing === null) {
      // Never more than the previous long window reported: past the last recorded collection
      // of that generation (the end of a run) the estimate must not grow without evidence.
      const room = Math.max(0, this.lastClosing - (this.value(i0) - this.base));
      this.begin(i0, Math.min(this.estRate * incs, room), incs);
      this.incs += incs;
      return;
    }
    const target = this.base + closing;
    this.begin(i0, target - this.value(i0), incs);
    this.incs += incs;
    this.estRate = this.incs > 0 ? closing / this.incs : 0;
    this.lastClosing = closing;
    this.incs = 0;
    this.base = target;
  }
}
