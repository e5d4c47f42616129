"""Safe renderings of dict keys and atoms: exact builtin types only, whose repr is C code."""

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
