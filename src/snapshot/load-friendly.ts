// The friendly layout: objects and edges as JSON objects, validated one by one
// (by zod) and turned into the same columns as the columnar layout. Edges name
// ids, so they are resolved once every object is known.
import { InputError } from '../errors.js';
import type { HeapGraph } from './graph.js';
import { EDGE_KINDS, FLAG_GC, FLAG_TRACKED, FLAG_FINALIZER, FLAG_TP_DEL, FLAG_FINALIZED, FLAG_IMMORTAL, GEN_UNTRACKED } from './schema.js';
import type { FriendlyObject, FriendlyEdge } from './schema.js';
import type { z } from 'zod';
import { newColumn, OBJECT_COLUMNS, EDGE_COLUMNS, type Column, type ColumnSpec } from './load-columns.js';
import { assembleGraph, type Places } from './load-assemble.js';
import { indexIds } from './load-ids.js';
import type { DocumentRest } from './load-columnar.js';

export const FRIENDLY_PLACES: Places = {
  object: (i, field) => `$.objects[${i}].${field}`,
  edge: (e, field) => `$.edges[${e}].${field}`,
};

const ID = OBJECT_COLUMNS.id;
const KIND_INDEX = new Map<string, number>(EDGE_KINDS.map((k, i) => [k, i]));

export class FriendlyBuilder {
  private readonly strings = [''];
  private readonly stringIndex = new Map<string, number>([['', 0]]);
  private readonly col = (place: string, spec: ColumnSpec) => newColumn(this.file, place, spec);
  private readonly ids = this.col('$.objects.id', ID);
  private readonly type = this.col('$.objects.type', OBJECT_COLUMNS.type);
  private readonly size = this.col('$.objects.size', OBJECT_COLUMNS.size);
  private readonly refcount = this.col('$.objects.refcount', OBJECT_COLUMNS.refcount);
  private readonly gen = this.col('$.objects.gen', OBJECT_COLUMNS.gen);
  private readonly flags = this.col('$.objects.flags', OBJECT_COLUMNS.flags);
  private readonly site = this.col('$.objects.site', OBJECT_COLUMNS.site);
  private readonly fromId = this.col('$.edges.from', ID);
  private readonly toId = this.col('$.edges.to', ID);
  private readonly label = this.col('$.edges.label', EDGE_COLUMNS.label);
  private readonly kind = this.col('$.edges.kind', EDGE_COLUMNS.kind);

  constructor(readonly file: string) {}

  private intern(s: string | undefined): number {
    if (s === undefined || s === '') return 0;
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  addObject(o: z.output<typeof FriendlyObject>): void {
    this.ids.push(o.id);
    this.type.push(this.intern(o.type));
    this.size.push(o.size);
    this.refcount.push(o.refcount);
    this.gen.push(o.gen);
    // A tracked object is one in a generation; gen -1 means untracked.
    this.flags.push((o.gc ? FLAG_GC : 0) | (o.gen !== GEN_UNTRACKED ? FLAG_TRACKED : 0) | (o.finalizer ? FLAG_FINALIZER : 0)
      | (o.tp_del ? FLAG_TP_DEL : 0) | (o.finalized ? FLAG_FINALIZED : 0) | (o.immortal ? FLAG_IMMORTAL : 0));
    this.site.push(this.intern(o.site));
  }

  addEdge(e: z.output<typeof FriendlyEdge>): void {
    this.fromId.push(e.from);
    this.toId.push(e.to);
    this.label.push(this.intern(e.label));
    this.kind.push(KIND_INDEX.get(e.kind)!);
  }

  finish(rest: Omit<DocumentRest, 'strings'>): HeapGraph {
    const ids = this.ids.values<Float64Array>();
    const idIndex = indexIds(ids, (i, first) => new InputError(this.file, `$.objects[${i}].id`, `expected unique ids, but ${ids[i]} is also the id of $.objects[${first}]`));
    const resolve = (col: Column, end: 'from' | 'to'): Uint32Array => {
      const out = new Uint32Array(col.length);
      for (let k = 0; k < col.length; k++) {
        const index = idIndex.get(col.data[k]);
        if (index < 0) throw new InputError(this.file, FRIENDLY_PLACES.edge(k, end), `expected the id of an object in the snapshot (no object has id ${col.data[k]}): a dangling edge`);
        out[k] = index;
      }
      return out;
    };
    return assembleGraph({
      file: this.file, header: rest.header, strings: this.strings, ids: idIndex, roots: rest.roots, places: FRIENDLY_PLACES,
      objects: {
        ids, type: this.type.values(), size: this.size.values(), refcount: this.refcount.values(),
        gen: this.gen.values(), flags: this.flags.values(), site: this.site.values(),
      },
      edges: { from: resolve(this.fromId, 'from'), to: resolve(this.toId, 'to'), label: this.label.values(), kind: this.kind.values() },
    });
  }
}
