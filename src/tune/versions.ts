// "What changes when we upgrade?": the profile rules that differ between the
// recorded version and the one the candidates are evaluated on, in words.
import type { Profile } from '../model/profiles.js';

const tuple = (t: readonly number[]): string => `(${t.join(', ')})`;

export function ruleChanges(from: Profile, to: Profile, sampler: string | null): string[] {
  if (from === to) return [];
  const out: string[] = [];
  if (from.thresholds.join() !== to.thresholds.join()) out.push(`default thresholds ${tuple(from.thresholds)} → ${tuple(to.thresholds)}`);
  if (from.trigger !== to.trigger) {
    out.push(to.trigger === 'safepoint'
      ? `${to.name} runs a collection at the next eval-breaker check after count0 passes t0, not inside the allocation (${from.name})`
      : `${to.name} collects inside the allocation that passes t0, not at the next eval-breaker check (${from.name})`);
    if (to.trigger === 'safepoint' && sampler !== 'monitoring') {
      out.push(`this ${from.name} recording (sampler ${sampler ?? 'none'}) has no samples at loop back-edges, where ${to.name} also checks: collections inside long loops are placed at the next call or return, so they come later (fewer in a loop that allocates without calling)`);
    }
  }
  const fa = from.freelists;
  const fb = to.freelists;
  if (fa && fb) {
    const diff: string[] = [];
    if (fa.list !== fb.list) diff.push(`list ${fa.list} → ${fb.list}`);
    if (fa.dict !== fb.dict) diff.push(`dict ${fa.dict} → ${fb.dict}`);
    if (fa.tuple !== fb.tuple) diff.push(`tuples per size ${fa.tuple} → ${fb.tuple}`);
    if (fa.tuplePopMax !== fb.tuplePopMax) diff.push(`tuples reused up to size ${fa.tuplePopMax} → ${fb.tuplePopMax}`);
    if (diff.length) out.push(`freelists (their refills make allocations not count): ${diff.join(', ')}`);
  }
  if (to.collector === 'incremental' && from.collector !== 'incremental') {
    out.push(`${to.versions} collect incrementally: every automatic run is an increment (counted as generation 1) over the young objects and a share of the old heap; t2 is ignored and there are no automatic full collections. The simulator approximates an increment as young + min(heap / 10 / t1, 2 × young) objects and frees that share of the old garbage: collection counts follow t0 as in ${from.name}, examined and time are rough (the real increment size depends on work_to_do, which a recording does not see)`);
  }
  if (to.countOn !== from.countOn) {
    out.push(`${to.versions} count tracked objects, not allocations: the recorded allocation counter is used as is (objects created untracked, e.g. tuples of atoms on 3.14.1+, made it larger than ${to.name}'s)`);
  }
  return out;
}
