// Retainer paths of many objects grouped by shape (memlab clusters its leak
// traces the same way): the root reference, then each step's type and
// reference, leaving out labels that carry data (dict keys, list indices) and
// collapsing repeats (a linked list is one step however long). Each object's
// shape comes from its BFS parent's, memoised, so a million paths cost
// O(objects) even along a million-long chain.
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import { HELD_BY_ROOT, HELD_BY_GC_GARBAGE, HELD_FROM_OUTSIDE, type RetainerTree } from './retainers.js';
import type { Held } from './paths.js';

const DATA_KINDS = new Set(EDGE_KINDS.map((k, i) => (['item', 'key', 'value'].includes(k) ? i : -1)).filter((i) => i >= 0));
const HELD: Record<number, Held> = { [HELD_BY_ROOT]: 'root', [HELD_BY_GC_GARBAGE]: 'gc.garbage', [HELD_FROM_OUTSIDE]: 'outside' };
/** Shape keys pack (parent shape, step) into one number: steps stay below 2^21. */
const STEP_SPACE = 2 ** 21;

export interface PathCluster { held: Held; count: number; sample: number; length: number }

export class PathClusters {
  private readonly shapeOf: Int32Array;
  /** The last step of each shape (to collapse repeats), -1 for a start. */
  private readonly lastStep: number[] = [];
  private readonly shapes = new Map<number | string, number>();
  private readonly steps = new Map<number, number>();
  private readonly clusters = new Map<number, PathCluster>();
  private readonly unreachable: PathCluster = { held: 'unreachable', count: 0, sample: -1, length: 0 };

  constructor(private readonly g: HeapGraph, private readonly t: RetainerTree) {
    this.shapeOf = new Int32Array(g.n).fill(-1);
  }

  private intern(key: number | string, lastStep: number): number {
    let s = this.shapes.get(key);
    if (s === undefined) {
      s = this.lastStep.length;
      this.shapes.set(key, s);
      this.lastStep.push(lastStep);
    }
    return s;
  }

  /** The step into u: its type and the kind and (non-data) label of the reference. */
  private step(u: number): number {
    const { g } = this;
    const e = this.t.parentEdge[u];
    const kind = g.edgeKind[e];
    // Exact while label indices < 2^26 and type indices < 2^22; beyond, steps may share a key (clusters merge).
    const key = ((DATA_KINDS.has(kind) ? 0 : g.edgeLabel[e]) * 16 + kind) * 2 ** 22 + g.type[u];
    let s = this.steps.get(key);
    if (s === undefined) {
      s = this.steps.size % STEP_SPACE; // beyond 2^21 distinct steps shapes may merge: still clusters
      this.steps.set(key, s);
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
      if (p < 0) {
        const root = t.startRoot[u];
        const label = root < 0 ? '' : g.roots[root].to.find((x) => x.index === u)?.label;
        this.shapeOf[u] = this.intern(`${t.held[u]} ${root} ${label} ${g.type[u]}`, -1);
        continue;
      }
      const step = this.step(u);
      const parentShape = this.shapeOf[p];
      this.shapeOf[u] = this.lastStep[parentShape] === step ? parentShape : this.intern(parentShape * STEP_SPACE + step, step);
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
    else this.clusters.set(s, { held, count: 1, sample: v, length: this.t.depth[v] });
  }

  all(): PathCluster[] {
    return [...this.clusters.values(), ...(this.unreachable.count ? [this.unreachable] : [])];
  }

  /** Biggest clusters first (then roots before gc.garbage and outside, then shortest). */
  top(k: number): PathCluster[] {
    const rank: Record<Held, number> = { root: 0, 'gc.garbage': 1, outside: 2, unreachable: 3 };
    return this.all().sort((a, b) => b.count - a.count || rank[a.held] - rank[b.held] || a.length - b.length).slice(0, k);
  }
}
