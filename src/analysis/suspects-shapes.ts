// For each shown leak suspect: how its new structures hang off it, by the
// shape of the last reference to each head (the holder's type, the kind and
// non-data label of the reference, the head's type: "dict[…] → CachedPage",
// "deque[…] → method"). The shape whose structures hold the most new objects
// wins (a cache's CachedPage values beat its key strings), and its sample is
// the head with the shortest path from a root. Also the types and allocation
// sites of the winning shape's heads (where the leaked structures were made).
import type { GraphFacts } from './graph-facts.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import type { Owners } from './suspects-owners.js';

const DATA_KINDS = new Set(['item', 'key', 'value'].map((k) => EDGE_KINDS.indexOf(k as (typeof EDGE_KINDS)[number])));

interface Cluster { heads: number; objects: number; bytes: number; sample: number; sites: Map<number, number> }

export interface HeadShape {
  /** All heads of the suspect. */
  heads: number;
  /** Heads of the winning shape, and the one to draw. */
  count: number;
  sample: number;
  /** [type string index, count and bytes], most objects first. */
  types: [number, { count: number; bytes: number }][];
  /** Where the heads of the winning shape were allocated: [site string index, count], most first (site 0, unknown, left out). */
  sites: [number, number][];
}

/** On equal counts the program's own types before the builtins everything is made of. */
function ownFirst(x: string, y: string): number {
  return Number(x.startsWith('builtins.')) - Number(y.startsWith('builtins.'));
}

export function headShapes(f: GraphFacts, owners: Owners, keys: number[]): HeadShape[] {
  const g = f.graph;
  const { parent, parentEdge, startRoot, depth } = f.tree;
  const slot = new Map(keys.map((k, s) => [k, s]));
  const clusters = keys.map(() => new Map<string, Cluster>());
  const ofHead = new Map<number, Cluster>();
  const types = keys.map(() => new Map<number, { count: number; bytes: number }>());
  const heads = keys.map(() => 0);
  const shapeKey = (h: number): string => {
    const p = parent[h];
    if (p < 0) return `start ${startRoot[h]} ${g.type[h]}`;
    const e = parentEdge[h];
    return `${g.type[p]} ${g.edgeKind[e]} ${DATA_KINDS.has(g.edgeKind[e]) ? 0 : g.edgeLabel[e]} ${g.type[h]}`;
  };
  for (let v = 0; v < g.n; v++) {
    const o = owners.owner[v];
    if (o < 0) continue;
    const s = slot.get(o);
    if (s === undefined) continue;
    const h = owners.head[v];
    let c = ofHead.get(h);
    if (!c) {
      const key = shapeKey(h);
      c = clusters[s].get(key);
      if (!c) clusters[s].set(key, (c = { heads: 0, objects: 0, bytes: 0, sample: h, sites: new Map() }));
      ofHead.set(h, c);
    }
    if (h === v) {
      heads[s]++;
      if (g.site[v]) c.sites.set(g.site[v], (c.sites.get(g.site[v]) ?? 0) + 1);
      c.heads++;
      if (depth[v] < depth[c.sample]) c.sample = v;
    }
    c.objects++;
    c.bytes += g.size[v];
    const ty = types[s].get(g.type[v]);
    if (ty) { ty.count++; ty.bytes += g.size[v]; } else types[s].set(g.type[v], { count: 1, bytes: g.size[v] });
  }
  return keys.map((_, s) => {
    const best = [...clusters[s].values()].sort((x, y) => y.objects - x.objects || y.bytes - x.bytes || y.heads - x.heads)[0];
    return {
      heads: heads[s], count: best.heads, sample: best.sample,
      types: [...types[s]].sort((x, y) => y[1].count - x[1].count || ownFirst(g.strings[x[0]], g.strings[y[0]]) || y[1].bytes - x[1].bytes),
      sites: [...best.sites].sort((x, y) => y[1] - x[1]),
    };
  });
}
