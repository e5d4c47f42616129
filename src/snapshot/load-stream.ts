// Reading a snapshot of any size: tokenizer events are routed by position.
// Columnar integer arrays go value by value into typed columns (never a JS
// array); friendly objects and edges are built and validated one at a time; the
// small rest (header, string table, roots) is built as plain values and checked
// by the same zod schema as a whole-parsed file.
import { InputError } from '../errors.js';
import type { HeapGraph } from './graph.js';
import { FriendlySnapshot, ColumnarSnapshot, FriendlyObject, FriendlyEdge } from './schema.js';
import type { JsonEvents, JsonTokenizer } from './json-stream.js';
import { ValueBuilder } from './json-stream-value.js';
import type { Column, ColumnSet } from './load-columns.js';
import { ColumnarBuilder } from './load-columnar.js';
import { FriendlyBuilder } from './load-friendly.js';
import { checkIdentityField, headerOf, zodFailure, type Layout } from './load-document.js';

type Section = 'objects' | 'edges';
const isSection = (k: string): k is Section => k === 'objects' || k === 'edges';
const FriendlyRest = FriendlySnapshot.omit({ objects: true, edges: true });
const ColumnarRest = ColumnarSnapshot.omit({ objects: true, edges: true });

export class SnapshotStreamSink implements JsonEvents {
  tokenizer!: JsonTokenizer;
  /** Containers open outside any value being built: 1 = top level, 2 = in a section, 3 = in a column. */
  private depth = 0;
  private topKey = '';
  private readonly rest: Record<string, unknown> = Object.create(null);
  private builder: ValueBuilder | null = null;
  private onBuilt: (v: unknown) => void = () => undefined;
  private section: ColumnSet<string> | null = null;
  private sectionKey = '';
  private column: Column | null = null;
  private elements: Section | null = null;
  private elementIndex = 0;
  private readonly shape: Partial<Record<Section, Layout>> = {};
  private readonly columnar: ColumnarBuilder;
  private readonly friendly: FriendlyBuilder;

  constructor(readonly file: string, fileBytes?: number) {
    this.columnar = new ColumnarBuilder(file, fileBytes);
    this.friendly = new FriendlyBuilder(file);
  }

  openObject(): void {
    if (this.builder) this.builder.openObject();
    else if (this.open('object')) this.builder!.openObject();
  }

  openArray(): void {
    if (this.builder) this.builder.openArray();
    else if (this.open('array')) this.builder!.openArray();
  }

  close(): void {
    if (this.builder) {
      this.builder.close();
      this.settle();
    } else if (this.column) {
      this.column = null;
      this.tokenizer.numbers = null;
      this.depth = 2;
    } else if (--this.depth === 1) {
      this.section = null;
      this.elements = null;
    }
  }

  key(name: string): void {
    if (this.builder) this.builder.key(name);
    else if (this.depth === 1) this.topKey = name;
    else if (this.section) {
      if (name !== 'count' && !this.section.isColumn(name)) {
        throw this.error(`${this.section.place}.${name}`, `expected only count and the columns ${Object.keys(this.section.specs).join(', ')} (unknown key)`);
      }
      this.sectionKey = name;
    }
  }

  number(n: number): void {
    if (this.column) this.column.push(n); // the hot path: millions of these
    else this.scalar(n);
  }

  string(s: string): void {
    this.scalar(s);
  }

  literal(v: boolean | null): void {
    this.scalar(v);
  }

  private scalar(v: string | number | boolean | null): void {
    if (!this.builder && !this.open('scalar')) return;
    const b = this.builder!;
    if (typeof v === 'number') b.number(v);
    else if (typeof v === 'string') b.string(v);
    else b.literal(v);
    this.settle();
  }

  private settle(): void {
    const b = this.builder!;
    if (!b.done) return;
    this.builder = null;
    this.onBuilt(b.result);
  }

  private build(onBuilt: (v: unknown) => void): true {
    this.builder = new ValueBuilder();
    this.onBuilt = onBuilt;
    return true;
  }

  /** A value starts outside any builder: route it. True when a builder takes it. */
  private open(kind: 'object' | 'array' | 'scalar'): boolean {
    if (this.column) throw this.error(this.tokenizer.path(), `expected an integer (got ${kind === 'scalar' ? 'a string or literal' : `an ${kind}`})`);
    if (this.depth === 0) {
      if (kind !== 'object') throw this.error('$', 'expected a JSON object (a gcdiag snapshot)');
      this.depth = 1;
      return false;
    }
    if (this.depth === 1) return this.openTop(kind);
    if (this.elements) {
      const section = this.elements;
      const index = this.elementIndex++;
      return this.build((v) => this.addElement(section, index, v));
    }
    const set = this.section!;
    const place = `${set.place}.${this.sectionKey}`;
    if (this.sectionKey === 'count') {
      if (kind !== 'scalar') throw this.error(place, `expected the number of ${set.place.slice(2)} (a non-negative integer)`);
      return this.build((v) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw this.error(place, `expected the number of ${set.place.slice(2)} (a non-negative integer), got ${JSON.stringify(v)}`);
        set.count = v;
        for (const c of set.columns.values()) c.reserve(set.capacity());
      });
    }
    if (kind !== 'array') throw this.error(place, 'expected an array of integers');
    this.column = set.open(this.sectionKey);
    this.tokenizer.numbers = this.column;
    this.depth = 3;
    return false;
  }

  private openTop(kind: 'object' | 'array' | 'scalar'): boolean {
    const key = this.topKey;
    if (!isSection(key)) {
      return this.build((v) => {
        if (key === 'format' || key === 'version' || key === 'layout') checkIdentityField(this.file, key, v);
        this.rest[key] = v;
      });
    }
    if (this.shape[key]) throw this.error(`$.${key}`, 'expected the key once (it appears twice)');
    if (kind === 'scalar') throw this.error(`$.${key}`, `expected an array of ${key} (friendly layout) or an object of columns (columnar layout)`);
    this.shape[key] = kind === 'array' ? 'friendly' : 'columnar';
    if (kind === 'array') this.elements = key;
    else this.section = key === 'objects' ? this.columnar.objects : this.columnar.edges;
    this.depth = 2;
    return false;
  }

  private addElement(section: Section, index: number, v: unknown): void {
    if (section === 'objects') {
      const r = FriendlyObject.safeParse(v);
      if (!r.success) throw zodFailure(this.file, r.error, `$.objects[${index}]`);
      this.friendly.addObject(r.data);
    } else {
      const r = FriendlyEdge.safeParse(v);
      if (!r.success) throw zodFailure(this.file, r.error, `$.edges[${index}]`);
      this.friendly.addEdge(r.data);
    }
  }

  /** The document ended well-formed: check the whole and build the graph. */
  finish(): HeapGraph {
    for (const k of ['format', 'version', 'layout']) checkIdentityField(this.file, k, this.rest[k]);
    const layout = this.rest.layout as Layout;
    for (const s of ['objects', 'edges'] as const) {
      if (!this.shape[s]) throw this.error(`$.${s}`, `expected the ${s} (missing)`);
      if (this.shape[s] !== layout) {
        throw this.error(`$.${s}`, layout === 'friendly' ? `expected an array of ${s} (layout "friendly")` : `expected an object of columns (layout "columnar")`);
      }
    }
    if (layout === 'friendly') {
      const r = FriendlyRest.safeParse(this.rest);
      if (!r.success) throw zodFailure(this.file, r.error);
      return this.friendly.finish({ header: headerOf(r.data), roots: r.data.roots });
    }
    const r = ColumnarRest.safeParse(this.rest);
    if (!r.success) throw zodFailure(this.file, r.error);
    return this.columnar.finish({ header: headerOf(r.data), strings: r.data.strings, roots: r.data.roots });
  }

  private error(where: string, expected: string): InputError {
    return new InputError(this.file, where, expected);
  }
}
