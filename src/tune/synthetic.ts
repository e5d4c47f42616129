// A synthetic recording: a random program run on CPython's own rules (counter
// floor, the allocator or safe-point trigger, the 25 % rule, freelist refills,
// the program's gc calls), written line by line as `gcdiag record` would. Used
// by the property tests (its own thresholds must replay exactly) and by
// `npm run bench:tune` (10 million items, streamed to a file).

export interface SyntheticOptions {
  seed: number;
  items: number;
  thresholds: [number, number, number];
  python: string;
  /** 'sync': <= 3.11 collects at the allocation making count0 = t0 + 1; 'safepoint': at the item's end. */
  trigger: 'sync' | 'safepoint';
  /** Probability per item of a program gc call (collect, set_threshold, disable/enable, freeze, mark). */
  callRate?: number;
  /** Path items per "path" line. */
  lineItems?: number;
}

/** xorshift32: small, seedable, the same sequence on every machine. */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const CAP = { list: 80, dict: 80, tuple: 2000 };

/** Yields the recording's lines (JSON text, no newline). */
export function* syntheticRecording(o: SyntheticOptions): Generator<string> {
  const r = rng(o.seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const lineItems = o.lineItems ?? 4096;
  const callRate = o.callRate ?? 0;
  const c = [int(0, o.thresholds[0]), int(0, o.thresholds[1]), int(0, o.thresholds[2])];
  let t = [...o.thresholds];
  let total = int(1000, 50000);
  let pending = int(0, total >> 3);
  let enabled = true;
  const fl = { list: int(0, 80), dict: int(0, 80), tuple: [int(0, 2000), int(0, 2000)] };
  const stats = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const startStats = stats.map((s) => [...s]);
  let tNs = 0;
  yield JSON.stringify({
    format: 'gcdiag-recording', version: 1, python: o.python, implementation: 'CPython', argv: ['synthetic.py'],
    thresholds: t, enabled, sampler: o.trigger === 'sync' ? 'setprofile' : 'monitoring', exact: true, reason: null,
    start: { count: [...c], long_lived_total: total, long_lived_pending: pending, freelists: structuredClone(fl), freeze_count: 0 },
    stats: startStats, freelist_capacity: CAP,
  });
  let path: number[] = [];
  const flushPath = function* (): Generator<string> {
    if (path.length) yield JSON.stringify({ op: 'path', d: path });
    path = [];
  };
  const item = function* (d: number): Generator<string> {
    if (d === 0) return;
    path.push(d);
    if (path.length >= lineItems) yield* flushPath();
  };
  const collect = function* (gen: number, manual: boolean): Generator<string> {
    yield* flushPath();
    const examined = c[0] + int(0, 3000) + (gen >= 1 ? int(0, 5000) : 0) + (gen === 2 ? total + pending : 0);
    const collected = int(0, Math.min(examined, 400));
    const before = structuredClone(fl);
    const ll = [total, pending];
    if (gen === 1) pending += int(0, 300);
    if (gen === 2) { total = total + pending + int(-500, 500); total = Math.max(0, total); pending = 0; }
    fl.list = Math.min(CAP.list, fl.list + int(0, collected));
    fl.dict = Math.min(CAP.dict, fl.dict + int(0, collected >> 1));
    fl.tuple = fl.tuple.map((n) => Math.min(CAP.tuple, n + int(0, collected >> 2)));
    const count = [...c];
    if (gen < 2) c[gen + 1]++;
    for (let i = 0; i <= gen; i++) c[i] = 0;
    const after = int(0, 2);
    c[0] = after;
    stats[gen][0]++;
    stats[gen][1] += collected;
    const cpu = 1000 + examined * 30;
    tNs += cpu;
    yield JSON.stringify({
      op: 'gc', gen, manual, count, long_lived: ll, long_lived_after: [total, pending], collected, uncollectable: 0,
      examined, freelists: before, freelists_after: structuredClone(fl), after, cpu_ns: cpu, t_ns: tNs,
    });
    // The program drains the freelists again before the next collection.
    fl.list = int(0, fl.list);
    fl.dict = int(0, fl.dict);
  };
  const auto = function* (): Generator<string> {
    let g = 0;
    if (c[2] > t[2] && pending >= Math.floor(total / 4)) g = 2;
    else if (c[1] > t[1]) g = 1;
    yield* collect(g, false);
  };
  for (let n = 0; n < o.items; n++) {
    if (callRate && r() < callRate) {
      yield* flushPath();
      const k = int(0, 5);
      if (k === 0) yield* collect(int(0, 2), true);
      else if (k === 1) { t = [int(1, 3000), int(1, 20), int(1, 20)]; yield JSON.stringify({ op: 'set_threshold', thresholds: t }); }
      else if (k === 2) { enabled = !enabled; yield JSON.stringify({ op: enabled ? 'enable' : 'disable' }); }
      else if (k === 3) { c[0] = 0; yield JSON.stringify({ op: 'freeze' }); }
      else yield JSON.stringify({ op: 'mark', name: `m${k}` });
    }
    let d = r() < 0.3 ? -int(1, 8) : int(1, 12);
    if (d < 0) {
      c[0] = Math.max(0, c[0] + d);
      yield* item(d);
      continue;
    }
    const auto0 = enabled && t[0] > 0;
    if (o.trigger === 'sync') {
      while (auto0 && c[0] + d > t[0]) {
        const used = Math.max(1, t[0] + 1 - c[0]);
        c[0] += used;
        d -= used;
        yield* item(used);
        yield* auto();
      }
      c[0] += d;
      yield* item(d);
    } else {
      c[0] += d;
      yield* item(d);
      if (auto0 && c[0] > t[0]) yield* auto();
    }
  }
  yield* flushPath();
  yield JSON.stringify({ op: 'end', stats, count: c, wall_s: 1, cpu_s: 1, max_rss_kb: 50000, exit_code: 0 });
}
