// The observables a trace can ask for, with the allocations the real call makes
// (gc.get_count() and gc.get_threshold() build a tuple, gc.get_stats() a list of
// dicts): those temporaries move the gen-0 count like any other object.
import { NONE, F_FINALIZED } from '../model/heap.js';
import type { Runtime } from '../model/runtime.js';
import { newTuple, newList, newDict } from '../model/create.js';
import { runScheduled } from '../collector/collect.js';
import { freezeCount, getThreshold, getCount } from '../collector/control.js';
import type { PyValue } from '../model/pyformat.js';
import type { OBSERVABLES } from '../trace/schema.js';

export interface Observation {
  event: number;
  what: string;
  value: PyValue;
}

export type Observable = (typeof OBSERVABLES)[number];

/** A temporary result object: made after the value is read, alive across the call's eval-breaker check. */
function withTemporary(rt: Runtime, make: () => number): void {
  const o = make();
  runScheduled(rt);
  rt.decref(o);
  rt.drain();
}

export function statsValue(rt: Runtime): PyValue {
  return rt.gc.stats.map((s) => ({ collections: s.collections, collected: s.collected, uncollectable: s.uncollectable }));
}

export function observe(rt: Runtime, what: Observable, target: number): PyValue {
  const gc = rt.gc;
  switch (what) {
    case 'count': {
      const v = { tuple: getCount(rt) };
      withTemporary(rt, () => newTuple(rt, [NONE, NONE, NONE], 'new'));
      return v;
    }
    case 'threshold': {
      const v = { tuple: getThreshold(rt) };
      withTemporary(rt, () => newTuple(rt, [NONE, NONE, NONE], 'new'));
      return v;
    }
    case 'stats': {
      const v = statsValue(rt);
      withTemporary(rt, () => {
        const list = newList(rt, []);
        for (let i = 0; i < 3; i++) {
          const d = newDict(rt, []);
          rt.heap.edges.push(list, d); // PyList_Append takes a reference; the builder's goes
        }
        return list;
      });
      return v;
    }
    case 'enabled': return gc.enabled;
    case 'garbage': return gc.garbage.length;
    case 'freeze_count': return freezeCount(rt);
    case 'refcount': return rt.heap.refcnt[target] + 1; // sys.getrefcount(obj): + the argument
    case 'alive': { const t = rt.wrTarget.get(target); return t !== undefined && t !== NONE; }
    case 'finalized': return (rt.heap.flags[target] & F_FINALIZED) !== 0;
    case 'tracked': return rt.isTracked(target);
  }
}
