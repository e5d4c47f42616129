"""Safe renderings of dict keys and atoms: exact builtin types only, whose repr is C code;
and string lookups in dicts the program can fill, which never compare its keys."""
from itertools import repeat
from operator import is_not

MAX = 80
_NoneType = type(None)
_PLAIN = (float, bool, _NoneType)


def short_repr(v):
    """repr of an exact str/bytes/int/float/bool/None, cut to about MAX characters; None otherwise."""
    t = type(v)
    if t is str or t is bytes:
        if len(v) > MAX:
            return repr(v[:MAX]) + '...'
        return repr(v)
    if t is int:
        if v.bit_length() > 200:   # repr of a huge int is slow, and limited since 3.11
            return '<int of %d bits>' % v.bit_length()
        return repr(v)
    for p in _PLAIN:
        if t is p:
            return repr(v)
    return None


def render_key(k, type_name, depth=0):
    """A dict key as Python would write it, or `<key of type T>` when that could run user code."""
    r = short_repr(k)
    if r is not None:
        return r
    if type(k) is tuple and depth < 2 and len(k) <= 8:
        parts = [render_key(x, type_name, depth + 1) for x in k]
        if not any(p.startswith('<key of type') for p in parts):
            return '(' + ', '.join(parts) + (',)' if len(parts) == 1 else ')')
    return '<key of type %s>' % type_name(type(k))


def text_of(v):
    """The friendly layout's `text` for an atom (str, bytes, int), else None."""
    t = type(v)
    if t is str or t is bytes or t is int:
        return short_repr(v)
    return None


_mappingproxy = type(type.__dict__)
_MISSING = object()


def foreign_keys(d):
    """Whether a dict, or a type's mappingproxy, has a key whose type is not exactly str.

    Looking a str up in a dict compares it with every key of equal hash, and a
    key of the program's type gets its __eq__ called (the hash of '__slots__' or
    'threading' is no secret to the program). Without such keys, a lookup
    compares str with str only. C-level iteration: the keys of a dict subclass
    through dict.keys, never its own __iter__.
    """
    keys = d if type(d) is _mappingproxy else dict.keys(d)
    return any(map(is_not, map(type, keys), repeat(str)))


def str_get(d, key, default=None):
    """d[key] or default, for a dict (or a type's mappingproxy, whose mapping is an exact
    dict) and a str key, calling no method of the program's keys."""
    proxy = type(d) is _mappingproxy
    if not foreign_keys(d):
        return d.get(key, default) if proxy else dict.get(d, key, default)
    for k, v in list(d.items() if proxy else dict.items(d)):
        if type(k) is str and k == key:
            return v
    return default


def str_in(d, key):
    return str_get(d, key, _MISSING) is not _MISSING
