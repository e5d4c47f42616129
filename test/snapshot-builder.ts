// Tiny heap snapshots built in code (as DevTools' HeapSnapshotBuilder does):
//   const s = new SnapshotBuilder(); const a = s.obj('Node'); a.ref(s.obj('Node'), 'next');
// Refcounts default to the references the snapshot explains (edges + root edges)
// plus `external`, so a cycle nobody else holds is garbage, as in CPython.
import type { HeapGraph } from '../src/snapshot/graph.js';
import { graphFromDocument } from '../src/snapshot/load-document.js';
import { EDGE_KINDS, type FriendlySnapshot, type ColumnarSnapshot } from '../src/snapshot/schema.js';

type Kind = (typeof EDGE_KINDS)[number];

export interface ObjOptions {
  size?: number;
  gen?: number;
  gc?: boolean;
  finalizer?: boolean;
  tp_del?: boolean;
  immortal?: boolean;
  /** References from outside the snapshot (added to the computed refcount). */
  external?: number;
  /** Exact refcount (overrides the computed one). */
  refcount?: number;
  id?: number;
  /** Allocation site "file:line" (the snapshot then says tracemalloc was on). */
  site?: string;
}

export class Obj {
  constructor(private readonly s: SnapshotBuilder, readonly id: number, readonly type: string) {}

  ref(to: Obj, label = '', kind: Kind = 'attr'): this {
    this.s.edges.push({ from: this.id, to: to.id, label, kind });
    return this;
  }
}

export class SnapshotBuilder {
  readonly objects: (ObjOptions & { id: number; type: string })[] = [];
  readonly edges: { from: number; to: number; label: string; kind: Kind }[] = [];
  readonly roots: FriendlySnapshot['roots'] = [];
  private nextId = 1;

  constructor(public python = '3.11.7') {}

  obj(type: string, opts: ObjOptions = {}): Obj {
    const id = opts.id ?? this.nextId++;
    this.objects.push({ ...opts, id, type });
    return new Obj(this, id, type);
  }

  root(name: string, kind: FriendlySnapshot['roots'][number]['kind'], ...to: [Obj, string?][]): this {
    this.roots.push({ name, kind, to: to.map(([o, label]) => (label ? { id: o.id, label } : { id: o.id })) });
    return this;
  }

  /** A chain o0 → o1 → … of n objects of one type, each held by the previous. */
  chain(type: string, n: number, label = 'next'): Obj[] {
    const out: Obj[] = [];
    for (let i = 0; i < n; i++) {
      out.push(this.obj(type));
      if (i > 0) out[i - 1].ref(out[i], label);
    }
    return out;
  }

  doc(): FriendlySnapshot {
    const held = new Map<number, number>();
    const hold = (id: number) => held.set(id, (held.get(id) ?? 0) + 1);
    for (const e of this.edges) hold(e.to);
    for (const r of this.roots) for (const t of r.to) hold(t.id);
    return {
      format: 'gcdiag-snapshot', version: 1, layout: 'friendly', tracemalloc: this.objects.some((o) => o.site), collectedFirst: false,
      python: { version: this.python, implementation: 'cpython' },
      gc: { enabled: true, thresholds: [700, 10, 10], counts: [0, 0, 0], debug: 0, freezeCount: 0, collector: 'generational',
        stats: [0, 1, 2].map(() => ({ collections: 0, collected: 0, uncollectable: 0 })) },
      roots: this.roots,
      objects: this.objects.map((o) => ({
        id: o.id, type: o.type, size: o.size ?? 32, gen: o.gen ?? (o.gc === false ? -1 : 2), gc: o.gc ?? true,
        refcount: o.refcount ?? (held.get(o.id) ?? 0) + (o.external ?? 0),
        finalizer: o.finalizer ?? false, tp_del: o.tp_del ?? false, finalized: false, immortal: o.immortal ?? false,
        ...(o.site ? { site: o.site } : {}),
      })),
      edges: this.edges.map((e) => ({ ...e })),
    };
  }

  graph(file = 'built.json'): HeapGraph {
    return graphFromDocument(file, this.doc());
  }
}

/** The same snapshot in the columnar layout (edges in the order given, e.g. shuffled). */
export function toColumnar(d: FriendlySnapshot, edgeOrder?: number[]): ColumnarSnapshot {
  const strings = [''];
  const index = new Map<string, number>([['', 0]]);
  const intern = (s: string | undefined) => {
    if (!s) return 0;
    if (!index.has(s)) { index.set(s, strings.length); strings.push(s); }
    return index.get(s)!;
  };
  const pos = new Map(d.objects.map((o, i) => [o.id, i]));
  const order = edgeOrder ?? d.edges.map((_, i) => i);
  const edges = order.map((k) => d.edges[k]);
  const { objects: os, edges: _e, layout: _l, ...header } = d;
  return {
    ...header, layout: 'columnar', strings,
    objects: {
      count: os.length, id: os.map((o) => o.id), type: os.map((o) => intern(o.type)), size: os.map((o) => o.size),
      refcount: os.map((o) => o.refcount), gen: os.map((o) => o.gen),
      flags: os.map((o) => (o.gc ? 1 : 0) | (o.gen !== -1 ? 2 : 0) | (o.finalizer ? 4 : 0) | (o.tp_del ? 8 : 0) | (o.finalized ? 16 : 0) | (o.immortal ? 32 : 0)),
      site: os.map((o) => intern(o.site)),
    },
    edges: {
      count: edges.length, from: edges.map((e) => pos.get(e.from)!), to: edges.map((e) => pos.get(e.to)!),
      label: edges.map((e) => intern(e.label)), kind: edges.map((e) => EDGE_KINDS.indexOf(e.kind)),
    },
  };
}
