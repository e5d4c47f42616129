#!/usr/bin/env python3
"""Run gcdiag traces in this interpreter and report what CPython did.

The other half of gcdiag's exactness tests and of `gcdiag replay --against`:
the model's claims (collect() results, get_stats(), get_count(), the order of
finalizers and weakref callbacks, gc.garbage) are checked against this.

Standard library only; Python 3.7+. Usage:
    python3 gcdiag_oracle.py TRACE.json [TRACE.json ...]   -> one JSON result per line
    python3 gcdiag_oracle.py -                             -> a JSON list of traces on stdin

How it keeps its own allocations out of the numbers:
  * the trace is compiled into tuples of (handler, a, b, c) before anything runs;
  * gc.collect() then gc.freeze() put the interpreter's own objects (and this
    program's) in the permanent generation, so only the trace's objects are
    ever examined, and the freelists start empty;
  * handlers allocate nothing but the objects the trace asks for: no loops over
    iterators, no *args, no exceptions, no f-strings; results go into a
    preallocated list as ints and strings.
"""
import gc
import json
import string
import sys
import weakref

if sys.version_info < (3, 7):
    # Exit status 4: this interpreter cannot run traces (the caller's usage error).
    sys.stderr.write('gcdiag_oracle.py needs CPython 3.7 or newer (gc.freeze); this is %s\n'
                     % sys.version.split()[0])
    sys.exit(4)

try:  # legacy tp_del types need CPython's test helper
    import _testcapi
    _with_tp_del = getattr(_testcapi, 'with_tp_del', None)
except ImportError:  # pragma: no cover - depends on the build
    _with_tp_del = None

# Every container below exists before the heap is frozen and never changes
# tracking state afterwards: V always holds a GC object (so the dict is tracked
# and frozen), the label dicts only ever hold strings (so they stay untracked).
V = {}          # variables of the trace
OUT = []        # flat log: a marker int, then its payload
LABEL = {}      # id(obj) -> trace id as text
TYPENAME = {}   # id(obj) -> type name
DELTEXT = {}    # id(obj) -> what its __del__ / weakref callback prints
METHODTEXT = {} # method name -> {id(obj) -> what obj.method() prints}
RES = []        # objects resurrected by __del__
NONE_VAR = '\x00none'
KEEP_VAR = '\x00keep'
KEEP = [[]]


class _Anchor(object):
    pass


_ANCHOR = _Anchor()


def _noop():
    pass

M_DEL, M_CB, M_FIN, M_TPDEL, M_PRINT, M_COLLECT, M_OBS = 1, 2, 3, 4, 5, 6, 7
DEBUG_SAVEALL = gc.DEBUG_SAVEALL


class TraceError(Exception):
    pass


_FORMATTER = string.Formatter()


def fill(template, field):
    """A print template is a str.format string: Python's own parser splits it
    ("{{" and "}}" are braces), field(name) gives each replacement field's text.
    The trace schema allows no format specs or conversions (the model's
    src/model/pyformat.ts follows the same rules)."""
    out = []
    for text, name, _spec, _conv in _FORMATTER.parse(template):
        out.append(text)
        if name is not None:
            out.append(field(name))
    return ''.join(out)


def plain_value(v):
    """A trace number is a double, as in the model: integral ones are ints of
    exactly its value (JSON's 1.0 is 1; 2**53 + 1 is 2**53), others floats."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2 ** 53:
        return int(float(v))
    return v


def render(template, values):
    """{self.X} from the object's plain values (a name it has none for stays as written)."""
    if template is None:
        return None

    def field(name):
        if name.startswith('self.') and name[5:] in values:
            return str(plain_value(values[name[5:]]))
        return '{' + name + '}' if name else ''
    return fill(template, field)


def literal(template):
    """A text with no replacement fields (only "{{" and "}}")."""
    return None if template is None else fill(template, lambda name: '{' + name + '}')


# ---------------------------------------------------------------- handlers
# Each takes exactly three arguments. They must not allocate GC objects other
# than those the trace creates.

def _log_call(marker, obj):
    # The label is read now: once obj is gone its id() may name another object.
    k = id(obj)
    OUT.append(marker)
    OUT.append(LABEL.get(k, '?'))
    OUT.append(DELTEXT.get(k))


def _log_del(self):
    _log_call(M_DEL, self)


def _resurrect(self):
    RES.append(self)


def _cb(w):
    _log_call(M_CB, w)


def _method_logger(name):
    texts = METHODTEXT.setdefault(name, {})

    # Extra weakref.finalize arguments land in defaulted parameters: a *args
    # parameter would build a tuple per call, which the model does not expect.
    def method(self, _a=None, _b=None):
        OUT.append(M_FIN)
        OUT.append(texts.get(id(self)))
    return method


def h_new(var, spec, _):
    # spec: (cls, label, names, srcs, nfields, value_names, value_vals, nvalues,
    #        type name, __del__ text, ((method, text), ...), nmethods)
    o = spec[0]()
    k = id(o)
    LABEL[k] = spec[1]
    TYPENAME[k] = spec[8]
    DELTEXT[k] = spec[9]
    j = 0
    n = spec[11]
    while j < n:
        METHODTEXT[spec[10][j][0]][k] = spec[10][j][1]
        j += 1
    j = 0
    n = spec[7]
    while j < n:
        setattr(o, spec[5][j], spec[6][j])
        j += 1
    j = 0
    n = spec[4]
    while j < n:
        setattr(o, spec[2][j], V[spec[3][j]])
        j += 1
    if var is not None:
        V[var] = o


def h_new_list(var, spec, _):
    o = []
    LABEL[id(o)] = spec[0]
    TYPENAME[id(o)] = 'list'
    srcs = spec[1]
    j = 0
    n = spec[2]
    while j < n:
        o.append(V[srcs[j]])
        j += 1
    if var is not None:
        V[var] = o


def h_new_dict(var, spec, _):
    o = {}
    LABEL[id(o)] = spec[0]
    TYPENAME[id(o)] = 'dict'
    j = 0
    n = spec[3]
    while j < n:
        o[spec[1][j]] = V[spec[2][j]]
        j += 1
    if var is not None:
        V[var] = o


def h_new_set(var, spec, _):
    o = set()
    LABEL[id(o)] = spec[0]
    TYPENAME[id(o)] = 'set'
    j = 0
    n = spec[2]
    while j < n:
        o.add(V[spec[1][j]])
        j += 1
    if var is not None:
        V[var] = o


def h_new_tuple(var, spec, _):
    o = spec[1](V, spec[2])
    LABEL[id(o)] = spec[0]
    TYPENAME[id(o)] = 'tuple'
    if var is not None:
        V[var] = o


def h_new_atom(var, spec, _):
    o = object()
    if var is not None:
        V[var] = o


def h_bind(var, src, _):
    V[var] = V[src]


def h_unbind(var, _a, _b):
    del V[var]


def h_setattr(obj, name, src):
    setattr(V[obj], name, V[src])


def h_delattr(obj, name, _):
    delattr(V[obj], name)


def h_setitem(obj, key, src):
    V[obj][key] = V[src]


def h_delitem(obj, key, _):
    del V[obj][key]


def h_append(obj, src, _):
    V[obj].append(V[src])


def h_add(obj, src, _):
    V[obj].add(V[src])


def h_clear(obj, _a, _b):
    V[obj].clear()


def h_collect(gen, template, _):
    n = gc.collect(gen)
    OUT.append(M_COLLECT)
    OUT.append(n)
    OUT.append(template)


def h_enable(_a, _b, _c):
    gc.enable()


def h_disable(_a, _b, _c):
    gc.disable()


def h_set_threshold(t, n, _):
    if n == 1:
        gc.set_threshold(t[0])
    elif n == 2:
        gc.set_threshold(t[0], t[1])
    else:
        gc.set_threshold(t[0], t[1], t[2])


def h_set_debug(flags, _a, _b):
    gc.set_debug(flags)


def h_freeze(_a, _b, _c):
    gc.freeze()


def h_unfreeze(_a, _b, _c):
    gc.unfreeze()


def h_garbage_clear(_a, _b, _c):
    gc.garbage.clear()


def h_weakref(var, target, spec):
    # spec: (label, has_callback, callback text)
    if spec[1]:
        w = weakref.ref(V[target], _cb)
    else:
        w = weakref.ref(V[target])
    k = id(w)
    LABEL[k] = spec[0]
    TYPENAME[k] = 'weakref.ReferenceType'
    DELTEXT[k] = spec[2]
    if var is not None:
        V[var] = w


def h_finalize_method(var, target, spec):
    # spec: (label, self_var, method_name, arg_vars). Arguments are passed one by
    # one (a *list call would allocate a list the model does not expect).
    a = spec[3]
    if not a:
        f = weakref.finalize(V[target], getattr(V[spec[1]], spec[2]))
    elif len(a) == 1:
        f = weakref.finalize(V[target], getattr(V[spec[1]], spec[2]), V[a[0]])
    else:
        f = weakref.finalize(V[target], getattr(V[spec[1]], spec[2]), V[a[0]], V[a[1]])
    LABEL[id(f)] = spec[0]
    TYPENAME[id(f)] = 'weakref.finalize'
    if var is not None:
        V[var] = f


def h_finalize_func(var, target, spec):
    # spec: (label, func, arg_vars)
    a = spec[2]
    if not a:
        f = weakref.finalize(V[target], spec[1])
    elif len(a) == 1:
        f = weakref.finalize(V[target], spec[1], V[a[0]])
    else:
        f = weakref.finalize(V[target], spec[1], V[a[0]], V[a[1]])
    LABEL[id(f)] = spec[0]
    TYPENAME[id(f)] = 'weakref.finalize'
    if var is not None:
        V[var] = f


def h_print(text, _a, _b):
    OUT.append(M_PRINT)
    OUT.append(text)


def h_obs_count(template, _a, _b):
    c = gc.get_count()
    OUT.append(M_OBS)
    OUT.append('count')
    OUT.append(c[0])
    OUT.append(c[1])
    OUT.append(c[2])
    OUT.append(template)


def h_obs_threshold(template, _a, _b):
    c = gc.get_threshold()
    OUT.append(M_OBS)
    OUT.append('threshold')
    OUT.append(c[0])
    OUT.append(c[1])
    OUT.append(c[2])
    OUT.append(template)


def h_obs_stats(template, _a, _b):
    # The list and its dicts must die here, as in print(gc.get_stats()): kept in
    # OUT they would stay counted on 3.14.1+ (young count follows tracking). Only
    # the ints are kept; list unpacking makes no iterator. (s keeps the list alive
    # across the appends' eval-breaker checks, as the model's temporary is.)
    # Indexing, not unpacking: measured on 3.11.7, `s0, s1, s2 = s` here made one
    # GC allocation of its own, which with tiny thresholds started a collection.
    s = gc.get_stats()
    s0 = s[0]
    s1 = s[1]
    s2 = s[2]
    OUT.append(M_OBS)
    OUT.append('stats')
    OUT.append(s0['collections'])
    OUT.append(s0['collected'])
    OUT.append(s0['uncollectable'])
    OUT.append(s1['collections'])
    OUT.append(s1['collected'])
    OUT.append(s1['uncollectable'])
    OUT.append(s2['collections'])
    OUT.append(s2['collected'])
    OUT.append(s2['uncollectable'])
    OUT.append(template)


def h_obs_simple(what, obj, template):
    if what == 'enabled':
        v = gc.isenabled()
    elif what == 'garbage':
        v = len(gc.garbage)
    elif what == 'freeze_count':
        v = gc.get_freeze_count()
    elif what == 'refcount':
        v = sys.getrefcount(V[obj])
    elif what == 'alive':
        v = V[obj]() is not None
    elif what == 'finalized':
        v = gc.is_finalized(V[obj])
    else:
        v = gc.is_tracked(V[obj])
    OUT.append(M_OBS)
    OUT.append(what)
    OUT.append(v)
    OUT.append(template)


def h_safepoint(_a, _b, _c):
    pass


def h_exit(_a, _b, _c):
    # The trace's exit is the model's: the end state, then the pending finalizers
    # with the collector off. _exitfunc switches it off itself, but only after a
    # few allocations of its own, which here would come on top of what reading
    # the end state left counted (and could start a collection no program makes).
    enabled = gc.isenabled()
    gc.disable()
    STATE['end'] = read_end_state(enabled)
    weakref.finalize._exitfunc()
    weakref.finalize._shutdown = False
    if enabled:
        gc.enable()
    STATE['out_end'] = len(OUT)


def h_repeat(times, body, n):
    k = 0
    while k < times:
        j = 0
        while j < n:
            e = body[j]
            e[0](e[1], e[2], e[3])
            j += 1
        k += 1


STATE = {}
TUPLE_MAKERS = {}  # size -> function building a tuple display of that size


def run_events(E, n):
    i = 0
    while i < n:
        e = E[i]
        e[0](e[1], e[2], e[3])
        i += 1


# ------------------------------------------------------------ compilation

ATOMS = ('str', 'bytes', 'int', 'float', 'object')


class Compiler(object):
    """Turn trace events into handler tuples, resolving object ids to variables.

    A real program can only touch objects it holds in a variable, so every
    object an event names must be bound to a variable at that point.
    """

    def __init__(self, trace):
        self.trace = trace
        self.decls = trace.get('types') or {}
        self.classes = {}
        self.kinds = {}       # id key -> 'instance' | 'list' | ...
        self.var_of = {}      # var -> id key
        self.holders = {}     # id key -> [vars]
        self.value_names = {}
        self.type_of = {}     # id key -> class name (instances)
        self.slots_named = {} # slots class -> names its instances were given in values so far
        self.iteration = 1    # which iteration of a repeat body is compiled
        for ev in trace['events']:
            for e in (ev.get('body') or ()) if ev.get('op') == 'repeat' else (ev,):
                if e.get('op') == 'new' and e.get('values'):
                    names = self.value_names.setdefault(e.get('type'), [])
                    names.extend(k for k in e['values'] if k not in names)
        for name, decl in self.decls.items():
            if decl.get('container') is False:
                raise TraceError('type %s is declared "container": false: only C types can be, a Python class is '
                                 'always a GC container (the model alone can replay this trace)' % name)
            self.classes[name] = self.make_class(name, decl)

    def make_class(self, name, decl):
        ns = {}
        fin = decl.get('del')
        if fin:
            spec = fin if isinstance(fin, dict) else {}
            body = ['def __del__(self):', '    _log_del(self)']
            if spec.get('resurrect'):
                body.append('    _resurrect(self)')
            for f in spec.get('clear') or []:
                body.append('    setattr(self, %r, None)' % f)
            exec('\n'.join(body), {'_log_del': _log_del, '_resurrect': _resurrect, 'setattr': setattr}, ns)
        for m in decl.get('methods') or {}:
            ns[m] = _method_logger(m)
        if decl.get('slots'):
            fields = list(decl.get('fields') or ())
            fields += [v for v in self.value_names.get(name, ()) if v not in fields]
            ns['__slots__'] = tuple(fields) + ('__weakref__',)
        if decl.get('tp_del'):
            if _with_tp_del is None:
                raise TraceError('type %s has a legacy tp_del, which needs _testcapi.with_tp_del (not in this build)' % name)

            def tp_del(self):
                _log_call(M_TPDEL, self)
            ns['__tp_del__'] = tp_del
        cls = type(str(name), (object,), ns)
        if decl.get('tp_del'):
            cls = _with_tp_del(cls)
        return cls

    @staticmethod
    def key(oid):
        return json.dumps(oid)

    def var_for(self, oid, i):
        if oid is None:
            return NONE_VAR
        vs = self.holders.get(self.key(oid))
        if not vs:
            where = ' (in the repeat body\'s second iteration)' if self.iteration > 1 else ''
            raise TraceError('event %d%s: object %s is not held by any variable here, so a real program '
                             'could not reach it (bind it to a variable to replay this trace in CPython)' % (i, where, json.dumps(oid)))
        return vs[-1]

    def bind(self, var, oid):
        self.unbind(var)
        if oid is not None:
            k = self.key(oid)
            self.var_of[var] = k
            self.holders.setdefault(k, []).append(var)

    def unbind(self, var):
        old = self.var_of.pop(var, None)
        if old is not None:
            self.holders[old].remove(var)

    def bind_new(self, ev, kind):
        self.kinds[self.key(ev['id'])] = kind
        var = ev.get('bind')
        if var is not None:
            self.bind(var, ev['id'])
        return var

    def is_kind(self, oid, *kinds):
        return self.kinds.get(self.key(oid)) in kinds

    @staticmethod
    def tuple_maker(n):
        # One maker per size for the whole process, called once at once: up to
        # 3.10 its code object then keeps a spare frame (see _warm_up).
        if n not in TUPLE_MAKERS:
            if n == 0:
                src = 'def mk(V, s):\n    return ()\n'
            else:
                src = 'def mk(V, s):\n    return (%s%s)\n' % (', '.join('V[s[%d]]' % k for k in range(n)), ',' if n == 1 else '')
            ns = {}
            exec(src, {}, ns)
            ns['mk']({NONE_VAR: None}, (NONE_VAR,) * n)
            TUPLE_MAKERS[n] = ns['mk']
        return TUPLE_MAKERS[n]

    def compile(self):
        E = []
        for i, ev in enumerate(self.trace['events']):
            E.extend(self.compile_event(i, ev))
        return E

    def compile_body(self, i, body):
        out = []
        for b in body:
            out.extend(self.compile_event(i, b))
        return out

    def compile_event(self, i, ev):
        op = ev['op']
        if op == 'repeat':
            # Ids name objects at each iteration, as in the model: the first
            # iteration resolves them from the bindings before the loop, every
            # later one from those the body left (the same each time, since the
            # body binds each of its variables to the same id each time).
            first = self.compile_body(i, ev['body'])
            if ev['times'] == 1:
                return [(h_repeat, 1, tuple(first), len(first))]
            self.iteration = 2
            try:
                rest = self.compile_body(i, ev['body'])
            finally:
                self.iteration = 1
            if rest == first:
                return [(h_repeat, ev['times'], tuple(first), len(first))]
            return [(h_repeat, 1, tuple(first), len(first)), (h_repeat, ev['times'] - 1, tuple(rest), len(rest))]
        if op == 'new':
            return [self.compile_new(i, ev)]
        if op == 'bind':
            src = self.var_for(ev['to'], i)
            self.bind(ev['var'], ev['to'])
            return [(h_bind, ev['var'], src, None)]
        if op == 'unbind':
            out = []
            for v in ev['vars']:
                self.unbind(v)
                out.append((h_unbind, v, None, None))
            return out
        if op in ('set', 'del_field'):
            obj = self.var_for(ev['obj'], i)
            item = self.is_kind(ev['obj'], 'dict', 'list')
            self.check_slot(i, ev['obj'], ev['field'])
            if op == 'set':
                return [(h_setitem if item else h_setattr, obj, ev['field'], self.var_for(ev['to'], i))]
            return [(h_delitem if item else h_delattr, obj, ev['field'], None)]
        if op == 'append':
            h = h_add if self.is_kind(ev['obj'], 'set') else h_append
            return [(h, self.var_for(ev['obj'], i), self.var_for(ev['to'], i), None)]
        if op == 'clear':
            return [(h_clear, self.var_for(ev['obj'], i), None, None)]
        if op == 'collect':
            return [(h_collect, ev.get('gen', 2), (ev.get('print'), ev.get('as')), None)]
        if op in ('enable', 'disable', 'freeze', 'unfreeze', 'garbage_clear', 'safepoint', 'exit'):
            return [(HANDLERS[op], None, None, None)]
        if op == 'set_threshold':
            t = tuple(ev['thresholds'])
            return [(h_set_threshold, t, len(t), None)]
        if op == 'set_debug':
            return [(h_set_debug, ev['flags'], None, None)]
        if op == 'weakref':
            target = self.var_for(ev['target'], i)
            cb = ev.get('callback')
            text = cb.get('print') if isinstance(cb, dict) else None
            var = self.bind_new(ev, 'weakref')
            return [(h_weakref, var, target, (str(ev['id']), bool(cb), literal(text)))]
        if op == 'finalize':
            target = self.var_for(ev['target'], i)
            func = ev['func']
            args = tuple(self.var_for(a, i) for a in ev.get('args', ()))
            if len(args) > 2:
                raise TraceError('event %d: the oracle passes at most 2 extra finalize arguments' % i)
            if 'method' in func:
                self_var = self.var_for(func['self'], i)
                var = self.bind_new(ev, 'finalize')
                return [(h_finalize_method, var, target, (str(ev['id']), self_var, func['method'], args))]
            var = self.bind_new(ev, 'finalize')
            return [(h_finalize_func, var, target, (str(ev['id']), make_print_func(literal(func['print'])), args))]
        if op == 'print':
            return [(h_print, ev['text'], None, None)]
        if op == 'observe':
            what = ev['what']
            tpl = ev.get('print')
            tpl = (tpl, ev.get('as'))
            if what in ('count', 'threshold', 'stats'):
                return [(HANDLERS['obs_' + what], tpl, None, None)]
            if what == 'finalized' and not hasattr(gc, 'is_finalized'):
                raise TraceError("event %d: observe 'finalized' needs gc.is_finalized(), new in Python 3.9 "
                                 '(this is %s)' % (i, version()))
            obj = self.var_for(ev['obj'], i) if ev.get('obj') is not None else None
            if what == 'refcount' and self.is_kind(ev['obj'], 'empty tuple'):
                # The model refuses it too: () is shared by the whole interpreter
                # (immortal from 3.12), so its count is not the trace's.
                raise TraceError("event %d: observe refcount of the empty tuple: () is a singleton the whole "
                                 "interpreter shares, so its reference count is not the trace's" % i)
            return [(h_obs_simple, what, obj, tpl)]
        raise TraceError('event %d: unknown op %r' % (i, op))

    def check_slot(self, i, oid, field):
        # A slots class has a slot per field and per name its instances are given
        # in values; the model adds the latter as they first appear, so a name
        # used before that is refused here as there.
        t = self.type_of.get(self.key(oid)) if self.is_kind(oid, 'instance') else None
        decl = self.decls.get(t) if t is not None else None
        if decl and decl.get('slots') and field not in (decl.get('fields') or ()) \
                and field not in self.slots_named.get(t, ()):
            raise TraceError("event %d: '%s' object has no slot %s (declare it in \"fields\")" % (i, t, json.dumps(field)))

    def compile_new(self, i, ev):
        t = ev['type']
        oid = ev['id']
        values = ev.get('values') or {}
        if t in ('list', 'tuple', 'set'):
            srcs = tuple(self.var_for(x, i) for x in (ev.get('items') or []))
            var = self.bind_new(ev, 'empty tuple' if t == 'tuple' and not srcs else t)
            if t == 'list':
                return (h_new_list, var, (str(oid), srcs, len(srcs)), None)
            if t == 'set':
                srcs = tuple(x for x in srcs if x != NONE_VAR)
                return (h_new_set, var, (str(oid), srcs, len(srcs)), None)
            return (h_new_tuple, var, (str(oid), self.tuple_maker(len(srcs)), srcs), None)
        if t == 'dict':
            fields = ev.get('fields') or {}
            keys = tuple(fields.keys())
            srcs = tuple(self.var_for(fields[x], i) for x in keys)
            var = self.bind_new(ev, 'dict')
            return (h_new_dict, var, (str(oid), keys, srcs, len(keys)), None)
        if t in ATOMS:
            var = self.bind_new(ev, 'atom')
            return (h_new_atom, var, None, None)
        cls = self.classes.get(t)
        if cls is None:
            raise TraceError('event %d: unknown type %r' % (i, t))
        decl = self.decls[t]
        fields = ev.get('fields') or {}
        declared = list(decl.get('fields') or [])
        names = tuple([f for f in declared if f in fields] + [f for f in fields if f not in declared])
        srcs = tuple(self.var_for(fields[f], i) for f in names)
        vnames = tuple(values.keys())
        vvals = tuple(plain_value(values[x]) for x in vnames)
        if decl.get('slots'):
            seen = self.slots_named.setdefault(t, set())
            seen.update(vnames)
        fin = decl.get('del')
        del_text = render(fin.get('print'), values) if isinstance(fin, dict) else None
        methods = tuple((m, render((spec or {}).get('print'), values)) for m, spec in (decl.get('methods') or {}).items())
        var = self.bind_new(ev, 'instance')
        self.type_of[self.key(oid)] = t
        spec = (cls, str(oid), names, srcs, len(names), vnames, vvals, len(vnames), t, del_text, methods, len(methods))
        return (h_new, var, spec, None)


def make_print_func(text):
    def func(_a=None, _b=None):
        OUT.append(M_FIN)
        OUT.append(text)
    return func


HANDLERS = {
    'enable': h_enable, 'disable': h_disable, 'freeze': h_freeze, 'unfreeze': h_unfreeze,
    'garbage_clear': h_garbage_clear, 'safepoint': h_safepoint, 'exit': h_exit,
    'obs_count': h_obs_count, 'obs_threshold': h_obs_threshold, 'obs_stats': h_obs_stats,
}


# --------------------------------------------------------------- running

def stats_triples(s):
    return [[x['collections'], x['collected'], x['uncollectable']] for x in s]


def read_end_state(enabled=None):
    # The collector is switched off while the state is read: reading allocates, and
    # a collection now would not be part of the trace. `enabled`: what to report
    # when the caller has switched it off already.
    was = gc.isenabled()
    if enabled is None:
        enabled = was
    gc.disable()
    c = gc.get_count()
    STATE['out_end'] = len(OUT)
    s = gc.get_stats()
    state = {
        'count': list(c),
        'stats': stats_triples(s),
        'threshold': list(gc.get_threshold()),
        'enabled': enabled,
        'garbage': garbage_labels(gc.garbage),
        'freezeCount': gc.get_freeze_count(),
    }
    if was:
        gc.enable()
    return state


def short_type_name(o):
    """type(o).__name__, the same on every version: 3.7-3.9 name weakref.ref's type
    "weakref", 3.10+ "weakref.ReferenceType" (__name__ "ReferenceType")."""
    t = type(o)
    return 'ReferenceType' if t is weakref.ref else t.__name__


def garbage_labels(garbage):
    # Labels are keyed by id(): a dead trace object's address may have been
    # reused. A label only names an object of its own type, and never an
    # instance's __dict__ (up to 3.10 these are dicts of their own, unlabelled).
    # (Asking for the __dict__ itself, not the referents: a dict the trace stored
    # as an attribute is a referent too. On 3.11+ this may materialize a dict;
    # the counts were read before, and a new dict is never in gc.garbage.)
    own_dicts = set()
    for o in garbage:
        if type(o).__dictoffset__:
            try:
                own_dicts.add(id(object.__getattribute__(o, '__dict__')))
            except AttributeError:
                pass
    out = []
    for o in garbage:
        k = id(o)
        name = TYPENAME.get(k)
        short = short_type_name(o)
        if name is None or name.split('.')[-1] != short or k in own_dicts:
            out.append('%s ?' % short)
        else:
            out.append('%s %s' % (name, LABEL.get(k, '?')))
    return out


def decode_out(out, stats0, baseline):
    """The flat log as call records, collect() results and observations."""
    calls, collects, observations = [], [], []
    named = {}
    names = {M_DEL: 'finalizer', M_CB: 'callback', M_TPDEL: 'tp_del'}
    i, n = 0, len(out)
    while i < n:
        m = out[i]
        if m in names:
            calls.append({'kind': names[m], 'obj': out[i + 1], 'text': out[i + 2]})
            i += 3
            continue
        if m == M_FIN or m == M_PRINT:
            text = out[i + 1]
            if m == M_PRINT and text is not None:
                text = fill(text, lambda name: named.get(name, '{' + name + '}'))
            calls.append({'kind': 'finalize' if m == M_FIN else 'print', 'text': text})
            i += 2
            continue
        if m == M_COLLECT:
            what, value, shown, (tpl, name) = 'collect', out[i + 1], str(out[i + 1]), out[i + 2]
            collects.append(value)
            i += 3
        elif m == M_OBS:
            what = out[i + 1]
            if what in ('count', 'threshold'):
                value = [out[i + 2], out[i + 3], out[i + 4]]
                shown, (tpl, name) = str(tuple(value)), out[i + 5]
                i += 6
            elif what == 'stats':
                raw = out[i + 2:i + 11]
                value = [dict(collections=raw[3 * g] - x[0], collected=raw[3 * g + 1] - x[1],
                              uncollectable=raw[3 * g + 2] - x[2]) for g, x in enumerate(stats0)]
                shown, (tpl, name) = str(value), out[i + 11]
                i += 12
            else:
                value, (tpl, name) = out[i + 2], out[i + 3]
                # Printed as CPython returned it (the frozen interpreter heap
                # included, as the model's value is); compared without that heap.
                shown = str(value)
                if what == 'freeze_count':
                    value -= baseline
                i += 4
        else:
            raise TraceError('corrupt log at %d' % i)
        observations.append({'what': what, 'value': value})
        if name is not None:
            named[name] = shown
        if tpl is not None:
            calls.append({'kind': 'print', 'text': fill(tpl, lambda _name: shown)})
    return calls, collects, observations


def break_refs(o):
    if isinstance(o, (list, dict, set)):
        o.clear()
        return
    for name in getattr(type(o), '__slots__', ()):
        if name != '__weakref__':
            try:
                delattr(o, name)
            except AttributeError:
                pass
    d = getattr(o, '__dict__', None)
    if d is not None:
        d.clear()


def reset_gc_state():
    V.clear()
    V[NONE_VAR] = None
    V[KEEP_VAR] = KEEP       # keeps V a tracked dict, so it freezes with the rest
    del RES[:]
    gc.set_debug(0)
    weakref.finalize._shutdown = False
    reg = weakref.finalize._registry
    for f in list(reg):
        if f is not ANCHOR_FINALIZE:
            f.detach()
    gc.enable()
    gc.unfreeze()
    # Uncollectable objects (legacy tp_del cycles) would come back to gc.garbage
    # at every collection: break their references first.
    for _ in range(100):
        for o in gc.garbage:
            break_refs(o)
        del gc.garbage[:]
        if gc.collect() == 0 and not gc.garbage:
            break
    gc.set_threshold(*DEFAULT_THRESHOLDS)
    # Last: finalizers of the previous trace's objects may have logged above.
    del OUT[:]
    LABEL.clear()
    TYPENAME.clear()
    DELTEXT.clear()
    for d in METHODTEXT.values():
        d.clear()


def run_trace(trace):
    if trace.get('safepoints') == 'explicit':
        raise TraceError('this trace has explicit safe points: CPython checks the eval breaker at every statement, '
                         'so it cannot run the trace event by event (the model alone can replay it)')
    reset_gc_state()
    E = Compiler(trace).compile()
    # The trace's thresholds are set last, once the heap is frozen: set here, the
    # settling below would run automatic collections counted as the trace's.
    thresholds = tuple(trace.get('thresholds') or ())
    STATE.clear()
    # Settle: setup garbage goes and the freelists empty (a full collection
    # clears them); then the whole interpreter heap moves to the permanent
    # generation, so the trace's objects are the only ones ever examined.
    # A collection untracks only the tuples (and dicts) whose items are already
    # untracked, so nested ones need several: collect until nothing is freed and
    # the number of tracked objects holds still (freeze/unfreeze counts them
    # without allocating). Otherwise gc.unfreeze() in a trace would hand such
    # objects to a full collection, which would untrack them there.
    prev = -1
    for _ in range(20):
        found = gc.collect()
        gc.freeze()
        tracked = gc.get_freeze_count()
        gc.unfreeze()
        if found == 0 and tracked == prev:
            break
        prev = tracked
    # The settling collect() (3.12+: it also returns immortal objects to the
    # permanent generation).
    # Everything made before it survives it: the model's long_lived_total is the
    # frozen heap, which nothing made after the collection may join.
    s0 = gc.get_stats()
    stats0 = stats_triples(s0)
    gc.collect()
    stats0[2][0] += 1  # the settling collect() itself
    immortal = gc.get_freeze_count()
    gc.freeze()
    baseline = gc.get_freeze_count()
    if thresholds:
        gc.set_threshold(*thresholds)  # a tuple already: the call makes none
    run_events(E, len(E))
    end = STATE.get('end') or read_end_state()
    calls, collects, observations = decode_out(OUT[:STATE['out_end']], stats0, baseline)
    end['stats'] = [[a - b for a, b in zip(x, y)] for x, y in zip(end['stats'], stats0)]
    end['freezeCount'] -= baseline
    result = {
        'ok': True, 'python': '%d.%d.%d' % sys.version_info[:3], 'collects': collects, 'calls': calls,
        'observations': observations, 'end': end, 'baseline': {'permanent': baseline, 'immortal': immortal},
    }
    del E
    reset_gc_state()
    return result


DEFAULT_THRESHOLDS = gc.get_threshold()
# The finalize registry must already be a tracked dict when the heap freezes
# (an untracked dict that gains a GC value starts being tracked, in generation
# 0): one permanent entry keeps it so.
ANCHOR_FINALIZE = weakref.finalize(_ANCHOR, _noop)
ANCHOR_FINALIZE.atexit = False


def version():
    return '%d.%d.%d' % sys.version_info[:3]


def _warm_up():
    """Up to 3.10 a Python frame is a GC allocation, unless the function's code
    object keeps a spare ("zombie") frame from an earlier call. Running every
    handler once makes the first trace of a process count like the later ones:
    only the trace's own functions (its classes' __del__) make frames."""
    types = {'W': {'fields': ['a'], 'del': {'print': 'w', 'resurrect': True, 'clear': ['a']},
                   'methods': {'m': {'print': 'm'}}},
             'S': {'slots': True, 'fields': ['x']}, 'P': {}}
    events = [
        {'op': 'new', 'id': 0, 'type': 'W', 'bind': 'a', 'fields': {'a': None}, 'values': {'v': 1}},
        {'op': 'new', 'id': 1, 'type': 'S', 'bind': 'b', 'fields': {'x': None}},
        {'op': 'new', 'id': 2, 'type': 'list', 'bind': 'c', 'items': [0]},
        {'op': 'new', 'id': 3, 'type': 'dict', 'bind': 'd', 'fields': {'k': None}},
        {'op': 'new', 'id': 4, 'type': 'set', 'bind': 'e', 'items': [0]},
        {'op': 'new', 'id': 5, 'type': 'tuple', 'bind': 'f', 'items': [0]},
        {'op': 'new', 'id': 6, 'type': 'str', 'bind': 'g'},
        {'op': 'bind', 'var': 'h', 'to': 0},
        {'op': 'set', 'obj': 0, 'field': 'a', 'to': 2},
        {'op': 'set', 'obj': 3, 'field': 'j', 'to': 0},
        {'op': 'del_field', 'obj': 3, 'field': 'j'},
        {'op': 'append', 'obj': 2, 'to': 0},
        {'op': 'append', 'obj': 4, 'to': 1},
        {'op': 'weakref', 'id': 7, 'target': 0, 'bind': 'i', 'callback': {'print': 'cb'}},
        {'op': 'weakref', 'id': 8, 'target': 0, 'bind': 'j'},
        {'op': 'new', 'id': 14, 'type': 'W', 'bind': 'm', 'fields': {'a': None}},
        {'op': 'finalize', 'id': 9, 'target': 1, 'func': {'self': 14, 'method': 'm'}, 'bind': 'k'},
        {'op': 'finalize', 'id': 10, 'target': 0, 'func': {'print': 'p'}},
        {'op': 'finalize', 'id': 11, 'target': 1, 'func': {'print': 'p'}},
        {'op': 'new', 'id': 15, 'type': 'P', 'bind': 'n'},
        {'op': 'weakref', 'id': 16, 'target': 15, 'callback': {'print': 'cb'}, 'bind': 'o'},
        {'op': 'finalize', 'id': 17, 'target': 15, 'func': {'print': 'p'}},
        {'op': 'unbind', 'vars': ['n']},
        {'op': 'repeat', 'times': 2, 'body': [{'op': 'new', 'id': 12, 'type': 'list', 'bind': 'z'}]},
        {'op': 'print', 'text': 'x'},
        {'op': 'safepoint'},
    ]
    events += [{'op': 'observe', 'what': w} for w in ('count', 'threshold', 'stats', 'enabled', 'garbage', 'freeze_count')]
    events += [{'op': 'observe', 'what': w, 'obj': 0} for w in ('refcount', 'tracked')]
    events += [{'op': 'observe', 'what': 'alive', 'obj': 7}]
    if hasattr(gc, 'is_finalized'):
        events.append({'op': 'observe', 'what': 'finalized', 'obj': 0})
    events += [
        {'op': 'set_threshold', 'thresholds': [700]}, {'op': 'set_threshold', 'thresholds': [700, 10]},
        {'op': 'set_threshold', 'thresholds': [700, 10, 10]}, {'op': 'set_debug', 'flags': 0},
        {'op': 'disable'}, {'op': 'enable'}, {'op': 'freeze'}, {'op': 'unfreeze'},
        {'op': 'clear', 'obj': 2}, {'op': 'del_field', 'obj': 0, 'field': 'a'},
        {'op': 'unbind', 'vars': ['a', 'h', 'c', 'e', 'f']}, {'op': 'collect'}, {'op': 'garbage_clear'},
    ]
    if _with_tp_del is not None:
        types['L'] = {'fields': ['a'], 'tp_del': True}
        events += [{'op': 'new', 'id': 13, 'type': 'L', 'bind': 'l', 'fields': {'a': None}},
                   {'op': 'unbind', 'vars': ['l']}]
    events.append({'op': 'exit'})
    run_trace({'types': types, 'events': events})


if sys.version_info < (3, 11):
    _warm_up()


def run_many(traces):
    out = []
    for tr in traces:
        try:
            out.append(run_trace(tr))
        except TraceError as e:
            reset_gc_state()
            out.append({'ok': False, 'error': str(e), 'python': version()})
        except Exception as e:  # the trace asked for something Python refuses
            reset_gc_state()
            out.append({'ok': False, 'error': '%s: %s' % (type(e).__name__, e), 'python': version()})
    return out


def run_many_json(text):
    """Entry point for embedders (Pyodide): a JSON list of traces in, JSON lines out."""
    return '\n'.join(json.dumps(r) for r in run_many(json.loads(text)))


def main(argv):
    if len(argv) == 2 and argv[1] == '-':
        traces = json.load(sys.stdin)
    else:
        traces = []
        for path in argv[1:]:
            with open(path) as f:
                traces.append(json.load(f))
    for r in run_many(traces):
        sys.stdout.write(json.dumps(r) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
