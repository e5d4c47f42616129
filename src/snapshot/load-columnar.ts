// The columnar layout: integer columns filled value by value (from a parsed
// document or straight from the tokenizer), then checked for matching lengths.
import { InputError } from '../errors.js';
import type { HeapGraph } from './graph.js';
import type { SnapshotHeader } from './schema.js';
import { ColumnSet, OBJECT_COLUMNS, EDGE_COLUMNS, type ObjectColumnName, type EdgeColumnName, type Column } from './load-columns.js';
import { assembleGraph, type Places, type RootData } from './load-assemble.js';
import { indexIds } from './load-ids.js';

export const COLUMNAR_PLACES: Places = {
  object: (i, field) => `$.objects.${field}[${i}]`,
  edge: (e, field) => `$.edges.${field}[${e}]`,
};

export interface DocumentRest {
  header: SnapshotHeader;
  strings: string[];
  roots: RootData[];
}

export class ColumnarBuilder {
  readonly objects: ColumnSet<ObjectColumnName>;
  readonly edges: ColumnSet<EdgeColumnName>;

  /** @param fileBytes the file's size: no column can have more than half as many entries. */
  constructor(readonly file: string, fileBytes = 2 ** 25) {
    const most = Math.floor(fileBytes / 2) + 16;
    this.objects = new ColumnSet(file, '$.objects', OBJECT_COLUMNS, most);
    this.edges = new ColumnSet(file, '$.edges', EDGE_COLUMNS, most);
  }

  finish(rest: DocumentRest): HeapGraph {
    const o = this.columnsOf(this.objects, 'objects', ['id', 'type', 'size', 'refcount', 'gen', 'flags'], 'site');
    const e = this.columnsOf(this.edges, 'edges', ['from', 'to', 'label', 'kind']);
    const ids = o.id.values<Float64Array>();
    const idIndex = indexIds(ids, (i, first) => new InputError(this.file, `$.objects.id[${i}]`, `expected unique ids, but ${ids[i]} is also the id at $.objects.id[${first}]`));
    return assembleGraph({
      file: this.file, header: rest.header, strings: rest.strings, ids: idIndex, roots: rest.roots, places: COLUMNAR_PLACES,
      objects: {
        ids, type: o.type.values(), size: o.size.values(), refcount: o.refcount.values(),
        gen: o.gen.values(), flags: o.flags.values(), site: o.site.values(),
      },
      edges: { from: e.from.values(), to: e.to.values(), label: e.label.values(), kind: e.kind.values() },
    });
  }

  /** Every required column present with `count` entries; an absent optional column is zeros. */
  private columnsOf<K extends string>(set: ColumnSet<K>, section: string, required: K[], optional?: K): Record<K, Column> {
    if (set.count === undefined) throw new InputError(this.file, `$.${section}.count`, `expected the number of ${section} (missing)`);
    const count = set.count;
    const out = {} as Record<K, Column>;
    for (const name of optional ? [...required, optional] : required) {
      let col = set.columns.get(name);
      if (!col) {
        if (name !== optional) throw new InputError(this.file, `$.${section}.${name}`, `expected a column of ${count} integers (missing)`);
        col = set.open(name);
        col.reserve(count); // the required columns already have count entries
        col.length = count;
      }
      if (col.length !== count) {
        throw new InputError(this.file, `$.${section}.${name}`, `expected ${count} entries (${section}.count), got ${col.length}: columns of mismatched length`);
      }
      out[name] = col;
    }
    return out;
  }
}
