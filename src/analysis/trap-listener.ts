// The listener trap: a bound method kept in a registry (a list, deque, set,
// dict or tuple of callbacks) keeps its object alive through method.__self__.
// SQLAlchemy's event.listen(engine, 'before_cursor_execute', self.on_execute)
// shows as engine … _ListenerCollection.listeners → deque → function.__closure__
// → tuple[0] → cell.cell_contents → method.__self__ → Repository: the wrapper
// SQLAlchemy puts around the listener is a closure, so closures, partials and
// __wrapped__ between the registry and the method are looked through.
import type { RetainerPath } from './paths.js';
import type { Hop, Trap } from './traps.js';
import { trap } from './traps.js';

const REGISTRIES = new Set([
  'builtins.list', 'builtins.set', 'builtins.dict', 'builtins.tuple',
  'collections.deque', 'collections.OrderedDict', 'collections.defaultdict',
]);
/** A registry holds its callbacks as items, keys or values (a deque's are unlabelled); an instance __dict__ holds attributes. */
const ENTRY_KINDS = new Set(['item', 'key', 'value', 'other']);
/** Who a classmethod or a module function is bound to: not an instance the registry keeps by accident. */
const NOT_INSTANCES = new Set(['builtins.type', 'builtins.module', 'abc.ABCMeta', 'enum.EnumType', 'enum.EnumMeta']);

/** Hop k only wraps the callback on its way to the method. */
function wraps(h: Hop[], k: number): boolean {
  const x = h[k];
  if (x.type === 'builtins.function') return x.label === '__closure__' || x.label === '__wrapped__';
  if (x.type === 'builtins.cell') return x.label === 'cell_contents';
  if (x.type === 'builtins.tuple') return h[k - 1]?.label === '__closure__';
  return x.type === 'functools.partial';
}

const ATEXIT_FIX = 'a registry kept in C: atexit.register(obj.method) (3.8-3.10 show it as the atexit module\'s reference, 3.11+ keep it in the interpreter, outside the snapshot), signal.signal(signum, obj.method), or a C library\'s callback; atexit.unregister(obj.method) / signal.signal(signum, signal.SIG_DFL) when obj is done, or register a function that holds weakref.WeakMethod(obj.method)';

export function listenerTrap(p: RetainerPath, h: Hop[]): Trap | undefined {
  const m = h.findIndex((x, k) => x.type === 'builtins.method' && x.label === '__self__' && k < h.length - 1);
  if (m < 0 || NOT_INSTANCES.has(h[m + 1].type)) return undefined;
  let k = m - 1;
  while (k >= 0 && wraps(h, k)) k--;
  // Held only by references no object records (3.11+ atexit, a C callback slot), or by a module's C state.
  if ((k < 0 && p.held === 'outside' && !p.outside?.holder) || (h[k]?.type === 'builtins.module' && h[k].label === '')) {
    const t = trap('listener-holds-self', h, Math.max(0, k), m + 1);
    t.explanation = `${t.explanation}; here: ${ATEXIT_FIX}`;
    return t;
  }
  const reg = h[k];
  if (!reg || !REGISTRIES.has(reg.type) || !ENTRY_KINDS.has(reg.kind)) return undefined;
  // Call arguments (weakref.finalize's args, a Thread's) are not a registry: finalize-holds-arguments says that.
  if (reg.type === 'builtins.tuple' && ['args', 'kwargs'].includes(h[k - 1]?.label ?? '')) return undefined;
  const t = trap('listener-holds-self', h, Math.max(0, k - 1), m + 1);
  const fix = specificFix(h);
  if (fix) t.explanation = `${t.explanation}; here: ${fix}`;
  return t;
}

/** The registry's own way to remove a listener, where the path says whose registry it is. */
function specificFix(h: Hop[]): string | undefined {
  if (h.some((x) => x.type.startsWith('sqlalchemy.'))) {
    return 'sqlalchemy.event.remove(target, identifier, obj.method) when obj is done (the same target, event name and bound method as in event.listen), or listen with a function that holds weakref.WeakMethod(obj.method)';
  }
  if (h.some((x) => x.type === 'logging.Logger' || x.type === 'logging.RootLogger')) {
    return 'logger.removeFilter(obj.method) / logger.removeHandler(handler) when obj is done';
  }
  return undefined;
}
