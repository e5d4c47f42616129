// Retainer paths of many objects grouped by shape (memlab clusters its leak
// traces the same way): the root, then each step's type and reference, with
// the labels that carry data (dict keys, list indices) left out. Each object's
// shape id is built from its BFS parent's, memoised, so a million paths cost
// O(objects) even along a million-long chain.
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import { HELD_BY_ROOT, HELD_BY_GC_GARBAGE, HELD_FROM_OUTSIDE, type RetainerTree } from './retainers.js';
import type { Held } from './paths.js';

const DATA_KINDS = new Set(['item', 'key', 'value']);
const HELD: Record<number, Held> = { [HELD_BY_ROOT]: 'root', [HELD_BY_GC_GARBAGE]: 'gc.garbage', [HELD_FROM_OUTSIDE]: 'outside' };

export interface PathCluster { shape: number; held: Held; count: number; sample: number; length: number }

export class PathClusters {
  private readonly shapeOf: Int32Array;
  private readonly shapes = new Map<string, number>();
  private readonly clusters = new Map<number, PathCluster>();
  private readonly unreachable: PathCluster = { shape: -1, held: 'unreachable', count: 0, sample: -1, length: 0 };

  constructor(private readonly g: HeapGraph, private readonly t: RetainerTree) {
    this.shapeOf = new Int32Array(g.n).fill(-1);
  }

  private intern(key: string): number {
    let s = this.shapes.get(key);
    if (s === undefined) {
      s = this.shapes.size;
      this.shapes.set(key, s);
    }
    return s;
  }

  /** Shape of v's path, computing its unknown ancestors first (iteratively). */
  private shape(v: number): number {
    const { g, t } = this;
    const pending: number[] = [];
    for (let u = v; u >= 0 && this.shapeOf[u] < 0; u = t.parent[u]) pending.push(u);
    for (let k = pending.length - 1; k >= 0; k--) {
      const u = pending[k];
      const p = t.parent[u];
      let key: string;
      if (p < 0) key = `start ${t.held[u]} ${t.startRoot[u]} ${t.startRoot[u] < 0 ? '' : g.roots[t.startRoot[u]].to.find((x) => x.index === u)?.label}`;
      else {
        const e = t.parentEdge[u];
        const kind = EDGE_KINDS[g.edgeKind[e]];
        key = `${this.shapeOf[p]}>${kind}:${DATA_KINDS.has(kind) ? '' : g.strings[g.edgeLabel[e]]}>${g.type[u]}`;
      }
      this.shapeOf[u] = this.intern(key);
    }
    return this.shapeOf[v];
  }

  add(v: number): void {
    const held = HELD[this.t.held[v]];
    if (!held) {
      if (this.unreachable.count++ === 0) this.unreachable.sample = v;
      return;
    }
    const s = this.shape(v);
    const c = this.clusters.get(s);
    if (c) c.count++;
    else this.clusters.set(s, { shape: s, held, count: 1, sample: v, length: this.t.depth[v] });
  }

  all(): PathCluster[] {
    return [...this.clusters.values(), ...(this.unreachable.count ? [this.unreachable] : [])];
  }

  /** Biggest clusters first (then shortest paths, roots before gc.garbage and outside). */
  top(k: number): PathCluster[] {
    const rank: Record<Held, number> = { root: 0, 'gc.garbage': 1, outside: 2, unreachable: 3 };
    return this.all().sort((a, b) => b.count - a.count || rank[a.held] - rank[b.held] || a.length - b.length).slice(0, k);
  }
}
