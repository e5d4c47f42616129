"""Facts about a few C objects that their references alone do not tell.

Optional header fields, read after the heap is listed and only through the
type (never an attribute lookup on the object, never the program's code):

- lruCaches: each functools.lru_cache wrapper's maxsize and entry count, so
  that a bounded cache (urllib.parse.urlsplit keeps 128) is not called a leak.
  _lru_cache_wrapper.cache_info() is C code that calls the info type the
  wrapper was made with; it is called only when that type is functools'
  own _CacheInfo, as namedtuple() made it (its only code the generated
  __new__, no __init__, metaclass type): a wrapper built with another info
  type, or a patched one, would run the program's code, so it is skipped.
- untraversed: objects that hold memory through C fields their tp_traverse
  does not visit. io.StringIO on 3.8-3.11 accumulates writes in a list only
  its C struct points to (so the list and every string written show up as
  "held from outside the snapshot"); the struct's words are matched against
  the snapshot's ids (_native's rule: no pointer is followed). On 3.12+ the
  writes go into a string nothing else can see: `chars` is then its length
  as tell() reports it, a lower bound of what is hidden.
"""
import gc
import sys
from itertools import compress, repeat
from operator import is_

from . import _native
from ._typeinfo import qualified_name

_module_dict = type(sys).__dict__['__dict__'].__get__
_FunctionType = type(_native._make_probe)
_qualname_of = _FunctionType.__dict__['__qualname__'].__get__
_module_of = _FunctionType.__dict__['__module__'].__get__
_mro_of = type.__dict__['__mro__'].__get__


def collect(objs):
    """{header field: value} for the fields that have something to say."""
    out = {}
    caches = _lru_caches(objs)
    if caches:
        out['lruCaches'] = caches
    held = _string_ios(objs)
    if held:
        out['untraversed'] = held
    return out


def _module_global(module, name):
    m = sys.modules.get(module)
    return _module_dict(m).get(name) if type(m) is type(sys) else None


def _of_type(objs, cls):
    return compress(objs, map(is_, map(type, objs), repeat(cls)))


def _lru_caches(objs):
    wrapper = _module_global('functools', '_lru_cache_wrapper')
    info_type = _module_global('functools', '_CacheInfo')
    if type(wrapper) is not type or not _genuine_info_type(info_type):
        return []
    cache_info = type.__dict__['__dict__'].__get__(wrapper).get('cache_info')
    out = []
    for w in _of_type(objs, wrapper):
        refs = gc.get_referents(w)
        if not any(r is info_type for r in refs):
            continue
        try:
            info = cache_info(w)
        except Exception:
            continue
        maxsize, size = tuple.__getitem__(info, 2), tuple.__getitem__(info, 3)
        rec = {'id': id(w), 'maxsize': maxsize if type(maxsize) is int else None, 'size': size}
        name = _function_name(refs)
        if name is not None:
            rec['function'] = name
        out.append(rec)
    return out


def _genuine_info_type(t):
    mro = _mro_of(t) if type(t) is type else ()
    if len(mro) != 3 or mro[1] is not tuple or mro[2] is not object:   # identity: no metaclass __eq__ runs
        return False
    ns = type.__dict__['__dict__'].__get__(t)
    new = ns.get('__new__')
    if '__init__' in ns or type(new) is not staticmethod:
        return False
    fn = staticmethod.__dict__['__func__'].__get__(new)
    if type(fn) is not _FunctionType:
        return False
    g = _FunctionType.__dict__['__globals__'].__get__(fn)
    return type(g) is dict and g.get('__name__') == 'namedtuple_CacheInfo'


def _function_name(refs):
    for r in refs:
        if type(r) is _FunctionType:
            module, qualname = _module_of(r), _qualname_of(r)
            if type(module) is str and type(qualname) is str:
                return module + '.' + qualname
    return None


def _string_ios(objs):
    cls = _module_global('_io', 'StringIO')
    if type(cls) is not type:
        return []
    classes = _with_subclasses(cls)
    holders = list(_of_type(objs, cls)) if len(classes) == 1 else list(
        compress(objs, map(classes.__contains__, map(id, map(type, objs)))))
    if not holders:
        return []
    tell = type.__dict__['__dict__'].__get__(cls)['tell']
    words = _struct_words(holders, cls)
    out = []
    if words is not None:
        # The accumulating lists the structs point to (readnl/writenl are strings: not those).
        found = set().union(*map(set, words)).intersection(map(id, _of_type(objs, list)))
    for k, s in enumerate(holders):
        rec = {'holder': id(s), 'type': qualified_name(type(s))}
        if words is not None:
            seen = set(gc.get_referents(s))
            to = [w for w in words[k] if w in found and w != id(s) and not any(id(r) == w for r in seen)]
            if to:
                rec['to'] = to
        if sys.version_info >= (3, 12):
            try:
                rec['chars'] = tell(s)
            except (ValueError, OSError):   # closed
                continue
        if len(rec) > 2:
            out.append(rec)
    return out


def _with_subclasses(cls):
    """ids of cls and every subclass (by id: no metaclass __eq__ or __hash__ runs)."""
    seen = {id(cls)}
    todo = [cls]
    while todo:
        for sub in type.__subclasses__(todo.pop()):
            if id(sub) not in seen:
                seen.add(id(sub))
                todo.append(sub)
    return seen


def _struct_words(holders, cls):
    """Each holder's C struct as pointer-sized words (3.8-3.11 only, where the list is a tracked object)."""
    if not _native.OK or sys.version_info >= (3, 12):
        return None
    n = type.__dict__['__basicsize__'].__get__(cls) // _native.P
    return [_native._words(id(s), n)[2:] for s in holders]
