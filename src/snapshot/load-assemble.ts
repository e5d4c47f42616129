// From checked columns to a HeapGraph: the cross-column checks (string and
// object indices in range, root ids that exist) and the CSR adjacency, built by
// a stable counting sort on `from` so each object's edges keep file order
// (the order tp_traverse visits them, which the model relies on).
import { InputError } from '../errors.js';
import type { HeapGraph, GraphRoot } from './graph.js';
import type { SnapshotHeader } from './schema.js';
import type { IdTable } from './load-ids.js';

export interface ObjectColumnsData {
  ids: Float64Array;
  type: Int32Array;
  size: Float64Array;
  refcount: Int32Array;
  gen: Int8Array;
  flags: Uint8Array;
  site: Int32Array;
}

export interface EdgeColumnsData {
  /** Object indices. */
  from: Uint32Array;
  to: Uint32Array;
  label: Int32Array;
  kind: Uint8Array;
}

export interface RootData {
  name: string;
  kind: string;
  to: { id: number; label?: string }[];
}

/** How each layout names a place, e.g. "$.objects.type[3]" or "$.objects[3].type". */
export interface Places {
  object(i: number, field: string): string;
  edge(e: number, field: string): string;
}

export interface GraphParts {
  file: string;
  header: SnapshotHeader;
  strings: string[];
  objects: ObjectColumnsData;
  ids: IdTable;
  edges: EdgeColumnsData;
  roots: RootData[];
  places: Places;
}

function checkStrings(p: GraphParts): void {
  const { file, strings, objects: o, edges: e, places } = p;
  const s = strings.length;
  if (s === 0 || strings[0] !== '') throw new InputError(file, '$.strings[0]', 'expected the empty string (string index 0 means "no label" / "unknown site")');
  for (let i = 0; i < o.type.length; i++) {
    if (o.type[i] >= s || o.type[i] === 0) throw new InputError(file, places.object(i, 'type'), `expected the string index of a type name, 1 to ${s - 1} (got ${o.type[i]})`);
    if (o.site[i] >= s) throw new InputError(file, places.object(i, 'site'), `expected a string index below ${s} (got ${o.site[i]})`);
  }
  for (let k = 0; k < e.label.length; k++) {
    if (e.label[k] >= s) throw new InputError(file, places.edge(k, 'label'), `expected a string index below ${s} (got ${e.label[k]})`);
  }
}

function checkEdgeEnds(p: GraphParts): void {
  const n = p.objects.ids.length;
  const { from, to } = p.edges;
  for (let k = 0; k < from.length; k++) {
    if (from[k] >= n) throw new InputError(p.file, p.places.edge(k, 'from'), `expected an object index below ${n} (objects.count), got ${from[k]}: a dangling edge`);
    if (to[k] >= n) throw new InputError(p.file, p.places.edge(k, 'to'), `expected an object index below ${n} (objects.count), got ${to[k]}: a dangling edge`);
  }
}

function resolveRoots(p: GraphParts): GraphRoot[] {
  return p.roots.map((r, ri) => ({
    name: r.name,
    kind: r.kind,
    to: r.to.map((t, k) => {
      const index = p.ids.get(t.id);
      if (index < 0) throw new InputError(p.file, `$.roots[${ri}].to[${k}].id`, `expected the id of an object in the snapshot (no object has id ${t.id})`);
      return { index, label: t.label ?? '' };
    }),
  }));
}

export function assembleGraph(p: GraphParts): HeapGraph {
  checkStrings(p);
  checkEdgeEnds(p);
  const n = p.objects.ids.length;
  const o = p.objects;
  return {
    file: p.file, header: p.header, n, ids: o.ids, type: o.type, size: o.size, refcount: o.refcount,
    gen: o.gen, flags: o.flags, site: o.site, strings: p.strings,
    ...adjacency(n, p.edges), roots: resolveRoots(p), idIndex: p.ids,
  };
}

/** CSR by a stable counting sort on `from`; edges already grouped by source (as captures write them) are used as they are. */
function adjacency(n: number, edges: EdgeColumnsData) {
  const { from, to, label, kind } = edges;
  const m = from.length;
  const firstEdge = new Uint32Array(n + 1);
  let sorted = true;
  for (let k = 0; k < m; k++) {
    firstEdge[from[k] + 1]++;
    if (k > 0 && from[k] < from[k - 1]) sorted = false;
  }
  for (let i = 0; i < n; i++) firstEdge[i + 1] += firstEdge[i];
  if (sorted) return { firstEdge, edgeTo: to, edgeLabel: label, edgeKind: kind };
  const next = firstEdge.slice(0, n);
  const edgeTo = new Uint32Array(m);
  const edgeLabel = new Int32Array(m);
  const edgeKind = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const at = next[from[k]]++;
    edgeTo[at] = to[k];
    edgeLabel[at] = label[k];
    edgeKind[at] = kind[k];
  }
  return { firstEdge, edgeTo, edgeLabel, edgeKind };
}
