"""Object id -> object index, in about 20 bytes per object instead of a dict's 110.

A dict keyed by id() pays per object a 32-byte key int, a 32-byte value int
and its own 30-40 bytes of table. This is a direct-address table instead:
live objects never overlap and none is smaller than object.__basicsize__, so
id >> GRAIN is distinct for distinct live objects. The address space is cut
into pages of 2**PAGE such slots; a dict maps each page that holds an object
to where its slots start in one array('i') (-1: no object, -2: left out).
Heap objects sit densely in allocator pools, so few slots are empty (on the
bench heap about 18 bytes per object in all), and a lookup is a few C-level
shifts, adds and array reads that map() strings together (as fast as the
dict's lookup, whose key ints are scattered over memory).

Where the table would cost more than a dict (objects of a kilobyte or more, a
fragmented heap: see DICT_AFTER), the walk switches to IdDict, id -> index.

The table holds no int objects (nothing that a refcount must discount); the
page dict's keys and offsets are large ints, but on a 32-bit build a small one
could be shared with the heap: small_ints() lists those for _refcount.
"""
from array import array
from collections import deque
from itertools import compress, count, repeat
from operator import add, is_not, rshift

GRAIN = object.__basicsize__.bit_length() - 1   # 2**GRAIN <= the smallest object's size
PAGE = 8
NEW, LEFT_OUT = -1, -2
_EMPTY = array('i', [NEW]) * (1 << PAGE)


class _TableFull(Exception):
    pass


class _Pages(dict):
    """page number -> offset, such that (id >> GRAIN) + offset is the id's slot; a page
    looked up with [] is made (its slots all NEW) on first use, unless the table has
    `limit` slots (None: no limit)."""
    __slots__ = ('table', 'limit')

    def __missing__(self, page):
        table = self.table
        if self.limit is not None and len(table) >= self.limit:
            raise _TableFull()
        off = self[page] = len(table) - (page << PAGE)
        table.extend(_EMPTY)
        return off


# The table costs 4 B per 16 B of address space holding objects, and 1 KiB for a page
# holding one: for objects of a kilobyte or more, or a fragmented heap, more than a
# dict's 108 B per object. Past DICT_AFTER bytes per object (once it is DICT_MIN bytes)
# the walk goes on with an IdDict instead.
DICT_AFTER = 64
DICT_MIN = 1 << 22


class IdDict(dict):
    """id -> object index: an unknown id gets the next index, or LEFT_OUT (not stored) if
    it is one of left_out, the capture's own objects."""
    __slots__ = ('left_out',)

    def __missing__(self, ident):
        if ident in self.left_out:
            return LEFT_OUT
        j = self[ident] = len(self)
        return j


class AddressIndex(object):
    """ids: None, or the IdDict the walk switched to; left_out: the ids of the capture's
    own objects (for that dict)."""
    __slots__ = ('table', 'pages', 'ids', 'left_out')

    def __init__(self):
        self.table = array('i')
        self.pages = _Pages()
        self.pages.table = self.table
        self.pages.limit = None
        self.ids = self.left_out = None

    def register(self, objs):
        """Object i of objs at index i (the table, or an IdDict if that would cost less)."""
        slots = self._bounded(len(objs), self.slots, objs)
        if slots is None:
            self.to_dict(objs)
        else:
            deque(map(self.table.__setitem__, slots, count()), 0)

    def walk_slots(self, ids, n):
        """list(id_slots(ids)) with n objects indexed, or None where the table would grow
        past what a dict costs: then go on with to_dict()."""
        return self._bounded(n, self.id_slots, ids)

    def _bounded(self, n, slots, xs):
        self.pages.limit = max(DICT_MIN, DICT_AFTER * n) // 4
        try:
            return list(slots(xs))
        except _TableFull:
            return None
        finally:
            self.pages.limit = None

    def to_dict(self, objs):
        """Go on with an IdDict of objs (object i at index i), freeing the table."""
        d = IdDict(zip(map(id, objs), range(len(objs))))
        d.left_out = self.left_out if self.left_out is not None else set()
        self.ids = d
        self.table = self.pages = None

    def set_left_out(self, idents):
        self.left_out = idents
        if self.ids is not None:
            self.ids.left_out = idents

    def set(self, ident, j):
        if self.ids is not None:
            self.ids[ident] = j
        else:
            self.table[self.slot(ident)] = j

    def leave_out(self, ident):
        """No index for this id, and the walk leaves out edges into it."""
        if self.ids is not None:
            self.ids.pop(ident, None)
        else:
            self.table[self.slot(ident)] = LEFT_OUT

    def is_new(self, ident):
        if self.ids is not None:
            return ident not in self.ids and ident not in self.left_out
        return self.table[self.slot(ident)] == NEW

    def slots(self, objs):
        """An iterator of the objects' slots in the table, making pages as needed (one
        pass over objs: give it a sequence)."""
        return map(add, map(rshift, map(id, objs), repeat(GRAIN)),
                   map(self.pages.__getitem__, map(rshift, map(id, objs), repeat(GRAIN + PAGE))))

    def id_slots(self, ids):
        """slots() from a sequence of ids (faster when the ids are listed anyway)."""
        return map(add, map(rshift, ids, repeat(GRAIN)),
                   map(self.pages.__getitem__, map(rshift, ids, repeat(GRAIN + PAGE))))

    def slot(self, ident):
        return (ident >> GRAIN) + self.pages[ident >> (GRAIN + PAGE)]

    def get(self, ident, default=None):
        """The index of the object with this id, or default (never makes a page)."""
        if self.ids is not None:
            j = self.ids.get(ident)
            return default if j is None else j
        off = self.pages.get(ident >> (GRAIN + PAGE))
        if off is None:
            return default
        j = self.table[(ident >> GRAIN) + off]
        return j if j >= 0 else default

    def found(self, idents):
        """The indices of those of the ids that are objects' (an iterator; no page made)."""
        if self.ids is not None:
            return filter(NEW.__lt__, map(self.ids.get, idents, repeat(NEW)))
        idents = list(idents)
        offs = list(map(self.pages.get, map(rshift, idents, repeat(GRAIN + PAGE))))
        known = list(map(is_not, offs, repeat(None)))
        js = map(self.table.__getitem__, map(add, map(rshift, compress(idents, known), repeat(GRAIN)),
                                             compress(offs, known)))
        return filter(NEW.__lt__, js)   # NEW < j: neither NEW nor LEFT_OUT

    def __contains__(self, ident):
        return self.get(ident) is not None

    def __getitem__(self, ident):
        j = self.get(ident)
        if j is None:
            raise KeyError(ident)
        return j

    def small_ints(self):
        """Ints of the page dict in CPython's small-int cache (-5..256), shared with the heap
        (or the IdDict's values 0, 1, ...: larger ones are ints of their own)."""
        if self.ids is not None:
            return list(range(min(len(self.ids), 257)))
        return [v for v in list(self.pages) + list(self.pages.values()) if -5 <= v <= 256]
