// The loose unreachable objects (in no cycle) counted where they belong: with
// the one group whose cycles alone keep them, or, kept by several groups, in a
// line of their own under the first class in the table that keeps them. Their
// fate is their own verdict: an object with a legacy finalizer (or kept by
// one) stays in gc.garbage even when the cycles that keep it are freed.
import type { HeapGraph } from '../snapshot/graph.js';
import { CYCLE_CLASSES, type CycleClass, type Classification, type Verdict } from './cycle-classes.js';
import type { Components } from './scc.js';
import { ownership, SHARED, type Unreachable } from './kept.js';

export interface TypeCount { type: string; count: number }

export interface KeptObjects { objects: number; bytes: number; types: TypeCount[] }

export interface UnownedObjects extends KeptObjects {
  class: CycleClass;
  reason: string;
  ids: number[];
}

/** One walked group's own loose objects (object indices, ascending). */
export interface GroupTally { objects: Uint32Array; bytes: number }

export interface Attribution {
  /** By walk index (undefined: it keeps nothing of its own). */
  groups: (GroupTally | undefined)[];
  unowned: UnownedObjects[];
  /** Loose objects by the class they are counted in. */
  totals: Record<CycleClass, { objects: number; bytes: number }>;
}

const REASONS = {
  shared: 'in no cycle, kept by the cycles of more than one shape (counted here, in no shape)',
  fate: 'a legacy finalizer outside any cycle (or kept by one) that only cycles a collection frees keep: it stays in gc.garbage',
  none: 'unreachable, but kept by no cycle found',
} as const;

/** groups[k], classes[k]: the components and the classification of walked group k. */
export function keptByGroups(g: HeapGraph, verdict: Verdict, unreachable: Unreachable, comps: Components, groups: number[][],
  classes: Classification[], scratch: Int32Array): Attribution {
  const totals = Object.fromEntries(CYCLE_CLASSES.map((c) => [c, { objects: 0, bytes: 0 }])) as Attribution['totals'];
  const looseList = unreachable.list.filter((v) => comps.comp[v] < 0);
  if (looseList.length === 0) return { groups: classes.map(() => undefined), unowned: [], totals };
  const loose = new Uint8Array(g.n);
  for (const v of looseList) loose[v] = 1;
  const owned = ownership(g, comps, groups, loose, looseList.length);
  const counts = new Uint32Array(classes.length + 1);
  const home = new Int32Array(looseList.length).fill(-1); // per loose object: the walk index of the group that owns it
  const unowned = new Map<string, { class: CycleClass; reason: string; objects: number[] }>();
  looseList.forEach((v, i) => {
    const kept = verdict.uncollectable[v] === 1;
    const o = owned.owner[v];
    let cls: CycleClass;
    if (o >= 0 && (classes[o].class === 'uncollectable') === kept) {
      home[i] = o;
      counts[o + 1]++;
      cls = classes[o].class;
    } else {
      const f = owned.first[v];
      cls = kept ? 'uncollectable' : f >= 0 ? classes[f].class : 'garbage';
      const reason = o === SHARED ? REASONS.shared : o >= 0 ? REASONS.fate : REASONS.none;
      const key = `${cls} ${reason}`;
      let u = unowned.get(key);
      if (!u) unowned.set(key, u = { class: cls, reason, objects: [] });
      u.objects.push(v);
    }
    totals[cls].objects++;
    totals[cls].bytes += g.size[v];
  });
  for (let k = 0; k < classes.length; k++) counts[k + 1] += counts[k];
  const objects = new Uint32Array(counts[classes.length]);
  const fill = counts.slice(0, classes.length);
  looseList.forEach((v, i) => { if (home[i] >= 0) objects[fill[home[i]]++] = v; });
  const tallies = classes.map((_, k): GroupTally | undefined => {
    if (counts[k] === counts[k + 1]) return undefined;
    const mine = objects.subarray(counts[k], counts[k + 1]);
    let bytes = 0;
    for (let i = 0; i < mine.length; i++) bytes += g.size[mine[i]];
    return { objects: mine, bytes };
  });
  const rank = (c: CycleClass) => CYCLE_CLASSES.indexOf(c);
  return {
    groups: tallies, totals,
    unowned: [...unowned.values()].sort((a, b) => rank(a.class) - rank(b.class) || b.objects.length - a.objects.length).map((u) => {
      let bytes = 0;
      for (const v of u.objects) bytes += g.size[v];
      return { class: u.class, reason: u.reason, objects: u.objects.length, bytes, types: typeCounts(g, Uint32Array.from(u.objects), scratch), ids: u.objects.map((v) => g.ids[v]) };
    }),
  };
}

/** counts: zeros, one per string (left zeroed); most common first, then by name. */
export function typeCounts(g: HeapGraph, members: Uint32Array, counts: Int32Array): TypeCount[] {
  const seen: number[] = [];
  for (let k = 0; k < members.length; k++) {
    const t = g.type[members[k]];
    if (counts[t]++ === 0) seen.push(t);
  }
  const out = seen.map((t) => ({ type: g.strings[t], count: counts[t] }));
  for (const t of seen) counts[t] = 0;
  return out.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}
