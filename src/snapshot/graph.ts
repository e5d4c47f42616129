// A loaded heap snapshot in flat typed arrays (CSR adjacency), the shape every
// analysis (diff, cycles, retainers, dominators) and the GC model work on.
// Objects are numbered 0..n-1 in file order; `ids` keeps the snapshot's own ids.
import type { SnapshotHeader } from './schema.js';
import type { IdTable } from './load-ids.js';

export interface GraphRoot {
  name: string;
  kind: string;
  /** Object indices with the label of the reference (e.g. the global's name). */
  to: { index: number; label: string }[];
}

export interface HeapGraph {
  file: string;
  header: SnapshotHeader;
  n: number;
  /** Snapshot ids (CPython id() values can exceed 2^32, hence float64). */
  ids: Float64Array;
  /** Index into `strings`. */
  type: Int32Array;
  size: Float64Array;
  refcount: Int32Array;
  /** Generation code (see schema.ts GEN_*). */
  gen: Int8Array;
  /** FLAG_* bits. */
  flags: Uint8Array;
  /** Allocation site (string index, 0 = unknown). */
  site: Int32Array;
  strings: string[];
  /** Out-edges of object i are edgeTo[firstEdge[i] .. firstEdge[i+1]). */
  firstEdge: Uint32Array;
  edgeTo: Uint32Array;
  /** String index of the edge label (0 = none). */
  edgeLabel: Int32Array;
  /** Index into EDGE_KINDS. */
  edgeKind: Uint8Array;
  roots: GraphRoot[];
  /** id → object index, as the loader built it to check the ids are unique (absent on derived graphs). */
  idIndex?: IdTable;
}

export function typeName(g: HeapGraph, i: number): string {
  return g.strings[g.type[i]];
}

export function edgeLabelText(g: HeapGraph, e: number): string {
  return g.strings[g.edgeLabel[e]];
}
