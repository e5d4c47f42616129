"""What the capture knows about a type, read from the type object only.

Every read goes through descriptors taken from `type.__dict__` itself, so a
metaclass's `__getattribute__`, `__eq__` or `__hash__` never runs, and no
instance attribute is ever looked up (`type(o)`, never `o.__class__`).
Types are compared by identity and cached by id(), never hashed.
"""
import sys
import types

from . import _native
from ._keys import _MISSING, foreign_keys, str_get, str_in

_T = type.__dict__
mro_of = _T['__mro__'].__get__
_namespace = _T['__dict__'].__get__
_EMPTY = types.MappingProxyType({})


def namespace_of(cls):
    """A mappingproxy over the class's own dict (empty for a type never readied: tp_dict NULL)."""
    ns = _namespace(cls)
    return _EMPTY if ns is None else ns


_module_of = _T['__module__'].__get__
_qualname_of = _T['__qualname__'].__get__
flags_of = _T['__flags__'].__get__
basicsize_of = _T['__basicsize__'].__get__
dictoffset_of = _T['__dictoffset__'].__get__

HEAPTYPE = 1 << 9
HAVE_GC = 1 << 14

# schema.ts FLAG_* bits
FLAG_GC, FLAG_TRACKED, FLAG_FINALIZER, FLAG_TP_DEL, FLAG_FINALIZED, FLAG_IMMORTAL = 1, 2, 4, 8, 16, 32

# How the Labeller labels a type's instances: one at a time, or in bulk as exact
# (non-heap) lists and tuples, exact dicts, plain Python-class instances, or
# instances of Python classes whose attributes are all __slots__.
BULK_NONE, BULK_SEQ, BULK_DICT, BULK_PLAIN, BULK_SLOTS = 0, 1, 2, 3, 4

# Labeller families, by the first builtin base found in the MRO (identity checks).
_FAMILIES = ((dict, 'dict'), (list, 'list'), (tuple, 'tuple'), (set, 'set'), (frozenset, 'set'),
             (type, 'type'), (types.FunctionType, 'function'), (types.FrameType, 'frame'),
             (types.ModuleType, 'module'), (types.CellType if hasattr(types, 'CellType') else type(
                 (lambda x: lambda: x)(0).__closure__[0]), 'cell'))
CELL_TYPE = _FAMILIES[-1][0]

# Getters that only return a stored pointer (no allocation, no user code).
_SAFE_GETSETS = {
    id(types.FunctionType): ('__code__', '__defaults__', '__kwdefaults__', '__name__', '__qualname__'),
    id(types.FrameType): ('f_back', 'f_code', 'f_globals', 'f_builtins', 'f_trace'),
    id(CELL_TYPE): ('cell_contents',),
    id(types.BuiltinMethodType): ('__self__',),
    id(type): ('__bases__',),
    id(BaseException): ('args', '__traceback__', '__cause__', '__context__'),
    id(types.TracebackType): ('tb_frame', 'tb_next'),
}
_KIND_OF_NAME = {'__self__': 'self', '__func__': 'func', 'cell_contents': 'cell'}

_MemberType = types.MemberDescriptorType
_MethodDescr = types.MethodDescriptorType
GC_HEAD = sys.getsizeof([]) - [].__sizeof__()


class _Plain(object):
    pass


PRE_HEADER = sys.getsizeof(_Plain()) - _Plain().__sizeof__() - GC_HEAD
_SUBTYPE_TRAVERSE = _native.type_head(_Plain).tp_traverse if _native.OK else None


class TypeInfo(object):
    """One type's name, flag bits and how to label its instances' references."""
    __slots__ = ('cls', 'num', 'bulk', 'name', 'name_idx', 'ns_owner', 'bits', 'family', 'base', 'plain', 'getters', 'heap', 'flags', 'basicsize', 'dictoffset',
                 'sizeof', 'finalizer')


def _lookup(mro, name):
    """The first class namespace in the MRO that defines name, and its value."""
    for k in mro:
        v = str_get(namespace_of(k), name, _MISSING)
        if v is not _MISSING:
            return v
    return None


def module_name(cls):
    """cls.__module__ as type's own getter gives it, but for a heap type whose namespace
    holds a key of the program's (the getter looks '__module__' up there: _keys)."""
    if flags_of(cls) & HEAPTYPE:
        ns = namespace_of(cls)
        if foreign_keys(ns):
            return str_get(ns, '__module__')
    return _module_of(cls)


def qualified_name(cls):
    try:
        mod = module_name(cls)
    except Exception:
        mod = None
    try:
        qual = _qualname_of(cls)
    except Exception:
        qual = None
    if type(qual) is not str:
        qual = '?'
    if type(mod) is not str or not mod:
        mod = '?'
    return mod + '.' + qual


def describe(cls):
    """TypeInfo for cls (a type object; all reads are type-level)."""
    t = TypeInfo()
    t.cls = cls
    t.num = 0   # its position among the capture's distinct types (Labeller)
    mro = mro_of(cls) or (cls,)
    ids = [id(k) for k in mro]
    flags = flags_of(cls)
    t.name = qualified_name(cls)
    t.flags = flags
    t.basicsize = basicsize_of(cls)
    t.dictoffset = dictoffset_of(cls)
    t.heap = bool(flags & HEAPTYPE)
    t.family = 'instance' if t.heap else 'other'
    t.base = None
    for base, family in _FAMILIES:
        if id(base) in ids:
            t.family, t.base = family, base
            break
    t.finalizer, tp_del = _finalizers(cls, mro)
    t.bits = (FLAG_GC if flags & HAVE_GC else 0) | (FLAG_FINALIZER if t.finalizer else 0) | (
        FLAG_TP_DEL if tp_del else 0)
    t.getters = _getters(mro)
    t.plain = t.family == 'instance' and not t.getters and _python_classes_only(mro)
    # Owns a namespace dict whose keys are names: a module, a class, an instance with __dict__.
    t.ns_owner = t.family in ('module', 'type') or (t.heap and (
        t.dictoffset > 0 or bool(flags & _native.MANAGED_DICT and sys.version_info >= (3, 11))))
    t.name_idx = 0
    t.bulk = BULK_SEQ if t.family in ('list', 'tuple') and not t.heap else BULK_DICT if (
        t.family == 'dict' and not t.heap) else BULK_PLAIN if t.plain else BULK_SLOTS if (
        t.family == 'instance' and t.getters and t.dictoffset == 0 and not flags & _native.MANAGED_DICT
        and _python_classes_only(mro)) else BULK_NONE
    t.sizeof = _sizeof_fallback(mro, flags)
    return t


def _python_classes_only(mro):
    """Every class but object traverses with subtype_traverse (a class statement made it)."""
    if not _native.INLINE_NAMES:
        return False
    for k in mro[:-1]:
        if _native.type_head(k).tp_traverse != _SUBTYPE_TRAVERSE:
            return False
    return mro[-1] is object


def _finalizers(cls, mro):
    """(tp_finalize, tp_del) as the interpreter sees them.

    With the native reader these are the type's slots themselves. Without it,
    tp_finalize is "a `__del__` in some MRO namespace" (Python classes and C
    types with tp_finalize both expose one) and tp_del is a guess: only types
    made by _testcapi.with_tp_del are recognised, by their `__tp_del__`.
    """
    if _native.OK:
        h = _native.type_head(cls)
        return bool(h.tp_finalize), bool(h.tp_del)
    return _lookup(mro, '__del__') is not None, _lookup(mro, '__tp_del__') is not None


def _getters(mro):
    """[(name, getter, kind)] for member descriptors and known-safe getsets in the MRO."""
    out = []
    for k in mro:
        safe = _SAFE_GETSETS.get(id(k), ())
        ns = namespace_of(k)
        slots = str_in(ns, '__slots__')   # a class statement's __slots__, not a C type's members
        for name, d in ns.items():
            if type(name) is not str:
                continue
            if type(d) is _MemberType or (name in safe and type(d) is types.GetSetDescriptorType):
                kind = _KIND_OF_NAME.get(name, 'slot' if slots else 'attr')
                out.append((name, d.__get__, kind))
    return out


def _sizeof_fallback(mro, flags):
    """None when sys.getsizeof is safe; else a C-level size for a type with a Python
    __sizeof__, or one whose MRO namespaces hold a key of the program's (sys.getsizeof
    looks '__sizeof__' up in each of them, calling that key's __eq__: _keys)."""
    first = _lookup(mro, '__sizeof__')
    foreign = any(map(foreign_keys, map(namespace_of, mro)))
    if not foreign and (first is None or type(first) is _MethodDescr):
        return None
    builtin = None
    for k in mro:
        d = str_get(namespace_of(k), '__sizeof__')
        if type(d) is _MethodDescr:
            builtin = d
            break
    extra = (GC_HEAD if flags & HAVE_GC else 0) + (PRE_HEADER if flags & (_native.MANAGED_DICT | 8) and
                                                   sys.version_info >= (3, 11) else 0)
    if builtin is None:
        return lambda o: extra
    return lambda o: builtin(o) + extra
