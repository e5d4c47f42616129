// The trace format: one zod schema is the TypeScript type, the validator and
// (via `npm run schema`) the JSON Schema shipped in schema/trace.schema.json.
import { z } from 'zod';
import { templatePattern, validTemplate, TEMPLATE_HELP, type TemplateKind } from '../model/pyformat.js';

/** An object id chosen by the trace: a string or a non-negative integer. */
export const ObjectId = z.union([z.string().min(1), z.number().int().nonnegative()]);
export type ObjectId = z.infer<typeof ObjectId>;

/** A reference value: an object id, or null for Python's None. */
export const Ref = ObjectId.nullable();

/**
 * An output line: a Python str.format string ("{{" and "}}" are braces) whose
 * replacement fields depend on where it is (see TemplateKind).
 */
const template = (kind: TemplateKind, what: string) =>
  z.string().refine((t) => validTemplate(kind, t), TEMPLATE_HELP[kind])
    .meta({ pattern: templatePattern(kind), description: `${what}; ${TEMPLATE_HELP[kind]}` });
const SelfText = template('self', 'output line of __del__ or a method');
const ValueText = template('value', 'output line; "{}" is the value');
const LiteralText = template('literal', 'output line');

export const FinalizerSpec = z.object({
  print: SelfText.optional(),
  resurrect: z.boolean().optional().describe('store self in a global list: the object comes back to life'),
  clear: z.array(z.string()).optional().describe('set these fields to None (breaks the cycle from inside __del__)'),
}).strict();

export const TypeDecl = z.object({
  slots: z.boolean().optional().describe('a class with __slots__ (no instance __dict__ in any version)'),
  fields: z.array(z.string()).optional().describe('attribute names in the order __init__ sets them (traverse order)'),
  del: z.union([z.boolean(), FinalizerSpec]).optional().describe('the class defines __del__ (PEP 442 tp_finalize)'),
  tp_del: z.boolean().optional().describe('legacy C-level tp_del (uncollectable in cycles; _testcapi.with_tp_del)'),
  size: z.number().int().positive().optional().describe('shallow size in bytes (sys.getsizeof)'),
  container: z.boolean().optional()
    .describe('false: not a GC container (a C type without Py_TPFLAGS_HAVE_GC): refcounted, never tracked, holds no references; Python classes always are'),
  methods: z.record(z.string(), z.object({ print: SelfText.optional() }).strict()).optional(),
}).strict();
export type TypeDecl = z.infer<typeof TypeDecl>;

export const BUILTIN_CONTAINERS = ['list', 'dict', 'tuple', 'set'] as const;
export const BUILTIN_ATOMICS = ['str', 'bytes', 'int', 'float', 'object'] as const;

const Atom = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Label = z.string().optional().describe('name used in output (defaults to the id)');

const New = z.object({
  op: z.literal('new'), id: ObjectId, type: z.string().min(1),
  bind: z.string().optional().describe('variable that receives the new object'),
  fields: z.record(z.string(), Ref).optional().describe('instance attributes / dict items set at creation'),
  items: z.array(Ref).optional().describe('list, tuple or set items'),
  values: z.record(z.string(), Atom).optional()
    .describe('plain (non-object) attribute values, shown by "{self.NAME}"; an integral number is an int (1.0 is 1), others are floats; a __slots__ class gets a slot for each name'),
  size: z.number().int().nonnegative().optional(), label: Label,
}).strict();
const Bind = z.object({ op: z.literal('bind'), var: z.string().min(1), to: Ref }).strict();
const Unbind = z.object({ op: z.literal('unbind'), vars: z.array(z.string().min(1)).min(1) }).strict();
const Set_ = z.object({ op: z.literal('set'), obj: ObjectId, field: z.union([z.string(), z.number().int().nonnegative()]), to: Ref }).strict();
const DelField = z.object({ op: z.literal('del_field'), obj: ObjectId, field: z.union([z.string(), z.number().int().nonnegative()]) }).strict();
const Append = z.object({ op: z.literal('append'), obj: ObjectId, to: Ref }).strict();
const Clear = z.object({ op: z.literal('clear'), obj: ObjectId }).strict();
const As = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('name the value for later print templates ("{name}")');
const Collect = z.object({ op: z.literal('collect'), gen: z.number().int().min(0).max(2).optional(), print: ValueText.optional(), as: As }).strict();
const Enable = z.object({ op: z.literal('enable') }).strict();
const Disable = z.object({ op: z.literal('disable') }).strict();
/** gc.set_threshold's values are C ints (OverflowError above 2**31 - 1). */
export const C_INT_MAX = 2147483647;
const Thresholds = z.array(z.number().int().nonnegative().max(C_INT_MAX)).min(1).max(3);
const SetThreshold = z.object({ op: z.literal('set_threshold'), thresholds: Thresholds }).strict();
const SetDebug = z.object({ op: z.literal('set_debug'), flags: z.number().int().nonnegative() }).strict()
  .describe('gc.set_debug(flags); DEBUG_SAVEALL = 32');
const Freeze = z.object({ op: z.literal('freeze') }).strict();
const Unfreeze = z.object({ op: z.literal('unfreeze') }).strict();
const GarbageClear = z.object({ op: z.literal('garbage_clear') }).strict();
const Weakref = z.object({
  op: z.literal('weakref'), id: ObjectId, target: ObjectId, bind: z.string().optional(),
  callback: z.union([z.boolean(), z.object({ print: LiteralText.optional() }).strict()]).optional(), label: Label,
}).strict();
const Finalize = z.object({
  op: z.literal('finalize'), id: ObjectId, target: ObjectId, bind: z.string().optional(),
  func: z.union([
    z.object({ method: z.string(), self: ObjectId }).strict().describe('a bound method, e.g. obj.close'),
    z.object({ print: LiteralText }).strict().describe('a plain function that prints'),
  ]),
  args: z.array(ObjectId).optional(), label: Label,
}).strict();
const Exit = z.object({ op: z.literal('exit') }).strict().describe('interpreter exit: weakref.finalize atexit callbacks run');
const Safepoint = z.object({ op: z.literal('safepoint') }).strict();
const Print = z.object({ op: z.literal('print'), text: template('named', 'output line; "{NAME}" is a value named by an earlier observe/collect "as"') }).strict();
export const OBSERVABLES = ['count', 'threshold', 'enabled', 'garbage', 'freeze_count', 'stats',
  'refcount', 'alive', 'finalized', 'tracked'] as const;
const Observe = z.object({
  op: z.literal('observe'), what: z.enum(OBSERVABLES), obj: ObjectId.optional(), print: ValueText.optional(), as: As,
}).strict().describe('record (and optionally print) an observable: refcount is sys.getrefcount(obj) - 1');

const SIMPLE = [New, Bind, Unbind, Set_, DelField, Append, Clear, Collect, Enable, Disable, SetThreshold,
  SetDebug, Freeze, Unfreeze, GarbageClear, Weakref, Finalize, Exit, Safepoint, Print, Observe] as const;
/** Any event but `repeat` (repeat bodies do not nest). */
export const BodyEvent = z.discriminatedUnion('op', [...SIMPLE]);
export type BodyEvent = z.infer<typeof BodyEvent>;
/**
 * A loop bound that keeps every trace finite in practice: 10^8 iterations of a
 * one-event body model in about 20 s (2^40 would run for days, which is a hang).
 */
export const MAX_REPEAT = 100_000_000;
const Repeat = z.object({
  op: z.literal('repeat'), times: z.number().int().min(1).max(MAX_REPEAT), body: z.array(BodyEvent).min(1),
}).strict().describe('run body `times` times (a Python loop); ids made in the body name the latest iteration\'s object');
export const Event = z.discriminatedUnion('op', [...SIMPLE, Repeat]);
/** Every event "op", for error messages. */
export const EVENT_OPS: readonly string[] = [...SIMPLE, Repeat].map((o) => o.shape.op.value);
export type Event = z.infer<typeof Event>;
export type Op = Event['op'];

export const PythonVersion = z.string().regex(/^[23]\.\d+(\.\d+)?$/, 'a CPython version such as 2.7, 3.11 or 3.14.2');

export const TraceHeader = z.object({
  format: z.literal('gcdiag-trace'),
  version: z.literal(1),
  python: PythonVersion.optional().describe('profile to use when --python is not given'),
  thresholds: Thresholds.optional(),
  safepoints: z.enum(['auto', 'explicit']).optional()
    .describe('auto: every event ends at a safe point (3.12+ run scheduled collections there); explicit: only safepoint events'),
  description: z.string().optional(),
  types: z.record(z.string(), TypeDecl).default({}),
}).strict();
export type TraceHeader = z.infer<typeof TraceHeader>;

export const Trace = TraceHeader.extend({ events: z.array(Event) }).strict();
export type Trace = z.infer<typeof Trace>;
