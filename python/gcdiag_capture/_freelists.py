"""Locating the list, dict and tuple freelist fill levels (numfree) with ctypes.

An object taken from a freelist is not a new GC allocation (the gen-0 counter
does not move), and freeing garbage refills the freelists: the replay needs
their fill before and after each collection. Their place differs by version
(static variables in 3.8/3.9, the interpreter state from 3.10, its
object_state in 3.13), so they are found by behaviour: drain a freelist,
free objects of that type one at a time, and keep the int that rose by one
at each free and fell by one at the next allocation of that type.
"""
import ctypes

from . import _gcstate

LIST_CAP = 80
DICT_CAP = 80
TUPLE_CAP = 2000
PROBE_SIZE = 13   # a tuple size the interpreter's own machinery rarely uses


def _words(blob):
    return int.from_bytes(blob, 'little')


def _changed(a, b, n):
    """Offsets (multiples of 4) of the 32-bit words that differ between two blobs of n bytes."""
    x = _words(a) ^ _words(b)
    out = []
    while x:
        top = (x.bit_length() - 1) // 32
        out.append(top * 4)
        x &= (1 << (top * 32)) - 1
    return out


def _int_at(blob, off):
    return int.from_bytes(blob[off:off + 4], 'little', signed=True)


def _find_counter(make, cap, regions):
    """The address of the int counting free objects of make()'s freelist, or None."""
    drain = [make() for _ in range(cap + 20)]        # the freelist is now empty
    objs = [make() for _ in range(4)]                # fresh objects, freed one by one below
    for lo, hi in regions:
        n = hi - lo
        snaps = [ctypes.string_at(lo, n)]
        for _ in range(3):
            objs.pop()
            snaps.append(ctypes.string_at(lo, n))
        cands = []
        for off in _changed(snaps[0], snaps[3], n):
            v = [_int_at(s, off) for s in snaps]
            if 0 <= v[0] < cap - 3 and v == [v[0], v[0] + 1, v[0] + 2, v[0] + 3]:
                cands.append(off)
        hits = 0
        for off in cands:   # no list may be built between the two reads
            view = ctypes.c_int.from_address(lo + off)
            b = view.value
            again = make()   # served from the freelist: the counter falls by one
            if view.value == b - 1:
                hits += 1
                found = lo + off
            del again
        if hits == 1:
            del drain
            return found
        objs = [make() for _ in range(4)]
    del drain
    return None


class Freelists(object):
    """Views of numfree for list, dict and each tuple size; None where not found."""

    def __init__(self):
        self.list = self.dict = None
        self.tuple = None   # c_int views, index 0 = size 1
        self.reason = None
        try:
            regions = _gcstate.regions()
            a = _find_counter(lambda: [], LIST_CAP, regions)
            self.list = ctypes.c_int.from_address(a) if a else None
            a = _find_counter(lambda: {}, DICT_CAP, regions)
            self.dict = ctypes.c_int.from_address(a) if a else None
            self.tuple = _find_tuple(regions)
        except Exception as e:   # a probe that fails leaves that freelist unmodelled
            self.reason = '%s: %s' % (type(e).__name__, e)

    def read(self, out, at):
        """Writes list, dict, tuple sizes 1..n into out[at:]; -1 where unknown. Allocation-free."""
        out[at] = self.list.value if self.list is not None else -1
        out[at + 1] = self.dict.value if self.dict is not None else -1
        t = self.tuple
        for i in range(TUPLE_SIZES):
            out[at + 2 + i] = t[i].value if t is not None else -1

    def snapshot(self):
        return {
            'list': self.list.value if self.list is not None else None,
            'dict': self.dict.value if self.dict is not None else None,
            'tuple': [v.value for v in self.tuple] if self.tuple is not None else None,
        }


TUPLE_SIZES = 19   # sizes 1..19 have a freelist in every version 3.8-3.13
FIELDS = 2 + TUPLE_SIZES


def _find_tuple(regions):
    items = list(range(PROBE_SIZE))
    a = _find_counter(lambda: tuple(items), TUPLE_CAP, regions)
    if a is None:
        return None
    # numfree[] holds size s at index s (3.8-3.10) or s - 1 (3.11+): either
    # way size s sits (s - PROBE_SIZE) ints from the probed size
    views = [ctypes.c_int.from_address(a + (s - PROBE_SIZE) * 4) for s in range(1, TUPLE_SIZES + 1)]
    # a second size must sit where the layout says
    other = list(range(5))
    drain = [tuple(other) for _ in range(TUPLE_CAP + 20)]
    v = views[4].value
    t = tuple(other)
    del t
    ok = views[4].value == v + 1
    del drain
    return views if ok else None
