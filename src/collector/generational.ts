// The generational collector: gc_collect_main (CPython 3.11 Modules/gcmodule.c;
// 3.12 gcmodule.c and 3.13/3.14.5+ Python/gc.c differ only as the profile says).
import { clearFreelists } from './state.js';
import type { Runtime, CollectionRecord } from '../model/runtime.js';
import { listMerge, listSize } from './gclist.js';
import { deduceUnreachable, untrackTuples, untrackDicts } from './reachability.js';
import {
  moveLegacyFinalizers, moveLegacyFinalizerReachable, handleWeakrefs, finalizeGarbage,
  handleResurrectedObjects, checkGarbage, deleteGarbage, handleLegacyFinalizers,
} from './garbage.js';
import { clearWeakrefsOf } from './weakrefpass.js';

export interface CollectResult {
  collected: number;
  uncollectable: number;
  examined: number;
  finalizers: number;
}

/** gc_collect_main(generation): returns m + n via the result; updates counts and stats. */
export function collectGeneration(rt: Runtime, generation: number, trigger: CollectionRecord['trigger']): number {
  const gc = rt.gc;
  const h = rt.heap;
  const countBefore = [...gc.count] as [number, number, number];
  // "gen N+1 counts collections of gen N"; younger counts restart.
  if (generation + 1 < 3) gc.count[generation + 1]++;
  for (let i = 0; i <= generation; i++) gc.count[i] = 0;
  // Merge younger generations into the one being collected.
  for (let i = 0; i < generation; i++) listMerge(h, gc.gen[i], gc.gen[generation]);
  const young = gc.gen[generation];
  const old = generation < 2 ? gc.gen[generation + 1] : young;
  const examined = listSize(h, young);
  const r = collectRegion(rt, young, old, (survivors) => {
    if (young !== old) {
      if (generation === 1) gc.longLivedPending += survivors;
      listMerge(h, young, old);
    } else {
      // Only full collections untrack dicts, to avoid quadratic dict build-up (bpo-14775).
      if (rt.profile.untrackDicts) untrackDicts(rt, young);
      gc.longLivedPending = 0;
      gc.longLivedTotal = listSize(h, young);
    }
  });
  if (generation === 2) clearFreelists(rt);
  const st = gc.stats[generation];
  st.collections++;
  st.collected += r.collected;
  st.uncollectable += r.uncollectable;
  rt.collections.push({
    event: rt.event, generation, trigger, examined, collected: r.collected, uncollectable: r.uncollectable,
    finalizers: r.finalizers, countBefore,
  });
  return r.collected + r.uncollectable;
}

/**
 * The pipeline shared by the generational and incremental collectors
 * (gc_collect_region in 3.14): find the unreachable objects of `young`, let
 * `onSurvivors` place the reachable ones, then weakrefs, finalizers,
 * resurrection, tp_clear, legacy finalizers. Survivors of the later phases go to `old`.
 */
export function collectRegion(
  rt: Runtime, young: number, old: number, onSurvivors: (n: number) => void,
): CollectResult {
  const h = rt.heap;
  const unreachable = h.newHead();
  const finalizers = h.newHead();
  const examined = listSize(h, young);
  deduceUnreachable(rt, young, unreachable);
  untrackTuples(rt, young);
  onSurvivors(listSize(h, young));
  moveLegacyFinalizers(rt, unreachable, finalizers);
  moveLegacyFinalizerReachable(rt, finalizers);
  let m = 0;
  let finalizerCalls = 0;
  if (rt.profile.resurrection === 'revive-all') {
    if (!rt.profile.countAfterCheck) m = listSize(h, unreachable);
    m += handleWeakrefs(rt, unreachable, old);
    finalizerCalls = finalizeGarbage(rt, unreachable);
    if (checkGarbage(rt, unreachable)) listMerge(h, unreachable, old);
    else {
      if (rt.profile.countAfterCheck) m += listSize(h, unreachable);
      deleteGarbage(rt, unreachable, old);
    }
  } else {
    m += handleWeakrefs(rt, unreachable, old);
    finalizerCalls = finalizeGarbage(rt, unreachable);
    const finalUnreachable = h.newHead();
    handleResurrectedObjects(rt, unreachable, finalUnreachable, old);
    if (rt.profile.secondWeakrefPass) clearWeakrefsOf(rt, finalUnreachable);
    m += listSize(h, finalUnreachable);
    deleteGarbage(rt, finalUnreachable, old);
    h.releaseIndex(finalUnreachable);
  }
  let n = 0;
  for (let o = h.next[finalizers]; o !== finalizers; o = h.next[o]) n++;
  handleLegacyFinalizers(rt, finalizers, old);
  h.releaseIndex(unreachable);
  h.releaseIndex(finalizers);
  return { collected: m, uncollectable: n, examined, finalizers: finalizerCalls };
}
