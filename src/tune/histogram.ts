// Percentiles of "objects examined per collection" in bounded memory: a
// histogram with buckets 1 % wide (log scale), so p50/p99 are within 1 % and a
// billion collections cost the same few KB as ten.
const GROWTH = Math.log(1.01);

export class LogHistogram {
  private readonly counts = new Map<number, number>();
  private n = 0;

  add(x: number): void {
    const b = x < 1 ? -1 : Math.floor(Math.log(x) / GROWTH);
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    this.n++;
  }

  /** The value below which a fraction q of the samples lie (bucket's lower edge, rounded); 0 when empty. */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (const k of keys) {
      seen += this.counts.get(k)!;
      if (seen >= rank) return k < 0 ? 0 : Math.round(Math.exp(k * GROWTH));
    }
    return 0;
  }
}
