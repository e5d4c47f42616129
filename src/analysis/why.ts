// why: what keeps an object (--id) or every instance of a type (--type) alive:
// shortest retainer paths from named roots, retained sizes from the dominator
// tree, and the known traps found on those paths.
import type { HeapGraph } from '../snapshot/graph.js';
import { collectorState, type CollectorState } from './collector-state.js';
import type { GraphFacts } from './graph-facts.js';
import { retainerPath, type RetainerPath, type Held } from './paths.js';
import { pathsToRoots } from './paths-to-roots.js';
import { retainedByGroup } from './retained-groups.js';
import { holdingsFor, type HiddenHolding } from './untraversed.js';
import { trapsOnPaths, trapsOfObject, dedupeTraps, trapContext, type Trap } from './traps.js';
import { PathClusters } from './path-clusters.js';
import { collectorVerdict } from './verdict.js';
import { immediateDominator, retainedSize } from './dominators.js';
import { typeObjectName } from './type-names.js';

export type WhyQuery = { id: number } | { type: string };

export interface WhyObject {
  id: number;
  type: string;
  size: number;
  refcount: number;
  gen: number;
  retained: number;
  /** The immediate dominator: the one object whose removal frees this one (null: only the roots). */
  dominator: { id: number; type: string; name?: string } | null;
  /** For a class object: which class (type-names.ts). */
  name?: string;
  held: Held;
  /** For unreachable objects: whether a full collection would free it (model verdict). */
  garbage?: boolean;
  /** Where it was allocated, "file:line" (tracemalloc snapshots). */
  site?: string;
}

export interface WhyCluster {
  /** Instances whose shortest paths have this shape (labels of dict keys and list indices aside). */
  count: number;
  /** The path of one of them. */
  path: RetainerPath;
}

export interface WhyResult {
  file: string;
  /** The collector's state in the snapshot (disabled, frozen, thresholds). */
  collector: CollectorState;
  query: string;
  /** Types the query matched. */
  types: string[];
  count: number;
  bytes: number;
  /** Retained size of the object, or of all instances together (what freeing them all would free). */
  retained: number;
  /** --id: the object and up to five shortest paths from different root references. */
  object?: WhyObject;
  paths: RetainerPath[];
  /** --type: instances grouped by the shape of their shortest path, biggest groups first. */
  clusters: WhyCluster[];
  /** --type: instances by path kind (root, gc.garbage, outside, unreachable). */
  heldBy: Record<Held, number>;
  /** Of the unreachable ones, how many a full collection would free (the model's verdict). */
  unreachableGarbage: number;
  /** --type: the instances that retain the most. */
  largest: WhyObject[];
  /** Where the instances were allocated (tracemalloc snapshots), most first; empty without sites. */
  sites: { site: string; count: number }[];
  traps: Trap[];
  /** Memory the queried objects hold (or that holds them) through C fields the collector does not traverse. */
  untraversed?: HiddenHolding[];
}

export class UnknownObject extends Error {
  constructor(readonly what: string, readonly suggestions: string[]) {
    super(what);
  }
}

const named = (f: GraphFacts, v: number): { name?: string } => {
  const name = typeObjectName(f.graph, f.reverse, v);
  return name === undefined ? {} : { name };
};

function describeObject(f: GraphFacts, v: number, garbage?: Uint8Array): WhyObject {
  const g = f.graph;
  const d = immediateDominator(f.dominators, v);
  const p = retainerPath(g, f.tree, v);
  return {
    id: g.ids[v], type: g.strings[g.type[v]], size: g.size[v], refcount: g.refcount[v], gen: g.gen[v],
    retained: retainedSize(f.dominators, v), held: p.held,
    dominator: d < 0 || d === g.n ? null : { id: g.ids[d], type: g.strings[g.type[d]], ...named(f, d) },
    ...named(f, v),
    ...(p.held === 'unreachable' && garbage ? { garbage: garbage[v] === 1 } : {}),
    ...(g.site[v] ? { site: g.strings[g.site[v]] } : {}),
  };
}

const SITES_SHOWN = 3;

/** The commonest allocation sites of some objects. */
function sitesOf(g: HeapGraph, objects: number[]): { site: string; count: number }[] {
  const counts = new Map<number, number>();
  for (const v of objects) if (g.site[v]) counts.set(g.site[v], (counts.get(g.site[v]) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1]).slice(0, SITES_SHOWN).map(([s, count]) => ({ site: g.strings[s], count }));
}

export function why(f: GraphFacts, q: WhyQuery): WhyResult {
  return 'id' in q ? whyObject(f, q.id) : whyType(f, q.type);
}

function whyObject(f: GraphFacts, id: number): WhyResult {
  const g = f.graph;
  const v = g.ids.indexOf(id);
  if (v < 0) throw new UnknownObject(`no object with id ${id}`, []);
  const paths = pathsToRoots(g, f.reverse, f.tree, v);
  const garbage = paths.length === 0 ? collectorVerdict(g).garbage : undefined;
  const object = describeObject(f, v, garbage);
  return {
    collector: collectorState(g.header),
    file: g.file, query: `id ${id}`, types: [object.type], count: 1, bytes: object.size, retained: object.retained,
    object, paths, clusters: [], heldBy: { root: 0, 'gc.garbage': 0, outside: 0, unreachable: 0, [object.held]: 1 }, largest: [], sites: sitesOf(g, [v]),
    unreachableGarbage: object.garbage ? 1 : 0,
    traps: dedupeTraps([...trapsOnPaths(paths, trapContext(g)), ...trapsOfObject(g, v)]),
    ...holdingsFor(f, [v], paths),
  };
}

/** Types named exactly, else types whose name ends with ".query" (Request → app.models.Request). */
export function matchTypes(g: HeapGraph, query: string): Set<number> {
  const used = new Set<number>();
  for (let v = 0; v < g.n; v++) used.add(g.type[v]);
  const exact = new Set<number>();
  const suffix = new Set<number>();
  for (const t of used) {
    const s = g.strings[t];
    if (s === query) exact.add(t);
    else if (s.endsWith(`.${query}`)) suffix.add(t);
  }
  return exact.size ? exact : suffix;
}

function whyType(f: GraphFacts, query: string): WhyResult {
  const g = f.graph;
  const types = matchTypes(g, query);
  if (types.size === 0) throw new UnknownObject(`no objects of type ${JSON.stringify(query)}`, similarTypes(g, query));
  const isInstance = new Int32Array(g.n);
  const clusters = new PathClusters(g, f.tree);
  const heldBy: Record<Held, number> = { root: 0, 'gc.garbage': 0, outside: 0, unreachable: 0 };
  const instances: number[] = [];
  let bytes = 0;
  for (let v = 0; v < g.n; v++) {
    if (!types.has(g.type[v])) continue;
    isInstance[v] = 1;
    instances.push(v);
    bytes += g.size[v];
    clusters.add(v);
  }
  const top = clusters.top(5);
  const largest = topBy(instances, (v) => retainedSize(f.dominators, v), 5);
  for (const c of clusters.all()) heldBy[c.held] += c.count;
  let unreachableGarbage = 0;
  if (heldBy.unreachable > 0) {
    const verdict = collectorVerdict(g).garbage;
    for (const v of instances) unreachableGarbage += verdict[v];
  }
  const sampled = top.map((c) => ({ count: c.count, path: retainerPath(g, f.tree, c.sample) }));
  return {
    collector: collectorState(g.header),
    file: g.file, query: `type ${query}`, types: [...types].map((t) => g.strings[t]).sort(), count: instances.length, bytes,
    retained: retainedByGroup(f.dominators, isInstance, 2)[1],
    paths: [], clusters: sampled, heldBy, unreachableGarbage, largest: largest.map((v) => describeObject(f, v)), sites: sitesOf(g, instances),
    traps: dedupeTraps([...trapsOnPaths(sampled.map((c) => c.path), trapContext(g)), ...top.flatMap((c) => trapsOfObject(g, c.sample))]),
    ...holdingsFor(f, instances, sampled.map((c) => c.path)),
  };
}

function similarTypes(g: HeapGraph, query: string): string[] {
  const q = query.toLowerCase();
  const used = new Set<number>();
  for (let v = 0; v < g.n; v++) used.add(g.type[v]);
  return [...used].map((t) => g.strings[t]).filter((s) => s.toLowerCase().includes(q)).sort().slice(0, 5);
}

/** The k items with the largest score, biggest first (one pass: a million instances need no sort). */
function topBy(items: number[], score: (v: number) => number, k: number): number[] {
  const best: number[] = [];
  for (const v of items) {
    if (best.length === k && score(v) <= score(best[k - 1])) continue;
    let at = best.length < k ? best.length : k - 1;
    while (at > 0 && score(best[at - 1]) < score(v)) at--;
    best.splice(at, 0, v);
    if (best.length > k) best.pop();
  }
  return best;
}
