// Entry points: automatic collections (allocator trigger or eval-breaker safe
// point), gc.collect(generation), and generation selection.
import type { Runtime } from '../model/runtime.js';
import { collectGeneration } from './generational.js';
import { incrementalAutomatic, incrementalManual } from './incremental.js';

/**
 * gc_collect_generations (<= 3.12) / gc_select_generation (3.13+): the oldest
 * generation whose count exceeds its threshold, skipping a full collection
 * while fewer than 25% of long-lived objects are new (bpo-4074).
 */
export function selectGeneration(rt: Runtime): number {
  const gc = rt.gc;
  for (let i = 2; i >= 0; i--) {
    if (gc.count[i] > gc.threshold[i]) {
      if (i === 2 && gc.longLivedPending < Math.floor(gc.longLivedTotal / 4)) continue;
      return i;
    }
  }
  return -1;
}

/** An automatic collection, its trigger conditions already met. */
export function collectAutomatic(rt: Runtime): void {
  const gc = rt.gc;
  if (rt.profile.collector === 'incremental') {
    incrementalAutomatic(rt);
    return;
  }
  const g = selectGeneration(rt);
  if (g < 0) return;
  gc.collecting = true;
  collectGeneration(rt, g, 'automatic');
  gc.collecting = false;
}

/** An eval-breaker check (3.12+): run the collection _Py_ScheduleGC asked for. */
export function runScheduled(rt: Runtime): void {
  const gc = rt.gc;
  if (!gc.scheduled || rt.holdSafepoints) return;
  gc.scheduled = false;
  if (!gc.enabled || gc.collecting) return;
  collectAutomatic(rt);
}

/** gc.collect(generation): ignores thresholds and gc.disable(); 0 while a collection runs. */
export function collectManual(rt: Runtime, generation: number): number {
  const gc = rt.gc;
  if (gc.collecting) return 0;
  if (rt.profile.collector === 'incremental') return incrementalManual(rt, generation);
  gc.collecting = true;
  const n = collectGeneration(rt, generation, 'manual');
  gc.collecting = false;
  return n;
}
