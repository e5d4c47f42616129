"""True reference counts: sys.getrefcount minus every reference the capture holds.

While counting, each object is held by the capture exactly once (its slot in
`objs`) plus whatever the counting call itself adds: the iterator's item, an
argument reference, and on 3.14 fewer because of borrowed stack references.
Rather than assume, `overhead()` measures the same call on a probe held only
by a one-item list. What remains are references from the capture's own
running frames (its functions and code objects, and before 3.11 the frame
objects' referents), which `own_frame_refs()` counts and subtracts.
Immortal objects (3.12+) report their raw count: it is a marker, not a count.
"""
import gc
import sys
from itertools import compress, repeat
from operator import sub

from . import _native

_getrc = sys.getrefcount
V = sys.version_info[:2]
_is_immortal = getattr(sys, '_is_immortal', None)
# 3.12/3.13 immortal refcount: 64-bit (int32_t)ob_refcnt < 0; 32-bit UINT_MAX >> 2.
_IMMORTAL_AT = (1 << 31) if sys.maxsize > 1 << 32 else (1 << 30) - 1


def overhead():
    """What counting adds per object: the list slot, the map's item, the argument.

    The probe's inner list is referenced by the probe list only, which stands
    for `objs`: its true count outside the capture is 0, so all it shows is overhead.
    """
    probe = [[]]
    return list(map(_getrc, probe))[0]


def _call_probe():
    return _getrc(_call_probe), _getrc(_call_probe.__code__)


def _frame_deltas():
    """References one running frame of a function adds to the function and to its code."""
    before = _getrc(_call_probe), _getrc(_call_probe.__code__)
    during = _call_probe()
    return during[0] - before[0], during[1] - before[1]


FUNC_DELTA, CODE_DELTA = _frame_deltas()


def immortal_flags(objs, raw):
    if V < (3, 12):
        return None
    if _is_immortal is not None:
        return list(map(_is_immortal, objs))
    return [r >= _IMMORTAL_AT for r in raw]


def measure(objs, index, prefix, functions):
    """(raw getrefcount values, overhead, corrections); nothing but objs may hold heap objects."""
    over = overhead()
    raw = list(map(_getrc, objs))   # the same expression as overhead()'s
    return raw, over, own_frame_refs(index, prefix, functions)


def own_frame_refs(index, prefix, functions):
    """{object index: references held by the capture's frames now on this thread's stack}."""
    corr = {}

    def add(o, k):
        j = index.get(id(o))
        if j is not None and k:
            corr[j] = corr.get(j, 0) + k
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(prefix):
        code = frame.f_code
        add(functions.get(id(code)), FUNC_DELTA)
        if V < (3, 11):
            # Frames are objects: every referent (f_back, code, globals, locals) is ours to subtract.
            for r in gc.get_referents(frame):
                add(r, 1)
        else:
            add(code, CODE_DELTA)
            if _native.LOCALS:   # locals of a running 3.11+ frame are no object's referents
                for _, addr in _native.frame_locals(frame, _native.local_names(code)):
                    j = index.get(addr)
                    if j is not None:
                        corr[j] = corr.get(j, 0) + 1
        frame = frame.f_back
    add(_getrc, 1)   # the map() in measure() holds sys.getrefcount while it runs
    return corr


def true_counts(raw, over, immortal, corr):
    """raw - overhead - capture's frame references; immortal objects keep their raw value."""
    out = list(map(sub, raw, repeat(over)))
    for j, k in corr.items():
        out[j] -= k
    if immortal is not None:
        for j in compress(range(len(immortal)), immortal):
            out[j] = raw[j]
    return [r if r >= 0 else 0 for r in out] if out and min(out) < 0 else out
