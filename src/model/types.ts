// Python types as the model sees them: what kind of object, whether the collector
// tracks it, whether it has a finalizer, and its attribute order (= traverse order).
import { Kind } from './heap.js';
import type { TypeDecl } from '../trace/schema.js';
import { NameCache } from './idtable.js';

export interface FinalizerAction {
  print?: string;
  resurrect?: boolean;
  clear?: string[];
}

export interface TypeInfo {
  index: number;
  name: string;
  kind: Kind;
  /** Py_TPFLAGS_HAVE_GC: the collector tracks instances. */
  gc: boolean;
  /** tp_finalize (__del__), or null. */
  finalizer: FinalizerAction | null;
  /** Legacy tp_del (C types only since 3.4). */
  tpDel: boolean;
  /** Shallow size estimate (64-bit CPython 3.11 sys.getsizeof). */
  size: number;
  /** Extra bytes per item for variable-size containers. */
  itemSize: number;
  /** Attribute order: slots in declaration order, or the class's shared-key order. */
  fields: string[];
  fieldIndex: Map<string, number>;
  /** By method name (names from the trace: a Map, so "constructor" is no inherited function). */
  methods: Map<string, { print?: string }>;
  weakrefable: boolean;
  builtin: boolean;
  /**
   * 3.11+ classes: room left in the shared keys (SHARED_KEYS_MAX_SIZE = 30). Each
   * new instance shrinks it while above 1 (init_inline_values); a new attribute name
   * takes one, and when none is left the instance gets a real __dict__.
   */
  sharedUsable: number;
  /** <= 3.10: the code object of the class's __del__ keeps a spare frame (frames.ts). */
  spareFrame: boolean;
  /** The last field names looked up (fields are only ever appended, so hits stay valid). */
  recentFields: NameCache;
  /** A trace may make objects of it with `new` (not an interpreter-internal type, weakref or bound method). */
  creatable: boolean;
}

const methodMap = (decl: TypeDecl) => new Map(Object.entries(decl.methods ?? {}));

const ATOMIC_SIZES: Record<string, number> = { str: 49, bytes: 33, int: 28, float: 24, object: 16, NoneType: 16 };

export class TypeTable {
  readonly all: TypeInfo[] = [];
  private byName = new Map<string, TypeInfo>();
  /** Types are never removed: the last name looked up per length stays valid. */
  private recent = new NameCache();

  constructor() {
    this.add({ name: 'list', kind: Kind.List, gc: true, size: 56, itemSize: 8 });
    this.add({ name: 'dict', kind: Kind.Dict, gc: true, size: 64, itemSize: 24 });
    this.add({ name: 'tuple', kind: Kind.Tuple, gc: true, size: 40, itemSize: 8 });
    this.add({ name: 'set', kind: Kind.Set, gc: true, size: 216, itemSize: 0, weakrefable: true });
    for (const [name, size] of Object.entries(ATOMIC_SIZES)) this.add({ name, kind: Kind.Atomic, gc: false, size });
    this.add({ name: 'weakref.ReferenceType', kind: Kind.Weakref, gc: true, size: 72 });
    this.add({ name: 'method', kind: Kind.Method, gc: true, size: 64, fields: ['__func__', '__self__'] });
    this.add({ name: 'weakref.finalize', kind: Kind.Slots, gc: true, size: 32 });
    this.add({
      name: 'weakref.finalize._Info', kind: Kind.Slots, gc: true, size: 80,
      fields: ['weakref', 'func', 'args', 'kwargs', 'atexit', 'index'],
    });
    this.add({ name: '<interpreter>', kind: Kind.Opaque, gc: true, size: 56 });
  }

  private add(t: Partial<TypeInfo> & Pick<TypeInfo, 'name' | 'kind' | 'gc' | 'size'>, builtin = true): TypeInfo {
    const fields = t.fields ?? [];
    const creatable = !t.name.startsWith('<') && !t.name.startsWith('weakref.') && t.name !== 'method';
    const info: TypeInfo = {
      creatable, recentFields: new NameCache(),
      index: this.all.length, finalizer: null, tpDel: false, itemSize: 0, methods: new Map(),
      weakrefable: false, builtin, sharedUsable: 30, spareFrame: false, ...t, fields: [...fields], fieldIndex: new Map(fields.map((f, i) => [f, i])),
    };
    this.all.push(info);
    this.byName.set(info.name, info);
    return info;
  }

  get(name: string): TypeInfo | undefined {
    const hit = this.recent.get(name);
    if (hit >= 0) return this.all[hit];
    const t = this.byName.get(name);
    if (t) this.recent.set(name, t.index);
    return t;
  }

  /** Register a class declared by a trace. */
  declare(name: string, decl: TypeDecl): TypeInfo {
    // A non-container: like str or int, refcounted but invisible to the collector.
    if (decl.container === false) {
      return this.add({ name, kind: Kind.Atomic, gc: false, size: decl.size ?? 16, methods: methodMap(decl), weakrefable: false }, false);
    }
    const fin = decl.del === true ? {} : decl.del === false || decl.del === undefined ? null : decl.del;
    const nfields = decl.fields?.length ?? 0;
    // __slots__ members are sorted by name (type_new sorts them): that is traverse and
    // clear order. A plain class's shared keys start empty and grow as names are first stored.
    const fields = decl.slots ? [...(decl.fields ?? [])].sort() : [];
    return this.add({
      name, kind: decl.slots ? Kind.Slots : Kind.Instance, gc: true, finalizer: fin, tpDel: decl.tp_del ?? false,
      size: decl.size ?? (decl.slots ? 40 + 8 * nfields : 56), fields,
      methods: methodMap(decl), weakrefable: true,
    }, false);
  }

  /** The index of attribute `name` in the class's key order, or undefined. */
  fieldOf(t: TypeInfo, name: string): number | undefined {
    return t.recentFields.through(t.fieldIndex, name);
  }

  /** Append a new attribute name to the class's key order; returns its index. */
  addField(t: TypeInfo, name: string): number {
    const i = t.fields.length;
    t.fields.push(name);
    t.fieldIndex.set(name, i);
    return i;
  }
}
