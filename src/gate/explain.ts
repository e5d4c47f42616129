// Why a failing type grows, from a full snapshot: the majority retainer path
// (the shortest paths of its instances grouped by shape, as `gcdiag why --type`
// does, biggest group first) and the most common allocation site. Only the
// instances the gate counted (live, not suppressed), and of those only the new
// ones when the previous snapshot of the same process is known. Computed for
// failing types only: one retainer tree per gate run.
import type { HeapGraph } from '../snapshot/graph.js';
import { retainerTree, type RetainerTree } from '../analysis/retainers.js';
import { retainerPath } from '../analysis/paths.js';
import { PathClusters, type PathCluster } from '../analysis/path-clusters.js';
import { FATE_LIVE } from './snapshot-census.js';
import type { TypeFinding } from './result.js';

/** The previous snapshot's objects: id and type name, to tell new instances from old. */
export interface Previous { ids: Float64Array; typeOf: (i: number) => string }

export function previousOf(g: HeapGraph): Previous {
  const { ids, type, strings } = g;
  return { ids, typeOf: (i) => strings[type[i]] };
}

export function explainFindings(g: HeapGraph, fate: Uint8Array, findings: TypeFinding[], previous: Previous | null): void {
  const failing = findings.filter((f) => f.failed);
  if (!failing.length) return;
  let tree: RetainerTree | null = null;
  const wanted = new Map<number, TypeFinding>();
  g.strings.forEach((s, i) => { const f = failing.find((x) => x.type === s); if (f) wanted.set(i, f); });
  const old = previous ? oldIds(previous, new Set(failing.map((f) => f.type))) : null;
  for (const [typeIndex, finding] of wanted) {
    const all: number[] = [];
    const fresh: number[] = [];
    for (let v = 0; v < g.n; v++) {
      if (g.type[v] !== typeIndex || fate[v] !== FATE_LIVE) continue;
      all.push(v);
      if (old && !old.has(g.ids[v])) fresh.push(v);
    }
    const instances = old && fresh.length ? fresh : all;
    if (!instances.length) continue;
    tree ??= retainerTree(g);
    const clusters = new PathClusters(g, tree);
    for (const v of instances) clusters.add(v);
    const newOnly = instances === fresh;
    const top = newOnly ? clusters.top(1)[0] : likeliestCluster(clusters, finding, (c) => throughOtherFailing(g, tree!, c.sample, typeIndex, wanted));
    finding.path = { path: retainerPath(g, tree, top.sample), instances: top.count, of: instances.length, newOnly };
    const site = commonSite(g, instances);
    if (site) finding.site = site;
  }
}

/**
 * Without the previous snapshot's ids (typestats + full.json, or another
 * process) new instances cannot be told from old: the likeliest group is the
 * one whose size is closest to the type's growth over the whole series (a
 * leak of 1 list per run is the group of about that many lists, not the
 * biggest group of lists in the heap); ties go to the bigger group.
 */
function likeliestCluster(clusters: PathClusters, f: TypeFinding, viaLeak: (c: PathCluster) => boolean): PathCluster {
  const grown = Math.max(1, f.counts[f.counts.length - 1] - f.counts[0]);
  const all = clusters.top(Number.MAX_SAFE_INTEGER);
  if (f.counts.every((c) => c === f.counts[0])) return all[0]; // a bytes-only leak: the biggest group
  // Groups held through an instance of another failing type come first (a leaked list inside a leaked Result).
  const through = all.filter(viaLeak);
  const pool = through.length ? through : all;
  let best = pool[0];
  for (const c of pool) if (Math.abs(c.count - grown) < Math.abs(best.count - grown)) best = c;
  return best;
}

/** Whether v's shortest path passes through an object of another failing type. */
function throughOtherFailing(g: HeapGraph, tree: RetainerTree, v: number, own: number, failing: Map<number, unknown>): boolean {
  for (let u = tree.parent[v]; u >= 0; u = tree.parent[u]) if (g.type[u] !== own && failing.has(g.type[u])) return true;
  return false;
}

/** Ids of the previous snapshot's objects of these types (an id of another type there is a reused address: new). */
function oldIds(p: Previous, types: Set<string>): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < p.ids.length; i++) if (types.has(p.typeOf(i))) out.add(p.ids[i]);
  return out;
}

function commonSite(g: HeapGraph, instances: number[]): { site: string; count: number } | undefined {
  const bySite = new Map<number, number>();
  for (const v of instances) if (g.site[v]) bySite.set(g.site[v], (bySite.get(g.site[v]) ?? 0) + 1);
  let best = 0;
  let count = 0;
  for (const [s, c] of bySite) if (c > count) { best = s; count = c; }
  return count ? { site: g.strings[best], count } : undefined;
}
