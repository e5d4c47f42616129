"""True reference counts: sys.getrefcount minus every reference the capture holds.

While counting, each object is held by the capture exactly once (its slot in
`objs`) plus whatever the counting call itself adds: the iterator's item, an
argument reference, and on 3.14 fewer because of borrowed stack references.
Rather than assume, `overhead()` measures the same call on a probe held only
by a one-item list. What remains are references from the capture's own
running frames (their locals; before 3.11 the frame objects' referents),
which `own_frame_refs()` counts and subtracts.
Immortal objects (3.12+) report their raw count: it is a marker, not a count.
"""
import gc
import sys
from array import array
from itertools import chain, compress, repeat
from operator import ge, sub

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
    got = array('q')
    got.extend(map(_getrc, probe))
    return got[0]


def arrays():
    """sys.getrefcount(array): each instance of a heap type holds a reference to it (from 3.10)."""
    return _getrc(array)


def immortal_flags(objs, raw):
    if V < (3, 12):
        return None
    if _is_immortal is not None:   # bytes of 0/1, not a list: 1 B per object
        return bytes(map(_is_immortal, objs))
    return bytes(map(ge, raw, repeat(_IMMORTAL_AT)))


def measure(h, prefix, bookkeeping):
    """(raw getrefcount values, overhead, corrections); nothing but h.objs may hold heap objects.

    The raw counts go into an array: a list would hold the ints counted so far, small
    ones among them, while the small ints themselves are counted. bookkeeping(h): the
    objects h holds (besides objs) that the heap has too; the arrays the capture made
    hold the array type.
    """
    over = overhead()
    raw = array('q')
    # The capture's arrays now alive, raw included (and objs' slot, if the type is in it).
    made = _getrc(array) - h.arrays - (id(array) in h.index)
    raw.extend(map(_getrc, h.objs))   # the same expression as overhead()'s
    corr = own_frame_refs(h.index, prefix)
    index = h.index
    for o in chain(bookkeeping(h), [array] * made):
        j = index.get(id(o))
        if j is not None:
            corr[j] = corr.get(j, 0) + 1
    return raw, over, corr


def own_frame_refs(index, prefix):
    """{object index: references held by the capture's frames now on this thread's stack}.

    Their functions and code objects hold more, but those are never in a snapshot (_own).
    """
    corr = {}

    def add(o, k):
        j = index.get(id(o))
        if j is not None and k:
            corr[j] = corr.get(j, 0) + k
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(prefix):
        code = frame.f_code
        if V < (3, 11):
            # Frames are objects: every referent (f_back, code, globals, locals) is ours to subtract.
            for r in gc.get_referents(frame):
                add(r, 1)
        elif _native.LOCALS:   # locals of a running 3.11+ frame are no object's referents
            for _, addr in _native.frame_locals(frame, _native.local_names(code)):
                j = index.get(addr)
                if j is not None:
                    corr[j] = corr.get(j, 0) + 1
        frame = frame.f_back
    add(_getrc, 1)   # the map() in measure() holds sys.getrefcount while it runs
    return corr


def true_counts(raw, over, immortal, corr):
    """raw - overhead - capture's frame references; immortal objects keep their raw value."""
    out = array('q', map(sub, raw, repeat(over)))   # an array: 8 B per object, no ints
    for j, k in corr.items():
        out[j] -= k
    if immortal is not None:
        for j in compress(range(len(immortal)), immortal):
            out[j] = raw[j]
    if out and min(out) < 0:
        out = array('q', [r if r >= 0 else 0 for r in out])
    return out
