// Outgoing references of every object, in traverse order, in one Int32Array slab.
// Blocks come in power-of-two sizes with a free list per size, so a list that
// grows by append costs amortised O(1) and freed blocks are reused.

const NO_BLOCK = -1;

export class EdgeStore {
  slab = new Int32Array(1 << 16);
  private top = 0;
  private freeBlocks: number[][] = [];
  start = new Int32Array(0);
  len = new Int32Array(0);
  /** log2 of the block capacity, or -1 when the object has no block. */
  cls = new Int8Array(0);

  growObjects(cap: number): void {
    const s = new Int32Array(cap); s.set(this.start); this.start = s;
    const l = new Int32Array(cap); l.set(this.len); this.len = l;
    const c = new Int8Array(cap).fill(-1); c.set(this.cls); this.cls = c;
  }

  private allocBlock(sizeClass: number): number {
    const list = this.freeBlocks[sizeClass];
    if (list && list.length > 0) return list.pop()!;
    const n = 1 << sizeClass;
    if (this.top + n > this.slab.length) {
      let cap = this.slab.length * 2;
      while (cap < this.top + n) cap *= 2;
      const s = new Int32Array(cap);
      s.set(this.slab.subarray(0, this.top));
      this.slab = s;
    }
    const b = this.top;
    this.top += n;
    return b;
  }

  private freeBlock(start: number, sizeClass: number): void {
    (this.freeBlocks[sizeClass] ??= []).push(start);
  }

  /** Give object `o` room for at least `n` edges, keeping the current ones. */
  reserve(o: number, n: number): void {
    const c = this.cls[o];
    if (c >= 0 && (1 << c) >= n) return;
    let nc = c < 0 ? 1 : c + 1;
    while ((1 << nc) < n) nc++;
    const b = this.allocBlock(nc);
    if (c >= 0) {
      const old = this.start[o];
      this.slab.copyWithin(b, old, old + this.len[o]);
      this.freeBlock(old, c);
    }
    this.start[o] = b;
    this.cls[o] = nc;
  }

  /** Reset `o` to `n` edges, all None. */
  init(o: number, n: number, fill: number): void {
    this.len[o] = 0;
    if (n === 0) return;
    this.reserve(o, n);
    const s = this.start[o];
    this.slab.fill(fill, s, s + n);
    this.len[o] = n;
  }

  get(o: number, i: number): number {
    return i < this.len[o] ? this.slab[this.start[o] + i] : -1;
  }

  /** Store `v` in slot i, growing the object's edges with `fill` if needed. Returns the previous value. */
  put(o: number, i: number, v: number, fill: number): number {
    const n = this.len[o];
    if (i >= n) {
      this.reserve(o, i + 1);
      const s = this.start[o];
      this.slab.fill(fill, s + n, s + i + 1);
      this.len[o] = i + 1;
    }
    const at = this.start[o] + i;
    const old = this.slab[at];
    this.slab[at] = v;
    return old;
  }

  push(o: number, v: number): void {
    const n = this.len[o];
    this.reserve(o, n + 1);
    this.slab[this.start[o] + n] = v;
    this.len[o] = n + 1;
  }

  /** Remove slot i, shifting the following ones down (list deletion). Returns the removed value. */
  removeAt(o: number, i: number): number {
    const s = this.start[o];
    const n = this.len[o];
    const v = this.slab[s + i];
    this.slab.copyWithin(s + i, s + i + 1, s + n);
    this.len[o] = n - 1;
    return v;
  }

  release(o: number): void {
    const c = this.cls[o];
    if (c >= 0) this.freeBlock(this.start[o], c);
    this.cls[o] = NO_BLOCK;
    this.len[o] = 0;
  }

  /** Bytes held by the slab (for the memory benchmark). */
  bytes(): number {
    return this.slab.byteLength + this.start.byteLength + this.len.byteLength + this.cls.byteLength;
  }
}
