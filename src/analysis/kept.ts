// What goes with the unreachable cycles. A full collection frees (or, behind a
// legacy finalizer, keeps) every unreachable object, not only the members of
// cycles: the dicts, lists and objects in no cycle that only garbage refers to
// go too. Each such loose object is kept by the groups (cycle shapes) whose
// cycles reach it, through any reference and through other loose objects. It
// belongs to a group when that one group's cycles are all that keep it; kept by
// several groups it belongs to none (SHARED), as an object two leaks share is
// retained by neither alone.
import type { HeapGraph } from '../snapshot/graph.js';
import type { Components } from './scc.js';
import type { Verdict } from './cycle-classes.js';

export const NO_GROUP = -1;
export const SHARED = -2;

/** The objects a full collection finds unreachable (freed, or kept by legacy finalizers): a mask and a list. */
export interface Unreachable { mask: Uint8Array; list: Uint32Array }

export function unreachableObjects(v: Verdict): Unreachable {
  const n = v.garbage.length;
  const mask = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i] = v.garbage[i] | v.uncollectable[i];
  const list = new Uint32Array(count);
  for (let i = 0, k = 0; k < count; i++) if (mask[i]) list[k++] = i;
  return { mask, list };
}

export interface Ownership {
  /** Per object: the group whose cycles alone keep it, SHARED, or NO_GROUP (not loose, or no cycle reaches it). */
  owner: Int32Array;
  /** Per object: the first group (in the order walked) whose cycles reach it. */
  first: Int32Array;
}

/**
 * loose: 1 for unreachable objects in no component, looseCount of them.
 * groups[gi]: the components of group gi (only unreachable groups can reach
 * loose objects). Each object is claimed once and turned SHARED at most once,
 * so the walk is linear.
 */
export function ownership(g: HeapGraph, comps: Components, groups: number[][], loose: Uint8Array, looseCount: number): Ownership {
  const { n, firstEdge, edgeTo } = g;
  const owner = new Int32Array(n).fill(NO_GROUP);
  const first = new Int32Array(n).fill(NO_GROUP);
  const claimed = new Uint32Array(looseCount);
  const shared = new Uint32Array(looseCount);
  let nc = 0;
  let ns = 0;
  const reach = (w: number, gi: number) => {
    if (!loose[w]) return;
    const o = owner[w];
    if (o === gi || o === SHARED) return;
    if (o === NO_GROUP) { owner[w] = first[w] = gi; claimed[nc++] = w; return; }
    owner[w] = SHARED; shared[ns++] = w;
  };
  groups.forEach((cs, gi) => {
    for (const c of cs) {
      for (let k = comps.start[c]; k < comps.start[c + 1]; k++) {
        const m = comps.members[k];
        for (let e = firstEdge[m]; e < firstEdge[m + 1]; e++) reach(edgeTo[e], gi);
      }
    }
    while (nc + ns > 0) {
      if (ns > 0) {
        // Reached by two groups: so is everything it keeps (already claimed by the earlier group's walk).
        const v = shared[--ns];
        for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) {
          const w = edgeTo[e];
          if (loose[w] && owner[w] !== SHARED) { owner[w] = SHARED; shared[ns++] = w; }
        }
        continue;
      }
      const v = claimed[--nc];
      for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) reach(edgeTo[e], gi);
    }
  });
  return { owner, first };
}
