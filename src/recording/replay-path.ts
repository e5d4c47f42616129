// A minimal reference replay of a recording: the collections CPython makes
// when the recorded gen-0 counter path runs under given thresholds. It exists
// to check recordings (the round trip: under the recorded thresholds it must
// give the run's own gc.get_stats() delta exactly); `gcdiag tune` has the full
// simulator (freelist refunds, survivors under other thresholds).
//
// Semantics, as CPython 3.8-3.13 (Modules/gcmodule.c `_PyObject_GC_Link`,
// `collect_generations`; 3.12+ Python/gc.c `_Py_ScheduleGC`, `_Py_RunGC`):
// - the counter never goes below 0 (a free at 0 is lost);
// - up to 3.11 a collection starts inside the allocation that makes
//   count0 = t0 + 1; from 3.12 it is scheduled there and runs at the next
//   eval-breaker check, i.e. at the end of the path item (a sample point);
// - the generation is the oldest with count > threshold, skipping gen 2
//   while long_lived_pending < long_lived_total / 4;
// - a gen-g collection adds 1 to count[g+1] and zeroes count[0..g]; then the
//   counter holds what finalizers and callbacks allocated (the event's `after`).
// `collected` comes from the recorded collection at the same place.
import type { RecordingHeader, RecordingEvent } from './schema.js';

export type Triple = [number, number, number];

export interface PathReplayResult {
  /** Collections per generation. */
  collections: Triple;
  /** Objects collected per generation (from the recorded collections the replay coincides with). */
  collected: Triple;
  uncollectable: Triple;
  /** Simulated automatic collections with no recorded one at that place, and recorded ones the replay did not make. */
  unmatched: { simulated: number; recorded: number };
  /** The gen-0..2 counters at the end. */
  count: Triple;
}

export interface PathReplayOptions {
  /** Thresholds to replay under (default: the recorded ones, with the program's own set_threshold calls). */
  thresholds?: Triple;
}

export class PathReplay {
  private c: Triple;
  private t: Triple;
  private enabled: boolean;
  private readonly fixed: boolean;
  private readonly atItemEnd: boolean;
  private total: number;
  private pending: number;
  /** The generation of a simulated collection waiting for its recorded gc event, or -1. */
  private justCollected = -1;
  private readonly r: PathReplayResult = {
    collections: [0, 0, 0], collected: [0, 0, 0], uncollectable: [0, 0, 0], unmatched: { simulated: 0, recorded: 0 }, count: [0, 0, 0],
  };

  constructor(header: RecordingHeader, opts: PathReplayOptions = {}) {
    this.c = [...header.start.count] as Triple;
    this.fixed = opts.thresholds !== undefined;
    this.t = [...(opts.thresholds ?? header.thresholds)] as Triple;
    this.enabled = header.enabled;
    this.total = header.start.long_lived_total ?? 0;
    this.pending = header.start.long_lived_pending ?? 0;
    const [major, minor] = header.python.split('.').map(Number);
    this.atItemEnd = major > 3 || (major === 3 && minor >= 12);
  }

  feed(events: readonly RecordingEvent[]): void {
    for (const ev of events) this.event(ev);
  }

  result(): PathReplayResult {
    this.settle();
    return { ...this.r, count: [...this.c] as Triple };
  }

  private event(ev: RecordingEvent): void {
    switch (ev.op) {
      case 'path':
        for (const d of ev.d) this.item(d);
        return;
      case 'gc':
        this.recorded(ev);
        return;
      case 'set_threshold':
        this.settle();
        if (!this.fixed) this.t = [...ev.thresholds] as Triple;
        return;
      case 'enable':
      case 'disable':
        this.settle();
        this.enabled = ev.op === 'enable';
        return;
      case 'freeze':
        // gc.freeze() zeroes the counts (3.8-3.13, measured)
        this.settle();
        this.c = [0, 0, 0];
        return;
      default:
        return;
    }
  }

  private item(d: number): void {
    this.settle();
    const c = this.c;
    if (d <= 0) {
      c[0] = Math.max(0, c[0] + d);
      return;
    }
    if (this.atItemEnd) {
      c[0] += d;
      if (this.triggers()) this.collectAuto();
      return;
    }
    while (this.triggers(d)) {
      // the allocation that makes count0 = t0 + 1, or the next one when the
      // counter is already over (a threshold just lowered, the collector just enabled)
      const step = Math.max(1, this.t[0] + 1 - c[0]);
      d -= step;
      c[0] += step;
      this.collectAuto();
      if (this.justCollected >= 0 && d > 0) this.settle();
    }
    c[0] += d;
  }

  /** ≤3.11: would adding d cross t0? 3.12+: is the counter over t0 now? */
  private triggers(d = 0): boolean {
    const t0 = this.t[0];
    return this.enabled && t0 > 0 && this.c[0] + d > t0;
  }

  private collectAuto(): void {
    const c = this.c;
    for (let g = 2; g >= 0; g--) {
      if (c[g] <= this.t[g]) continue;
      if (g === 2 && this.pending < Math.floor(this.total / 4)) continue;
      this.collect(g);
      this.justCollected = g;
      return;
    }
  }

  private collect(g: number): void {
    const c = this.c;
    if (g < 2) c[g + 1]++;
    for (let i = 0; i <= g; i++) c[i] = 0;
    this.r.collections[g]++;
  }

  /** A simulated collection whose recorded event did not follow at once. */
  private settle(): void {
    if (this.justCollected < 0) return;
    this.r.unmatched.simulated++;
    this.justCollected = -1;
  }

  private recorded(ev: Extract<RecordingEvent, { op: 'gc' }>): void {
    let g: number;
    if (ev.manual) {
      this.settle();
      g = ev.gen;
      this.collect(g);
    } else if (this.justCollected >= 0) {
      g = this.justCollected;
      this.justCollected = -1;
    } else {
      this.r.unmatched.recorded++;
      return;
    }
    this.r.collected[g] += ev.collected;
    this.r.uncollectable[g] += ev.uncollectable;
    this.c[0] = Math.max(0, ev.after);
    if (ev.long_lived_after) [this.total, this.pending] = ev.long_lived_after;
  }
}

/** Replays a whole event sequence (a convenience over PathReplay for small inputs and tests). */
export function replayPath(header: RecordingHeader, events: Iterable<RecordingEvent>, opts: PathReplayOptions = {}): PathReplayResult {
  const r = new PathReplay(header, opts);
  for (const ev of events) r.feed([ev]);
  return r.result();
}
