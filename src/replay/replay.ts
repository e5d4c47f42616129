// Replaying a trace on the model: the pure core behind `gcdiag replay`.
import { Runtime, type Baseline, type CallRecord, type CollectionRecord } from '../model/runtime.js';
import { profileFor, DEFAULT_PYTHON, type Profile } from '../model/profiles.js';
import type { TraceHeader, Event } from '../trace/schema.js';
import type { EventBatch } from '../trace/load.js';
import { executeEvent, type ExecContext } from './execute.js';
import { statsValue, type Observation } from './observe.js';
import { freezeCount, getThreshold, getCount } from '../collector/control.js';
import { listSize } from '../collector/gclist.js';
import { runScheduled } from '../collector/collect.js';
import { EventError, InputError, UsageError } from '../errors.js';

export interface ReplayOptions {
  python?: string;
  /** Use this profile as is (for measuring what a rule is worth); overrides python. */
  profile?: Profile;
  thresholds?: number[];
  baseline?: Baseline;
}

export interface TypeCount {
  type: string;
  count: number;
}

export interface EndState {
  count: [number, number, number];
  threshold: [number, number, number];
  stats: { collections: number; collected: number; uncollectable: number }[];
  enabled: boolean;
  /** gc.garbage entries as "Type id". */
  garbage: string[];
  freezeCount: number;
  generations: [number, number, number];
  liveObjects: number;
  liveBytes: number;
  liveByType: TypeCount[];
  peakObjects: number;
  peakBytes: number;
}

export interface ReplayResult {
  file: string;
  description?: string;
  python: { profile: string; versions: string; collector: string };
  thresholds: [number, number, number];
  events: number;
  collections: CollectionRecord[];
  calls: CallRecord[];
  observations: Observation[];
  end: EndState;
}

const UNKNOWN_VERSION = 'expected 2.7, 3.4 to 3.13, or 3.14.0 to 3.14.x; 3.15 is not modelled yet';

/** The profile for --python (a usage error when unknown). */
export function resolveProfile(version: string | undefined): Profile {
  const v = version ?? DEFAULT_PYTHON;
  const p = profileFor(v);
  if (!p) throw new UsageError(`--python ${JSON.stringify(v)}: unknown CPython version (${UNKNOWN_VERSION})`);
  return p;
}

/** --python if given, else the trace's "python" (an input error naming the file when unknown). */
function profileOf(file: string, header: TraceHeader, python: string | undefined): Profile {
  if (python !== undefined || header.python === undefined) return resolveProfile(python);
  const p = profileFor(header.python);
  if (!p) throw new InputError(file, '$.python', `unknown CPython version ${JSON.stringify(header.python)} (${UNKNOWN_VERSION})`);
  return p;
}

export class Replayer {
  readonly rt: Runtime;
  private cx: ExecContext;
  private endState?: EndState;
  count = 0;

  constructor(readonly file: string, readonly header: TraceHeader, opts: ReplayOptions = {}) {
    const profile = opts.profile ?? profileOf(file, header, opts.python);
    this.rt = new Runtime(profile, opts.thresholds ?? header.thresholds, opts.baseline);
    for (const [name, decl] of Object.entries(header.types)) {
      if (this.rt.types.get(name)) throw new InputError(file, `$.types[${JSON.stringify(name)}]`, `${name} is a builtin type name; choose another class name`);
      if (decl.container === false && (decl.fields?.length || decl.slots || decl.del || decl.tp_del)) {
        throw new InputError(file, `$.types[${JSON.stringify(name)}]`, 'a non-container type ("container": false) holds no references: no fields, slots, __del__ or tp_del');
      }
      this.rt.types.declare(name, decl);
      this.rt.declaredFields.set(name, decl.fields ?? []);
    }
    // In explicit mode only `safepoint` events run scheduled collections.
    this.rt.holdSafepoints = header.safepoints === 'explicit';
    this.cx = { rt: this.rt, observations: [], named: new Map(), exited: false, onExit: () => { this.endState = this.captureEnd(); } };
  }

  /** Apply one event; errors name the file and the line or event index. */
  apply(ev: Event, line?: number): void {
    const i = this.count++;
    try {
      executeEvent(this.cx, ev, i);
    } catch (e) {
      if (e instanceof EventError) throw new InputError(this.file, line ? `line ${line} (event ${i})` : `$.events[${i}]`, e.message);
      throw e;
    }
  }

  async applyAll(batches: AsyncIterable<EventBatch>): Promise<void> {
    for await (const { events, lines } of batches) {
      for (let i = 0; i < events.length; i++) this.apply(events[i], lines?.[i]);
    }
  }

  private captureEnd(): EndState {
    const rt = this.rt;
    const byType: TypeCount[] = [];
    rt.liveByType.forEach((n, t) => {
      if (n > 0 && !rt.types.all[t].name.startsWith('<')) byType.push({ type: rt.types.all[t].name, count: n });
    });
    byType.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
    const gens = rt.gc.gen.map((g) => listSize(rt.heap, g)) as [number, number, number];
    return {
      count: getCount(rt), threshold: getThreshold(rt), stats: statsValue(rt) as EndState['stats'],
      enabled: rt.gc.enabled, garbage: rt.gc.garbage.map((o) => `${rt.typeOf(o).name} ${rt.heap.ids[o] ?? "?"}`),
      freezeCount: freezeCount(rt), generations: gens, liveObjects: rt.live, liveBytes: rt.liveBytes,
      liveByType: byType, peakObjects: rt.peakLive, peakBytes: rt.peakBytes,
    };
  }

  finish(): ReplayResult {
    const rt = this.rt;
    if (!this.cx.exited && !rt.holdSafepoints) runScheduled(rt);
    const end = this.endState ?? this.captureEnd();
    return {
      file: this.file, description: this.header.description,
      python: { profile: rt.profile.name, versions: rt.profile.versions, collector: rt.profile.collector },
      thresholds: [...rt.gc.threshold] as [number, number, number],
      events: this.count, collections: rt.collections, calls: rt.calls, observations: this.cx.observations, end,
    };
  }
}

/** Replay a whole in-memory trace. */
export function replayTrace(file: string, header: TraceHeader, events: Event[], opts: ReplayOptions = {}): ReplayResult {
  const r = new Replayer(file, header, opts);
  for (const ev of events) r.apply(ev);
  return r.finish();
}
