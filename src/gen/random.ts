// Seeded random traces for the oracle tests and the benchmark: cycles,
// finalizers (printing, resurrecting, cycle-breaking), weakrefs with callbacks,
// freeze, threshold changes, DEBUG_SAVEALL, enable/disable, and long runs of
// cyclic garbage that drive automatic collections of every generation.
// Every object an event names is held by a variable, so CPython can run it.
import type { Event, Trace, TypeDecl } from '../trace/schema.js';

/** mulberry32: small, fast, good enough for test inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenOptions {
  seed: number;
  /** Approximate number of events. */
  events?: number;
  /** Include a legacy tp_del class (needs _testcapi.with_tp_del in the interpreter). */
  legacy?: boolean;
  /** Observe gc.is_finalized() (new in 3.9; default true). */
  isFinalized?: boolean;
  /**
   * Allow gc.unfreeze() (the interpreter's frozen heap joins generation 2); on
   * by default with extras. 3.14.0-3.14.4 traces need it off: their increments
   * follow references through that heap, whose shape the model does not know.
   */
  unfreeze?: boolean;
  vars?: number;
  /**
   * Also weakref.finalize (bound methods and functions, with arguments), gc.unfreeze(),
   * interpreter exit (finalize's atexit hook), and a long run at the default
   * thresholds (so 3.13+'s 2000 decides when the first collections come).
   */
  extras?: boolean;
  /** With extras: weakref.finalize too (default true; 3.7/3.8's finalize is not modelled). */
  finalize?: boolean;
}

type Kind = 'Node' | 'Slot' | 'Del' | 'Res' | 'Brk' | 'Leg' | 'Fin' | 'finalize' | 'list' | 'tuple' | 'dict' | 'set' | 'str' | 'weakref';

const TYPES: Record<string, TypeDecl> = {
  Node: { fields: ['a', 'b', 'c'] },
  Slot: { slots: true, fields: ['x', 'y'] },
  Del: { fields: ['a', 'b'], del: { print: 'del {self.name}' } },
  Res: { fields: ['a'], del: { resurrect: true } },
  Brk: { fields: ['a', 'b'], del: { clear: ['a'] } },
  Leg: { fields: ['a'], tp_del: true },
};

/** A class whose method a weakref.finalize may call (extras only). */
const FIN_TYPE: TypeDecl = { fields: ['a'], methods: { close: { print: 'close {self.name}' } } };

const FIELDS: Record<string, string[]> = { Node: ['a', 'b', 'c'], Slot: ['x', 'y'], Del: ['a', 'b'], Res: ['a'], Brk: ['a', 'b'], Leg: ['a'], Fin: ['a'] };

export function randomTrace(opts: GenOptions): Trace {
  const r = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const nvars = opts.vars ?? 4 + Math.floor(r() * 10);
  const vars = Array.from({ length: nvars }, (_, i) => `v${i}`);
  const bound = new Map<string, { id: number; kind: Kind }>();
  const kinds = new Map<number, Kind>();
  const events: Event[] = [];
  let nextId = 0;
  const classes: Kind[] = ['Node', 'Node', 'Slot', 'Del', 'Res', 'Brk', ...(opts.legacy ? ['Leg' as Kind] : []), ...(opts.extras ? ['Fin' as Kind] : [])];

  /** Record an event and keep track of which variable holds which object. */
  const emit = (ev: Event): void => {
    events.push(ev);
    if ((ev.op === 'new' || ev.op === 'weakref' || ev.op === 'finalize') && ev.bind) bound.set(ev.bind, { id: ev.id as number, kind: kinds.get(ev.id as number)! });
    else if (ev.op === 'bind') {
      if (ev.to === null) bound.delete(ev.var);
      else bound.set(ev.var, { id: ev.to as number, kind: kinds.get(ev.to as number)! });
    } else if (ev.op === 'unbind') for (const v of ev.vars) bound.delete(v);
  };
  const fresh = (kind: Kind): number => {
    const id = nextId++;
    kinds.set(id, kind);
    return id;
  };
  const boundVar = (pred: (k: Kind) => boolean = () => true): string | undefined => {
    const vs = vars.filter((v) => bound.has(v) && pred(bound.get(v)!.kind));
    return vs.length ? pick(vs) : undefined;
  };
  const refOrNone = (): number | null => {
    const v = boundVar((k) => k !== 'weakref' || chance(0.2));
    return v === undefined || chance(0.15) ? null : bound.get(v)!.id;
  };
  const isInstance = (k: Kind) => k in FIELDS;
  /** Set items must be hashable: instances and strings (not lists, dicts, sets, or tuples that may hold them). */
  const hashable = (): number | null => {
    const v = boundVar((k) => isInstance(k) || k === 'str');
    return v === undefined ? null : bound.get(v)!.id;
  };

  const newObject = (bind: string): void => {
    const roll = r();
    if (roll < 0.6) {
      const type = pick(classes);
      const fields: Record<string, number | null> = {};
      // Like an __init__: every attribute is set (None or an object), so a class's
      // shared keys never run out of room (that case has its own fixture).
      for (const f of FIELDS[type]) fields[f] = chance(0.5) ? refOrNone() : null;
      const id = fresh(type);
      emit({ op: 'new', id, type, bind, fields, ...(type === 'Del' || type === 'Fin' ? { values: { name: `n${id}` } } : {}) });
    } else if (roll < 0.72) {
      const items = Array.from({ length: Math.floor(r() * 4) }, refOrNone);
      emit({ op: 'new', id: fresh('list'), type: 'list', bind, items });
    } else if (roll < 0.8) {
      const items = Array.from({ length: Math.floor(r() * 4) }, refOrNone);
      emit({ op: 'new', id: fresh('tuple'), type: 'tuple', bind, items });
    } else if (roll < 0.88) {
      const fields: Record<string, number | null> = {};
      for (const k of ['k1', 'k2', 'k3']) if (chance(0.5)) fields[k] = refOrNone();
      emit({ op: 'new', id: fresh('dict'), type: 'dict', bind, fields });
    } else if (roll < 0.93) {
      // At most one item: a set traverses its items in hash-table order, which
      // depends on object addresses (a known gap of the model).
      emit({ op: 'new', id: fresh('set'), type: 'set', bind, items: Array.from({ length: Math.floor(r() * 2) }, hashable).filter((x) => x !== null) });
    } else {
      emit({ op: 'new', id: fresh('str'), type: 'str', bind });
    }
  };

  /**
   * A burst of cyclic garbage: pairs of objects linked both ways, then dropped.
   * A long burst keeps some of them in a list, so survivors reach the older
   * generations and full automatic collections come due.
   */
  const churn = (n: number, keepSome: boolean): void => {
    const [tmpA, tmpB] = ['ta', 'tb'];
    const keep = keepSome ? fresh('list') : -1;
    if (keepSome) emit({ op: 'new', id: keep, type: 'list', bind: 'keep', items: [] });
    for (let k = 0; k < n; k++) {
      const ta = chance(0.9) ? 'Node' : pick(classes.filter((c) => c !== 'Res'));
      const a = fresh(ta);
      const b = fresh('Node');
      emit({ op: 'new', id: a, type: ta, bind: tmpA, fields: Object.fromEntries(FIELDS[ta].map((f) => [f, null])), ...(ta === 'Del' ? { values: { name: `n${a}` } } : {}) });
      emit({ op: 'new', id: b, type: 'Node', bind: tmpB, fields: { a, b: null, c: null } });
      emit({ op: 'set', obj: a, field: FIELDS[ta][0], to: b });
      if (chance(0.05)) emit({ op: 'bind', var: pick(vars), to: chance(0.5) ? a : b });
      if (keepSome && chance(0.3)) emit({ op: 'append', obj: keep, to: a });
      emit({ op: 'unbind', vars: [tmpA, tmpB] });
    }
    if (keepSome && chance(0.5)) emit({ op: 'unbind', vars: ['keep'] });
  };

  /** weakref.finalize(obj, func, *args): a bound method (maybe of obj itself, which keeps it alive) or a printing function. */
  const finalize = (): void => {
    const v = boundVar(isInstance);
    if (!v) return;
    const target = bound.get(v)!.id;
    const self = boundVar((k) => k === 'Fin');
    const func = self && chance(0.6) ? { method: 'close', self: bound.get(self)!.id } : { print: `fin ${nextId}` };
    const args = Array.from({ length: Math.floor(r() * 2) }, refOrNone).filter((a): a is number => a !== null);
    const id = fresh('finalize');
    emit({ op: 'finalize', id, target, func, ...(args.length ? { args } : {}), ...(chance(0.7) ? { bind: pick(vars) } : {}) });
  };

  const target = opts.events ?? 60 + Math.floor(r() * 400);
  // Some extras traces keep the default thresholds through a long run: the first
  // automatic collections come when the version's threshold 0 (700 or 2000) says.
  const defaultRun = opts.extras && chance(0.3);
  if (defaultRun) churn(1100 + Math.floor(r() * 400), chance(0.5));
  // Low thresholds in most traces, so that automatic collections of every
  // generation (and, in 3.14.0-3.14.4, marks and increments) happen often.
  else if (chance(0.75)) emit({ op: 'set_threshold', thresholds: [10 + Math.floor(r() * 140), 1 + Math.floor(r() * 5), 1 + Math.floor(r() * 5)] });
  let frozen = false;
  while (events.length < target) {
    const roll = r();
    if (roll < 0.3) {
      newObject(pick(vars));
    } else if (roll < 0.45) {
      const v = boundVar(isInstance);
      if (v) {
        const o = bound.get(v)!;
        emit({ op: 'set', obj: o.id, field: pick(FIELDS[o.kind]), to: refOrNone() });
      }
    } else if (roll < 0.5) {
      const v = boundVar((k) => k === 'list');
      const to = v && bound.get(v)!.kind === 'set' ? hashable() : refOrNone();
      if (v && to !== null) emit({ op: 'append', obj: bound.get(v)!.id, to });
    } else if (roll < 0.6) {
      const v = boundVar();
      if (v) emit({ op: 'unbind', vars: [v] });
    } else if (roll < 0.65) {
      const from = boundVar();
      if (from) emit({ op: 'bind', var: pick(vars), to: bound.get(from)!.id });
    } else if (roll < 0.7) {
      const v = boundVar((k) => isInstance(k) || k === 'set');
      if (v) {
        const id = fresh('weakref');
        const ev: Event = { op: 'weakref', id, target: bound.get(v)!.id, bind: pick(vars) };
        if (chance(0.6)) ev.callback = { print: `cb w${id}` };
        emit(ev);
      }
    } else if (roll < 0.74) {
      emit({ op: 'collect', gen: pick([0, 1, 2, 2]) });
    } else if (roll < 0.8) {
      const long = chance(0.2);
      // A full collection first makes long_lived_total small (the interpreter's
      // frozen heap no longer counts), so the long run reaches automatic gen-2 collections.
      if (long && chance(0.9)) emit({ op: 'collect' });
      churn(long ? 100 + Math.floor(r() * 600) : 3 + Math.floor(r() * 20), long);
    } else if (roll < 0.82) {
      emit({ op: 'set_threshold', thresholds: [10 + Math.floor(r() * 300), 1 + Math.floor(r() * 10), 1 + Math.floor(r() * 10)] });
    } else if (roll < 0.84) {
      emit({ op: chance(0.5) ? 'disable' : 'enable' });
    } else if (roll < 0.86) {
      if (opts.extras && opts.finalize !== false && chance(0.4)) finalize();
      else if (!frozen || !(opts.unfreeze ?? opts.extras) || chance(0.3)) { emit({ op: 'freeze' }); frozen = true; }
      else { emit({ op: 'unfreeze' }); frozen = false; }
    } else if (roll < 0.88) {
      emit({ op: 'set_debug', flags: chance(0.5) ? 32 : 0 });
    } else if (roll < 0.9) {
      emit({ op: 'garbage_clear' });
    } else if (roll < 0.93) {
      emit({ op: 'observe', what: pick(['count', 'count', 'garbage', 'enabled', 'threshold'] as const) });
    } else if (roll < 0.96) {
      const v = boundVar((k) => k === 'weakref');
      if (v) emit({ op: 'observe', what: 'alive', obj: bound.get(v)!.id });
    } else {
      const v = boundVar(isInstance);
      if (v) emit({ op: 'observe', what: pick(opts.isFinalized === false ? (['refcount', 'tracked'] as const) : (['refcount', 'tracked', 'finalized'] as const)), obj: bound.get(v)!.id });
    }
  }
  // A final long run with small thresholds, after a full collection, in many traces:
  // enough survivors reach generation 2 for automatic full collections.
  if (chance(0.4)) {
    emit({ op: 'set_threshold', thresholds: [10 + Math.floor(r() * 30), 1 + Math.floor(r() * 3), 1 + Math.floor(r() * 3)] });
    emit({ op: 'collect' });
    if (chance(0.2)) emit({ op: 'enable' });
    churn(150 + Math.floor(r() * 250), true);
  }
  if (chance(0.5)) emit({ op: 'collect' });
  // Interpreter exit: pending weakref.finalize callbacks run, newest first.
  if (opts.extras && chance(0.5)) emit({ op: 'exit' });
  const types = Object.fromEntries(Object.entries({ ...TYPES, ...(opts.extras ? { Fin: FIN_TYPE } : {}) }).filter(([k]) => k !== 'Leg' || opts.legacy));
  return { format: 'gcdiag-trace', version: 1, description: `random trace, seed ${opts.seed}`, types, events };
}
