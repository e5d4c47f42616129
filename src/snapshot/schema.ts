// The heap snapshot format: one zod schema is the TypeScript type, the validator
// and (via `npm run schema`) schema/snapshot.schema.json. Two layouts:
//  - "friendly": objects and edges as JSON objects (hand-written fixtures, small heaps);
//  - "columnar": flat integer arrays plus a string table (big heaps; streamed).
import { z } from 'zod';

export const SNAPSHOT_FORMAT = 'gcdiag-snapshot';

/**
 * Where an object is: -1 untracked (e.g. a dict or tuple of atoms), 0/1/2 a
 * generation, 3 the permanent generation (gc.freeze()), and for the 3.14.0-3.14.4
 * incremental collector 4 young, 5 old (visited space), 6 old (pending space).
 */
export const GEN_UNTRACKED = -1;
export const GEN_PERMANENT = 3;
export const GEN_YOUNG = 4;
export const GEN_OLD_VISITED = 5;
export const GEN_OLD_PENDING = 6;
export const Generation = z.number().int().min(-1).max(6);

/** Bits of the columnar `flags` column (and the friendly booleans). */
export const FLAG_GC = 1; // the type supports GC (Py_TPFLAGS_HAVE_GC)
export const FLAG_TRACKED = 2;
export const FLAG_FINALIZER = 4; // tp_finalize / Python __del__
export const FLAG_TP_DEL = 8; // legacy tp_del
export const FLAG_FINALIZED = 16; // gc.is_finalized
export const FLAG_IMMORTAL = 32;

export const EDGE_KINDS = ['attr', 'slot', 'item', 'key', 'value', 'cell', 'local', 'self', 'func', 'type', 'other'] as const;
export const EdgeKind = z.enum(EDGE_KINDS);
export const ROOT_KINDS = ['module', 'thread', 'frame', 'garbage', 'finalize', 'other'] as const;
export const RootKind = z.enum(ROOT_KINDS);

export const PythonInfo = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+/, 'a version such as 3.11.7'),
  implementation: z.string().default('cpython'),
  build: z.string().optional(),
  platform: z.string().optional(),
}).strict();

export const GcInfo = z.object({
  enabled: z.boolean(),
  thresholds: z.array(z.number().int().nonnegative()).length(3),
  counts: z.array(z.number().int()).length(3),
  stats: z.array(z.object({ collections: z.number().int(), collected: z.number().int(), uncollectable: z.number().int() }).strict()).length(3),
  debug: z.number().int().nonnegative().default(0),
  freezeCount: z.number().int().nonnegative().default(0),
  collector: z.enum(['generational', 'incremental']).default('generational'),
}).strict();

/** A functools.lru_cache wrapper's bound and fill at capture time (read through the type: _extras.py). */
export const LruCache = z.object({
  id: z.number().int(),
  maxsize: z.number().int().nullable().describe('null: unbounded (maxsize=None)'),
  size: z.number().int().nonnegative().describe('entries (cache_info().currsize)'),
  function: z.string().optional().describe('the cached function, module.qualname'),
}).strict();

/** An object holding memory through C fields its tp_traverse does not visit (e.g. io.StringIO's accumulated writes). */
export const Untraversed = z.object({
  holder: z.number().int(),
  type: z.string(),
  to: z.array(z.number().int()).optional().describe('ids of snapshot objects only the holder\'s C struct points to'),
  chars: z.number().int().nonnegative().optional().describe('characters held where the snapshot cannot see them (a lower bound of the bytes)'),
}).strict();

const Header = {
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(1),
  label: z.string().optional(),
  time: z.string().optional().describe('ISO 8601 time of capture'),
  pid: z.number().int().optional(),
  process: z.string().optional().describe('a token unique to the capturing process (pids repeat: containers, pid reuse); snapshots with different tokens come from different processes'),
  python: PythonInfo,
  gc: GcInfo,
  /** Whether tracemalloc was on (then objects carry allocation sites). */
  tracemalloc: z.boolean().default(false),
  /** gc.collect() ran before the capture (--collect-first). */
  collectedFirst: z.boolean().default(false),
  /** Optional: absent in snapshots from older captures. */
  lruCaches: z.array(LruCache).optional(),
  untraversed: z.array(Untraversed).optional(),
};

export const RootEdge = z.object({ id: z.number().int(), label: z.string().optional() }).strict();
export const Root = z.object({
  name: z.string().describe('e.g. "module app.cache", "thread MainThread", "gc.garbage"'),
  kind: RootKind,
  to: z.array(RootEdge),
}).strict();

// ---- friendly layout ----------------------------------------------------

export const FriendlyObject = z.object({
  id: z.number().int().describe('unique within the snapshot (CPython id() may be reused across snapshots)'),
  type: z.string().min(1).describe('module-qualified type name, e.g. app.models.Node or builtins.dict'),
  size: z.number().int().nonnegative().default(0).describe('shallow size (sys.getsizeof)'),
  refcount: z.number().int().nonnegative(),
  gen: Generation.default(-1),
  gc: z.boolean().default(true),
  finalizer: z.boolean().default(false),
  tp_del: z.boolean().default(false),
  finalized: z.boolean().default(false),
  immortal: z.boolean().default(false),
  site: z.string().optional().describe('allocation site "file:line" (tracemalloc)'),
  text: z.string().optional().describe('a short safe rendering (str/int/bytes values only)'),
}).strict();

export const FriendlyEdge = z.object({
  from: z.number().int(),
  to: z.number().int(),
  label: z.string().optional(),
  kind: EdgeKind.default('other'),
}).strict();

export const FriendlySnapshot = z.object({
  ...Header,
  layout: z.literal('friendly'),
  objects: z.array(FriendlyObject),
  edges: z.array(FriendlyEdge),
  roots: z.array(Root),
}).strict();
export type FriendlySnapshot = z.infer<typeof FriendlySnapshot>;

// ---- columnar layout ----------------------------------------------------

const Ints = z.array(z.number().int());

export const ColumnarSnapshot = z.object({
  ...Header,
  layout: z.literal('columnar'),
  /** Index 0 is the empty string (no label, no site). */
  strings: z.array(z.string()),
  objects: z.object({
    count: z.number().int().nonnegative(),
    id: Ints,
    type: Ints.describe('string index'),
    size: Ints,
    refcount: Ints,
    gen: Ints,
    flags: Ints.describe('FLAG_* bits'),
    site: Ints.optional().describe('string index, 0 = unknown'),
  }).strict(),
  edges: z.object({
    count: z.number().int().nonnegative(),
    from: Ints.describe('object index (position in objects), not id'),
    to: Ints.describe('object index'),
    label: Ints.describe('string index'),
    kind: Ints.describe('index into EDGE_KINDS'),
  }).strict(),
  roots: z.array(Root).describe('root edges name object ids'),
}).strict();
export type ColumnarSnapshot = z.infer<typeof ColumnarSnapshot>;

export const Snapshot = z.discriminatedUnion('layout', [FriendlySnapshot, ColumnarSnapshot]);
export type Snapshot = z.infer<typeof Snapshot>;
export type SnapshotHeader = Omit<FriendlySnapshot, 'layout' | 'objects' | 'edges' | 'roots'>;
