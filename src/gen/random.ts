// Seeded random traces for the oracle tests and the benchmark: cycles,
// finalizers (printing, resurrecting, cycle-breaking), weakrefs with callbacks,
// freeze, threshold changes (tiny ones too, and in the header), DEBUG_SAVEALL,
// enable/disable, long runs of cyclic garbage that drive automatic collections
// of every generation, attributes deleted and set again, __slots__ instances
// with values, repeat loops that rebind variables bound before them, and print
// templates in every place a trace has one (literal braces, floats, named values,
// freeze counts). Every object an event names is held by a variable, so CPython can run it.
import type { Event, BodyEvent, Trace, TypeDecl } from '../trace/schema.js';

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
  /**
   * Allow tiny thresholds (gen 0 at 1-4; default true). 3.14.0-3.14.4 traces need
   * them off: there the oracle's own observations run increments the model does not
   * count (README, Known gaps). Off, the same draws give low thresholds instead.
   */
  tiny?: boolean;
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
  // A __slots__ class whose instances may have values (each name gets a slot) and a __del__ that shows them.
  Slot: { slots: true, fields: ['x', 'y'], del: { print: 'sdel {self.name} {{{self.f}}}' } },
  Del: { fields: ['a', 'b'], del: { print: 'del {self.name} {self.f}' } },
  Res: { fields: ['a'], del: { resurrect: true } },
  Brk: { fields: ['a', 'b'], del: { clear: ['a'] } },
  Leg: { fields: ['a'], tp_del: true },
};

/** A class whose method a weakref.finalize may call (extras only). */
const FIN_TYPE: TypeDecl = { fields: ['a'], methods: { close: { print: 'close {self.name} }}{{ {self.f}' } } };

/** Plain values, printed as Python prints them: floats of every notation, integral numbers, braces in text. */
const FLOATS = [1e-05, 0.1, 2.5e-7, 123456789.125, 1e16, 1.5e300, -0.0, 3.0, -42.75, 0.0001, 1e22, 6.02e23];

const FIELDS: Record<string, string[]> = { Node: ['a', 'b', 'c'], Slot: ['x', 'y'], Del: ['a', 'b'], Res: ['a'], Brk: ['a', 'b'], Leg: ['a'], Fin: ['a'] };

export function randomTrace(opts: GenOptions): Trace {
  const r = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const nvars = opts.vars ?? 4 + Math.floor(r() * 10);
  const vars = Array.from({ length: nvars }, (_, i) => `v${i}`);
  const bound = new Map<string, { id: number; kind: Kind }>();
  const kinds = new Map<number, Kind>();
  /** Attributes deleted (and not set since) per instance: deleting one twice is an AttributeError. */
  const deleted = new Map<number, Set<string>>();
  /** Values named by an observe/collect "as", for print events. */
  const named: string[] = [];
  /** The keys each dict has now. */
  const dictKeys = new Map<number, Set<string>>();
  let events: Event[] = [];
  let nextId = 0;
  const classes: Kind[] = ['Node', 'Node', 'Slot', 'Del', 'Res', 'Brk', ...(opts.legacy ? ['Leg' as Kind] : []), ...(opts.extras ? ['Fin' as Kind] : [])];

  /** Record an event and keep track of which variable holds which object. */
  const emit = (ev: Event): void => {
    events.push(ev);
    if (ev.op === 'set' && typeof ev.field === 'string') deleted.get(ev.obj as number)?.delete(ev.field);
    if (ev.op === 'del_field') {
      const d = deleted.get(ev.obj as number) ?? new Set<string>();
      d.add(String(ev.field));
      deleted.set(ev.obj as number, d);
    }
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

  /** What a __del__ or method shows: a name (sometimes with braces) and a number (mostly a float). */
  const values = (id: number): Record<string, string | number | boolean | null> => ({
    name: chance(0.1) ? `n{${id}}` : `n${id}`,
    f: chance(0.8) ? pick(FLOATS) : pick([true, false, null, id] as const),
  });

  const newObject = (bind: string): void => {
    const roll = r();
    if (roll < 0.6) {
      const type = pick(classes);
      const fields: Record<string, number | null> = {};
      // Like an __init__: every attribute is set (None or an object), so a class's
      // shared keys never run out of room (that case has its own fixture).
      for (const f of FIELDS[type]) fields[f] = chance(0.5) ? refOrNone() : null;
      const id = fresh(type);
      emit({ op: 'new', id, type, bind, fields, ...(type === 'Del' || type === 'Fin' || (type === 'Slot' && chance(0.6)) ? { values: values(id) } : {}) });
    } else if (roll < 0.72) {
      const items = Array.from({ length: Math.floor(r() * 4) }, refOrNone);
      emit({ op: 'new', id: fresh('list'), type: 'list', bind, items });
    } else if (roll < 0.8) {
      const items = Array.from({ length: Math.floor(r() * 4) }, refOrNone);
      emit({ op: 'new', id: fresh('tuple'), type: 'tuple', bind, items });
    } else if (roll < 0.88) {
      const fields: Record<string, number | null> = {};
      for (const k of ['k1', 'k2', 'k3']) if (chance(0.5)) fields[k] = refOrNone();
      const id = fresh('dict');
      dictKeys.set(id, new Set(Object.keys(fields)));
      emit({ op: 'new', id, type: 'dict', bind, fields });
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
    const func = self && chance(0.6) ? { method: 'close', self: bound.get(self)!.id } : { print: chance(0.8) ? `fin ${nextId}` : `fin }}${nextId}{{` };
    const args = Array.from({ length: Math.floor(r() * 2) }, refOrNone).filter((a): a is number => a !== null);
    const id = fresh('finalize');
    emit({ op: 'finalize', id, target, func, ...(args.length ? { args } : {}), ...(chance(0.7) ? { bind: pick(vars) } : {}) });
  };

  /** Thresholds of 1 to 3 numbers: tiny ones (gen 0 at 1-4) or low ones (10-149). */
  const randomThresholds = (tiny: boolean): number[] => {
    const t = [tiny && (opts.tiny ?? true) ? 1 + Math.floor(r() * 4) : 10 + Math.floor(r() * 140), 1 + Math.floor(r() * 5), 1 + Math.floor(r() * 5)];
    return t.slice(0, chance(0.7) ? 3 : 1 + Math.floor(r() * 2));
  };

  /** A tiny threshold, then what the observations allocate: gc.get_stats() collects inside its own call. */
  const tinyThresholds = (): void => {
    emit({ op: 'set_threshold', thresholds: randomThresholds(true) });
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--) emit(withTemplate({ op: 'observe', what: pick(['stats', 'stats', 'count', 'freeze_count'] as const) }));
    if (chance(0.5)) newObject(pick(vars));
    emit({ op: 'set_threshold', thresholds: randomThresholds(false) });
  };

  /**
   * A print template for an observe or collect, sometimes named for a later
   * print event: "{}" among literal text and literal braces.
   */
  const withTemplate = <E extends Extract<Event, { op: 'observe' | 'collect' }>>(ev: E): E => {
    if (chance(0.5)) ev.print = pick(['{}', `${ev.op === 'collect' ? 'collected' : ev.what}: {}`, '{{{}}}', 'v={} }}{{', '{} {{x}}']);
    if (chance(0.25)) {
      const name = `x${named.length}`;
      ev.as = name;
      named.push(name);
    }
    return ev;
  };

  /** A print event showing earlier named values, with literal braces. */
  const printNamed = (): void => {
    if (!named.length) { emit({ op: 'print', text: pick(['plain', '{{}}', 'a }}{{ b']) }); return; }
    const a = pick(named);
    const b = pick(named);
    emit({ op: 'print', text: pick([`{${a}}`, `${a}={${a}} ${b}={${b}}`, `{{{${a}}}}`, `{${a}}}}`]) });
  };

  /** del obj.attr (an instance's or a dict's), and often set it again: a __dict__ moves it to its end. */
  const attributes = (): void => {
    const v = boundVar((k) => k === 'Node' || k === 'Del' || k === 'Brk' || k === 'dict');
    if (!v) return;
    const o = bound.get(v)!;
    const gone = deleted.get(o.id) ?? new Set<string>();
    const present = (o.kind === 'dict' ? ['k1', 'k2', 'k3'].filter((k) => dictKeys.get(o.id)?.has(k)) : FIELDS[o.kind]).filter((f) => !gone.has(f));
    if (present.length && chance(0.7)) {
      const f = pick(present);
      emit({ op: 'del_field', obj: o.id, field: f });
      if (o.kind === 'dict') dictKeys.get(o.id)!.delete(f);
      if (chance(0.5)) { emit({ op: 'set', obj: o.id, field: f, to: refOrNone() }); if (o.kind === 'dict') dictKeys.get(o.id)!.add(f); }
    } else if (gone.size || o.kind === 'dict') {
      const f = o.kind === 'dict' ? pick(['k1', 'k2', 'k3']) : pick([...gone]);
      emit({ op: 'set', obj: o.id, field: f, to: refOrNone() });
      if (o.kind === 'dict') dictKeys.get(o.id)!.add(f);
    }
  };

  /**
   * A loop whose body rebinds variables that hold objects from before it (new
   * objects, binds), links them to objects that variables the body leaves alone
   * hold, and observes and prints. Every id the body names is reachable through
   * a variable at every iteration, as CPython needs: objects from before the
   * loop only through variables the body does not rebind, and the body's own
   * objects only after the body made them.
   */
  const repeatLoop = (): void => {
    const rebound = vars.filter((v) => bound.has(v) && chance(0.5)).slice(0, 3);
    if (!rebound.length) rebound.push(pick(vars));
    const steady = vars.filter((v) => bound.has(v) && !rebound.includes(v));
    const outside = (): number | null => (steady.length && chance(0.7) ? bound.get(pick(steady))!.id : null);
    const body: BodyEvent[] = [];
    const made: { id: number; kind: Kind; v: string }[] = [];
    const saved = events;
    events = body as Event[];
    for (const v of rebound) {
      const roll = r();
      if (roll < 0.6 || !made.length) {
        const type = pick(['Node', 'Node', 'Del', 'Slot'] as const);
        const fields = Object.fromEntries(FIELDS[type].map((f) => [f, chance(0.5) ? outside() : (made.length && chance(0.5) ? pick(made).id : null)]));
        const id = fresh(type);
        emit({ op: 'new', id, type, bind: v, fields, ...(type !== 'Node' && chance(0.7) ? { values: values(id) } : {}) });
        made.push({ id, kind: type, v });
      } else {
        const m = pick(made);
        emit({ op: 'bind', var: v, to: m.id });
      }
      if (made.length && chance(0.4)) {
        const m = pick(made);
        emit({ op: 'set', obj: m.id, field: pick(FIELDS[m.kind]), to: chance(0.5) ? outside() : pick(made).id });
      }
      if (chance(0.3)) emit(withTemplate({ op: 'observe', what: 'refcount', obj: pick(made).id }));
    }
    if (chance(0.3)) emit(withTemplate({ op: 'observe', what: pick(['count', 'freeze_count'] as const) }));
    if (chance(0.2)) emit({ op: 'print', text: 'loop {{i}}' });
    events = saved;
    emit({ op: 'repeat', times: 2 + Math.floor(r() * 30), body });
  };

  /**
   * A chain of up to 20 objects (some with __del__), each holding the one made
   * before it, dropped at once: deallocation nests as deep as the chain, in
   * CPython's depth-first order. (Deeper nesting meets the trashcan, which
   * defers deallocations past 50 levels: a known gap, see the README.)
   */
  const chain = (): void => {
    let prev: number | null = null;
    for (let k = 2 + Math.floor(r() * 19); k > 0; k--) {
      const type = pick(['Node', 'Del', 'Del'] as const);
      const id = fresh(type);
      const fields: Record<string, number | null> = Object.fromEntries(FIELDS[type].map((f) => [f, null]));
      fields.a = prev;
      if (chance(0.2)) fields.b = refOrNone();
      emit({ op: 'new', id, type, bind: 'chain', fields, ...(type === 'Del' ? { values: values(id) } : {}) });
      prev = id;
    }
    if (chance(0.5)) emit({ op: 'set', obj: prev!, field: 'b', to: prev });
    emit({ op: 'unbind', vars: ['chain'] });
  };

  const target = opts.events ?? 60 + Math.floor(r() * 400);
  let header: number[] | undefined;
  // Some extras traces keep the default thresholds through a long run: the first
  // automatic collections come when the version's threshold 0 (700 or 2000) says.
  const defaultRun = opts.extras && chance(0.3);
  if (defaultRun) churn(1100 + Math.floor(r() * 400), chance(0.5));
  // Low thresholds in most traces, so that automatic collections of every
  // generation (and, in 3.14.0-3.14.4, marks and increments) happen often;
  // some set them in the header (from the first event on), a few tiny ones.
  else if (chance(0.25)) header = randomThresholds(chance(0.3));
  else if (chance(0.65)) emit({ op: 'set_threshold', thresholds: randomThresholds(false) });
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
        if (chance(0.6)) ev.callback = { print: chance(0.8) ? `cb w${id}` : `cb {{w${id}}}` };
        emit(ev);
      }
    } else if (roll < 0.74) {
      emit(withTemplate({ op: 'collect', gen: pick([0, 1, 2, 2]) }));
    } else if (roll < 0.8) {
      const long = chance(0.2);
      // A full collection first makes long_lived_total small (the interpreter's
      // frozen heap no longer counts), so the long run reaches automatic gen-2 collections.
      if (long && chance(0.9)) emit({ op: 'collect' });
      churn(long ? 100 + Math.floor(r() * 600) : 3 + Math.floor(r() * 20), long);
    } else if (roll < 0.82) {
      if (chance(0.25)) tinyThresholds();
      else if (chance(0.2)) repeatLoop();
      else emit({ op: 'set_threshold', thresholds: [10 + Math.floor(r() * 300), 1 + Math.floor(r() * 10), 1 + Math.floor(r() * 10)] });
    } else if (roll < 0.84) {
      emit({ op: chance(0.5) ? 'disable' : 'enable' });
    } else if (roll < 0.86) {
      if (opts.extras && opts.finalize !== false && chance(0.4)) finalize();
      else if (!frozen || !(opts.unfreeze ?? opts.extras) || chance(0.3)) { emit({ op: 'freeze' }); frozen = true; }
      else { emit({ op: 'unfreeze' }); frozen = false; }
    } else if (roll < 0.88) {
      if (chance(0.3)) chain();
      else emit({ op: 'set_debug', flags: chance(0.5) ? 32 : 0 });
    } else if (roll < 0.9) {
      if (chance(0.5)) emit({ op: 'garbage_clear' });
      else attributes();
    } else if (roll < 0.93) {
      if (chance(0.15)) printNamed();
      else emit(withTemplate({ op: 'observe', what: pick(['count', 'count', 'garbage', 'enabled', 'threshold', 'freeze_count', 'stats'] as const) }));
    } else if (roll < 0.96) {
      const v = boundVar((k) => k === 'weakref');
      if (v) emit(withTemplate({ op: 'observe', what: 'alive', obj: bound.get(v)!.id }));
      else if (chance(0.3)) repeatLoop();
    } else {
      const v = boundVar(isInstance);
      if (v) emit(withTemplate({ op: 'observe', what: pick(opts.isFinalized === false ? (['refcount', 'tracked'] as const) : (['refcount', 'tracked', 'finalized'] as const)), obj: bound.get(v)!.id }));
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
  return { format: 'gcdiag-trace', version: 1, description: `random trace, seed ${opts.seed}`, ...(header ? { thresholds: header } : {}), types, events };
}
