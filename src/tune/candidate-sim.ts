// One candidate GC policy replayed over the recorded counter path: the gen-0
// counter with CPython's floor at 0, the allocator trigger (<= 3.11: inside the
// item, at count0 = t0 + 1; 3.12+: at the item's end, a potential safe point),
// gc_collect_generations' choice with the 25 % rule, freelist refunds, and the
// program's own GC calls. The shared Window supplies everything recorded.
import type { Profile } from '../model/profiles.js';
import type { Candidate, Thresholds } from './types.js';
import type { Window } from './window.js';
import type { RecordingHeader, RecordingEvent } from '../recording/schema.js';
import { Tally, type CandidateTotals } from './tally.js';

export type { CandidateTotals };

export class CandidateSim {
  // gc.get_count() and gc.get_threshold() of the simulated interpreter
  private c0: number;
  private c1: number;
  private c2: number;
  private t: Thresholds;
  private enabled: boolean;
  private readonly sync: boolean;
  private readonly incremental: boolean;
  /** The highest garbage pool a gen-g collection frees. */
  private readonly caps: number[];
  private readonly followsProgram: boolean;
  // long_lived_pending / long_lived_total, and estimated sizes of generation 2 and the frozen set
  private pending: number;
  private total: number;
  private gen2: number;
  private frozen = 0;
  private frozenExtra = 0;
  private froze = false;
  /** Allocations a refilled freelist will serve without counting. */
  private absorb = 0;
  // values of the shared accruals at this candidate's last collection
  private s0Last = 0;
  private s1Last = 0;
  private readonly matLast: number[];
  /** Counted allocations at which the next freeze@N / collect/N happens. */
  private nextAt = Infinity;
  /** What the candidate did: collections, work, garbage (tally.ts). */
  readonly tally: Tally;

  constructor(readonly candidate: Candidate, profile: Profile, header: RecordingHeader, kinds: number) {
    const spec = candidate.spec;
    [this.c0, this.c1, this.c2] = header.start.count as Thresholds;
    this.t = (spec.kind === 'thresholds' ? [...spec.thresholds] : spec.kind === 'off' ? [0, header.thresholds[1], header.thresholds[2]] : [...header.thresholds]) as Thresholds;
    this.enabled = spec.kind === 'disable-collect' ? false : header.enabled;
    if (spec.kind === 'disable-collect') this.nextAt = spec.every;
    if (spec.kind === 'thresholds' && spec.freeze && 'allocations' in spec.freeze) this.nextAt = spec.freeze.allocations;
    this.sync = profile.trigger === 'sync';
    // 3.14.0-3.14.4: every automatic run is an increment (gen-1 stats), t2 is ignored (incremental.ts).
    this.incremental = profile.collector === 'incremental';
    const fl = profile.freelists;
    this.caps = Array.from({ length: kinds }, (_, k) => (!fl ? 0 : k === 0 ? fl.list : k === 1 ? fl.dict : k - 1 <= fl.tuplePopMax ? fl.tuple : 0));
    this.matLast = new Array<number>(kinds).fill(0);
    this.followsProgram = candidate.role === 'recorded';
    // Garbage the recording's gen-j collections found had outlived j younger windows of the recording;
    // a candidate collection whose own window is at least that long finds it young (recording.md §7).
    const span = (t: readonly number[]): number[] => [t[0], t[0] * (t[1] + 1), t[0] * (t[1] + 1) * (t[2] + 1)];
    const rec = span(header.thresholds);
    const own = span(this.t);
    this.tally = new Tally([0, 1, 2].map((g) => (this.t[0] === 0 ? g : Math.max(g, ...[0, 1, 2].filter((j) => own[g] >= rec[j])))));
    this.pending = header.start.long_lived_pending ?? 0;
    this.total = header.start.long_lived_total ?? 0;
    this.gen2 = this.total + this.pending;
  }

  /** Run the window's items and the program's calls among them, then its closing manual collection. */
  run(w: Window): void {
    let k = 0;
    for (const ctl of w.controls) {
      this.items(w, k, ctl.pos);
      k = ctl.pos;
      this.control(w, ctl.ev, w.iAt(k));
    }
    this.items(w, k, w.n);
    const close = w.close;
    if (close) {
      if (close.manual) this.collect(w, w.n, close.gen, w.iEnd);
      // Finalizers and callbacks allocate while `collecting` is set: counted, but no trigger until the next allocation.
      this.step(w, w.afterStep, w.n, w.iEnd, false);
    }
    this.tally.sample(w, w.iEnd);
  }

  private items(w: Window, from: number, to: number): void {
    const items = w.items;
    const prefix = w.prefix;
    // The hot loop (items x candidates): plain counting stays inline; anything
    // that may collect, refund or hit an allocation point goes through step().
    let c0 = this.c0;
    const limit = this.enabled && this.t[0] > 0 ? this.t[0] : Infinity;
    for (let k = from; k < to; k++) {
      const d = items[k];
      if (d > 0) {
        if (c0 + d <= limit && this.absorb === 0 && prefix[k] < this.nextAt) {
          c0 += d;
          continue;
        }
        this.c0 = c0;
        this.step(w, d, k, w.iAt(k));
        c0 = this.c0;
      } else if (d < 0) {
        c0 = c0 + d < 0 ? 0 : c0 + d; // PyObject_GC_Del never takes the count below 0
      }
    }
    this.c0 = c0;
  }

  /** `d` counted allocations in item k, starting at allocation count i. */
  private step(w: Window, d: number, k: number, i: number, trigger = true): void {
    if (d <= 0) return;
    const dTotal = d;
    if (this.absorb > 0) {
      const a = Math.min(this.absorb, d);
      this.absorb -= a;
      d -= a;
    }
    const auto = trigger && this.enabled && this.t[0] > 0;
    if (this.sync) {
      // _PyObject_GC_Link (<= 3.11): the allocation that makes count0 exceed t0 collects at once.
      while (auto && d > 0 && this.c0 + d > this.t[0]) {
        const used = Math.max(1, this.t[0] + 1 - this.c0);
        d -= used;
        this.c0 += used;
        this.autoCollect(w, k, i + (dTotal - d));
      }
      this.c0 += d;
    } else {
      // 3.12+: _Py_ScheduleGC; the collection runs at the next eval-breaker check, the item's end.
      this.c0 += d;
      if (auto && d > 0 && this.c0 > this.t[0]) this.autoCollect(w, k, i + dTotal);
    }
    if (i + dTotal >= this.nextAt) this.allocationEvent(w, k, i + dTotal);
  }

  private allocationEvent(w: Window, k: number, i: number): void {
    const spec = this.candidate.spec;
    if (spec.kind === 'disable-collect') {
      // Every crossing inside the item is its own gc.collect().
      while (this.nextAt <= i) {
        this.collect(w, k, 2, this.nextAt);
        this.nextAt += spec.every;
      }
    } else {
      this.freeze(w, i, true);
      this.nextAt = Infinity;
    }
  }

  /** The program's gc calls: the recorded policy follows them all; candidates keep their own thresholds (and disable+collect its disable). */
  private control(w: Window, ev: RecordingEvent, i: number): void {
    const spec = this.candidate.spec;
    switch (ev.op) {
      case 'set_threshold':
        if (this.followsProgram) this.t = [...ev.thresholds] as Thresholds;
        break;
      case 'enable':
      case 'disable':
        if (spec.kind !== 'disable-collect') this.enabled = ev.op === 'enable';
        break;
      case 'freeze':
        this.freeze(w, i, false);
        break;
      case 'unfreeze':
        this.gen2 += this.frozen;
        this.frozen = this.frozenExtra = 0;
        break;
      case 'mark':
        if (spec.kind === 'thresholds' && spec.freeze && 'mark' in spec.freeze && spec.freeze.mark === ev.name && !this.froze) this.freeze(w, i, true);
        break;
      default:
        break;
    }
  }

  /** gc.freeze(): every generation moves to the permanent one and count0 restarts (gc_freeze_impl). */
  private freeze(w: Window, i: number, extra: boolean): void {
    const s0 = w.s0.value(i);
    const tracked = this.c0 * w.r0 + Math.max(0, s0 - this.s0Last) * w.r1 + this.gen2;
    this.frozen += tracked;
    if (extra) this.frozenExtra += tracked;
    this.froze = true;
    this.gen2 = 0;
    this.s0Last = s0;
    this.c0 = 0;
    this.tally.freezeGarbage(w, i);
  }

  /** gc_collect_generations: the oldest generation over its threshold, a full one only when pending >= total / 4. */
  private autoCollect(w: Window, k: number, i: number): void {
    if (this.incremental) return this.increment(w, k, i);
    let g = 0;
    if (this.c2 > this.t[2] && this.pending >= Math.floor(this.total / 4)) g = 2;
    else if (this.c1 > this.t[1]) g = 1;
    this.collect(w, k, g, i);
  }

  /**
   * 3.14.0-3.14.4 gc_collect_increment, approximated: the young objects plus a
   * share of the old heap (heap / 10 / max(t1, 2), at most twice the young ones,
   * assess_work_to_do); the garbage of the young pools and that share of the old.
   */
  private increment(w: Window, k: number, i: number): void {
    const young0 = this.c0 * w.r0;
    const s0 = w.s0.value(i);
    const young1 = Math.max(0, s0 - this.s0Last) * w.r1;
    const heap = young1 + this.gen2;
    const share = Math.min(Math.floor(heap / 10 / Math.max(this.t[1], 2)), 2 * this.c0);
    this.c0 = 0;
    this.s0Last = s0;
    this.gen2 += young1;
    this.tally.collection(w, 1, i, young0 + share, heap > 0 ? Math.min(1, share / heap) : 1);
    this.refill(w, i, w.close !== null && k >= w.n - 1);
  }

  private collect(w: Window, k: number, g: number, i: number): void {
    // The recorded collection right after this item: its own before/after values apply.
    const atEnd = w.close !== null && k >= w.n - 1;
    const young0 = this.c0 * w.r0;
    const s0 = w.s0.value(i);
    const young1 = Math.max(0, s0 - this.s0Last) * w.r1;
    const examined = young0 + (g >= 1 ? young1 : 0) + (g === 2 ? this.gen2 : 0);
    if (g === 0) this.c1++;
    else if (g === 1) this.c2++;
    this.c0 = 0;
    if (g >= 1) this.c1 = 0;
    if (g === 2) this.c2 = 0;
    if (g >= 1) {
      const s1 = w.s1.value(i);
      const s = Math.round(s1 - this.s1Last);
      this.s1Last = s1;
      this.s0Last = s0;
      if (g === 1) {
        this.pending = Math.max(0, this.pending + s);
        this.gen2 = Math.max(0, this.gen2 + s);
      } else {
        const ll = atEnd ? w.llEnd : w.llMid;
        this.pending = 0;
        this.total = ll === null ? this.gen2 + young0 + young1 : Math.max(0, ll - this.frozenExtra);
        this.gen2 = this.total;
      }
    }
    this.tally.collection(w, g, i, examined, 0);
    this.refill(w, i, atEnd);
  }

  /** The collection refilled the freelists from the garbage it freed: the next allocations of those types do not count. */
  private refill(w: Window, i: number, atEnd: boolean): void {
    const base = atEnd ? w.baseEnd : w.baseMid;
    for (let k = 0; k < this.caps.length; k++) {
      const m = w.material[k].value(i);
      const avail = m - this.matLast[k];
      this.matLast[k] = m;
      if (base[k] < 0) continue;
      this.absorb += Math.max(0, Math.round(Math.min(this.caps[k] - base[k], avail)));
    }
  }

  finish(w: Window, iEnd: number): CandidateTotals {
    return this.tally.finish(w, iEnd, this.froze);
  }
}
