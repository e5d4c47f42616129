// The model loaded with a whole object graph at once (a heap snapshot), so the
// collector's own phases answer "what would a full collection free?".
import { Kind, NONE, F_TRACKED, F_FINALIZED, F_IMMORTAL } from './heap.js';
import { Runtime } from './runtime.js';
import { profileFor, DEFAULT_PYTHON, type Profile } from './profiles.js';
import type { TypeInfo } from './types.js';
import type { HeapGraph } from '../snapshot/graph.js';
import { FLAG_GC, FLAG_TRACKED, FLAG_FINALIZER, FLAG_TP_DEL, FLAG_FINALIZED, FLAG_IMMORTAL, GEN_PERMANENT } from '../snapshot/schema.js';

/** The flags that make a snapshot type a distinct model type. */
const TYPE_FLAGS = FLAG_GC | FLAG_FINALIZER | FLAG_TP_DEL;
/** Keys type * stride + flags stay apart for any flags under the stride (a stride of 8 once merged tp_del types with the next). */
const TYPE_KEY_STRIDE = 2 ** (32 - Math.clz32(TYPE_FLAGS));
import { listAppend, listMerge, listInit } from '../collector/gclist.js';
import { deduceUnreachable } from '../collector/reachability.js';
import { moveLegacyFinalizers, moveLegacyFinalizerReachable } from '../collector/garbage.js';

export interface GraphState {
  rt: Runtime;
  /** Model object of each graph object. */
  objOf: Int32Array;
  /** Graph index of each model object (-1 for heads). */
  indexOf: Int32Array;
}

/** The profile for the snapshot's Python version. */
export function profileForGraph(g: HeapGraph): Profile {
  return profileFor(g.header.python.version.split('.').slice(0, 3).join('.')) ?? profileFor(DEFAULT_PYTHON)!;
}

/**
 * Build model objects for every graph object: refcounts as captured, edges in
 * traverse order, tracked objects in their generation lists (permanent objects
 * are never examined, as after gc.freeze()).
 */
export function loadGraph(g: HeapGraph, profile = profileForGraph(g)): GraphState {
  const rt = new Runtime(profile);
  const h = rt.heap;
  const types = new Map<number, TypeInfo>();
  const typeFor = (i: number): TypeInfo => {
    const key = g.type[i] * TYPE_KEY_STRIDE + (g.flags[i] & TYPE_FLAGS);
    let t = types.get(key);
    if (!t) {
      t = rt.types.declare(`${g.strings[g.type[i]]}#${types.size}`, {
        slots: true, del: (g.flags[i] & FLAG_FINALIZER) !== 0, tp_del: (g.flags[i] & FLAG_TP_DEL) !== 0,
      });
      if ((g.flags[i] & FLAG_GC) === 0) t.kind = Kind.Atomic;
      types.set(key, t);
    }
    return t;
  };
  const objOf = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) {
    const t = typeFor(i);
    const o = rt.newObject(t, 0, g.size[i]);
    objOf[i] = o;
    h.refcnt[o] = g.refcount[i];
    if (g.flags[i] & FLAG_FINALIZED) h.flags[o] |= F_FINALIZED;
    if (g.flags[i] & FLAG_IMMORTAL) h.flags[o] |= F_IMMORTAL;
  }
  const indexOf = new Int32Array(h.top).fill(-1);
  for (let i = 0; i < g.n; i++) {
    const o = objOf[i];
    indexOf[o] = i;
    const from = g.firstEdge[i];
    const to = g.firstEdge[i + 1];
    h.edges.init(o, to - from, NONE);
    for (let e = from; e < to; e++) h.edges.put(o, e - from, objOf[g.edgeTo[e]], NONE);
    if ((g.flags[i] & FLAG_TRACKED) && (g.flags[i] & FLAG_GC)) {
      h.flags[o] |= F_TRACKED;
      const gen = g.gen[i];
      listAppend(h, o, gen === GEN_PERMANENT ? rt.gc.permanent : rt.gc.gen[gen >= 0 && gen <= 2 ? gen : gen === 4 ? 0 : 2]);
    }
  }
  return { rt, objOf, indexOf };
}

export interface FullCollectionVerdict {
  /** 1 for objects a full gc.collect() would find unreachable (and free, barring resurrection). */
  garbage: Uint8Array;
  /** 1 for unreachable objects kept by legacy tp_del finalizers (uncollectable; gc.garbage). */
  uncollectable: Uint8Array;
}

/**
 * What CPython's full collection would decide, using the collector's phases:
 * deduce_unreachable over every tracked (non-frozen) object, then
 * move_legacy_finalizers / move_legacy_finalizer_reachable. Finalizers are not
 * run, so objects a __del__ would resurrect still count as garbage.
 */
export function fullCollectionVerdict(g: HeapGraph, profile?: Profile): FullCollectionVerdict {
  const { rt, indexOf } = loadGraph(g, profile);
  const h = rt.heap;
  const all = rt.gc.gen[2];
  listMerge(h, rt.gc.gen[0], all);
  listMerge(h, rt.gc.gen[1], all);
  const unreachable = h.newHead();
  const finalizers = h.newHead();
  listInit(h, unreachable);
  deduceUnreachable(rt, all, unreachable);
  moveLegacyFinalizers(rt, unreachable, finalizers);
  moveLegacyFinalizerReachable(rt, finalizers);
  const garbage = new Uint8Array(g.n);
  const uncollectable = new Uint8Array(g.n);
  for (let o = h.next[unreachable]; o !== unreachable; o = h.next[o]) garbage[indexOf[o]] = 1;
  for (let o = h.next[finalizers]; o !== finalizers; o = h.next[o]) uncollectable[indexOf[o]] = 1;
  return { garbage, uncollectable };
}
