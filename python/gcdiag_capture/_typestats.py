"""A cheap per-type count-and-bytes pass over the tracked objects (FORMATS.md "gcdiag-typestats").

What objgraph.typestats() counts (gc.get_objects()), plus bytes as
sys.getsizeof() gives them, grouped by module-qualified type name. The work
is done by C-level passes (map, Counter, compress) so that a heap of a million
objects costs a few tenths of a second (bench/plugin/bench_typestats.py):

- counts: Counter(map(type, objs)), unless some metaclass defines __hash__ or
  __eq__ (hashing a class would then run the program's code): then the same by id();
- bytes of a fixed-size type (object.__sizeof__, no items): count x the size
  every instance has; of a variable-size type with many instances: a C-level
  sum of sys.getsizeof over its instances, picked by a bytes.translate mask;
  of the other types: one Python loop over their instances.

No method of a heap object runs: sizes come from C __sizeof__ implementations
only (a Python-level __sizeof__ is bypassed, as the full capture does).
"""
import gc
import sys
from collections import Counter
from itertools import compress, repeat

from . import _native
from ._keys import _MISSING, str_get, str_in
from ._typeinfo import (GC_HEAD, HAVE_GC, PRE_HEADER, _sizeof_fallback, basicsize_of, flags_of, mro_of,
                        namespace_of, qualified_name)

_getsizeof = sys.getsizeof
_itemsize_of = type.__dict__['__itemsize__'].__get__
_subclasses = type.__dict__['__subclasses__']
_OBJECT_SIZEOF = object.__dict__['__sizeof__']
_MethodDescr = type(_OBJECT_SIZEOF)
# A variable-size type with at least 1/BIG of the heap gets its own C pass.
BIG = 64


def _first_in_mro(cls, name):
    for k in mro_of(cls) or (cls,):
        v = str_get(namespace_of(k), name, _MISSING)
        if v is not _MISSING:
            return v
    return None


def _hash_is_plain():
    """True when no metaclass overrides __hash__ or __eq__ (so hashing a class runs no Python)."""
    todo = list(_subclasses(type))
    seen = set()
    while todo:
        meta = todo.pop()
        if id(meta) in seen:
            continue
        seen.add(id(meta))
        for k in mro_of(meta):
            if k is type or k is object:
                continue    # not break: a mixin after type in the MRO may still define them
            ns = namespace_of(k)
            if str_in(ns, '__hash__') or str_in(ns, '__eq__'):
                return False
        todo.extend(_subclasses(meta))
    return True


def _count(objs, plain):
    """[(type, count)] for the objects in objs."""
    if plain:
        return list(Counter(map(type, objs)).items())
    ids = list(map(id, map(type, objs)))
    first = dict(zip(ids, range(len(ids))))   # last index of each type's id: one instance
    return [(type(objs[first[k]]), n) for k, n in Counter(ids).items()]


def _size_rule(cls):
    """('fixed', None) | ('c', None) | ('fallback', fn): how to size an instance of cls safely."""
    sizeof = _first_in_mro(cls, '__sizeof__')
    if sizeof is _OBJECT_SIZEOF and _itemsize_of(cls) == 0:
        return 'fixed', None
    if sizeof is None or type(sizeof) is _MethodDescr:
        return 'c', None
    return 'fallback', _sizeof_fallback(mro_of(cls) or (cls,), flags_of(cls))


def measure():
    """(rows, tracked): rows are [name, count, bytes] sorted by name; call after gc.collect().

    The list gc.get_objects() returns is made before the count and is not in it.
    """
    objs = gc.get_objects()
    try:
        return _measure(objs), len(objs)
    finally:
        del objs


def _measure(objs):
    n = len(objs)
    plain = _hash_is_plain()
    counted = _count(objs, plain)
    size_of = {}     # id(type) -> total bytes
    big = []
    small = {}       # id(type) -> sizing function, for the one Python loop
    for cls, k in counted:
        rule, fn = _size_rule(cls)
        if rule == 'fixed':
            size_of[id(cls)] = k * _fixed_size(cls)
        elif rule == 'c' and k * BIG >= n and len(big) < 254:
            big.append(cls)
        else:
            small[id(cls)] = _getsizeof if rule == 'c' else fn
    if big or small:
        small_classes = [cls for cls, _k in counted if id(cls) in small]
        _sum_sizes(objs, plain, big, small_classes, small, size_of)
    rows = {}
    for cls, k in counted:
        name = qualified_name(cls)
        row = rows.get(name)
        if row is None:
            rows[name] = [name, k, size_of.get(id(cls), 0)]
        else:
            row[1] += k
            row[2] += size_of.get(id(cls), 0)
    return [rows[name] for name in sorted(rows)]


def _sum_sizes(objs, plain, big, small_classes, small, size_of):
    """Bytes of the variable-size types: one byte of code per object (1..254: a big type, 255: a
    small one), then a 0/1 mask per big type by bytes.translate and a C-level sum over it; the
    small types' objects in one Python loop."""
    code = {}
    for j, cls in enumerate(big):
        code[cls if plain else id(cls)] = j + 1
    for cls in small_classes:
        code[cls if plain else id(cls)] = 255
    keys = map(type, objs) if plain else map(id, map(type, objs))
    codes = bytes(map(code.get, keys, repeat(0)))
    for j, cls in enumerate(big):
        table = bytearray(256)
        table[j + 1] = 1
        size_of[id(cls)] = sum(map(_getsizeof, compress(objs, codes.translate(table))))
    if small_classes:
        table = bytearray(256)
        table[255] = 1
        for o in compress(objs, codes.translate(table)):
            t = id(type(o))
            size_of[t] = size_of.get(t, 0) + small[t](o)


def _fixed_size(cls):
    """sys.getsizeof of any instance of a fixed-size type: object.__sizeof__ plus the
    headers getsizeof adds (the GC head; on 3.11+ the managed dict/weakref pre-header)."""
    flags = flags_of(cls)
    extra = (GC_HEAD if flags & HAVE_GC else 0) + (
        PRE_HEADER if flags & (_native.MANAGED_DICT | 8) and sys.version_info >= (3, 11) else 0)
    return basicsize_of(cls) + extra
