// Why a failing type grows, from a full snapshot: the majority retainer path
// (the shortest paths of its instances grouped by shape, as `gcdiag why --type`
// does, biggest group first) and the most common allocation site. Only the
// instances the gate counted (live, not suppressed), and of those only the new
// ones when the previous snapshot of the same process is known. Computed for
// failing types only: one retainer tree per gate run.
import type { HeapGraph } from '../snapshot/graph.js';
import { retainerTree, type RetainerTree } from '../analysis/retainers.js';
import { retainerPath } from '../analysis/paths.js';
import { PathClusters } from '../analysis/path-clusters.js';
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
    const [top] = clusters.top(1);
    finding.path = { path: retainerPath(g, tree, top.sample), instances: top.count, of: instances.length, newOnly: instances === fresh };
    const site = commonSite(g, instances);
    if (site) finding.site = site;
  }
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
