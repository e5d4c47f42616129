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

The table holds no int objects (nothing that a refcount must discount); the
page dict's keys and offsets are large ints, but on a 32-bit build a small one
could be shared with the heap: small_ints() lists those for _refcount.
"""
from array import array
from itertools import compress, repeat
from operator import add, is_not, rshift

GRAIN = object.__basicsize__.bit_length() - 1   # 2**GRAIN <= the smallest object's size
PAGE = 8
NEW, LEFT_OUT = -1, -2
_EMPTY = array('i', [NEW]) * (1 << PAGE)


class _Pages(dict):
    """page number -> offset, such that (id >> GRAIN) + offset is the id's slot; a page
    looked up with [] is made (its slots all NEW) on first use."""
    __slots__ = ('table',)

    def __missing__(self, page):
        table = self.table
        off = self[page] = len(table) - (page << PAGE)
        table.extend(_EMPTY)
        return off


class AddressIndex(object):
    __slots__ = ('table', 'pages')

    def __init__(self):
        self.table = array('i')
        self.pages = _Pages()
        self.pages.table = self.table

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
        off = self.pages.get(ident >> (GRAIN + PAGE))
        if off is None:
            return default
        j = self.table[(ident >> GRAIN) + off]
        return j if j >= 0 else default

    def found(self, idents):
        """The indices of those of the ids that are objects' (an iterator; no page made)."""
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
        """Ints of the page dict in CPython's small-int cache (-5..256), shared with the heap."""
        return [v for v in list(self.pages) + list(self.pages.values()) if -5 <= v <= 256]
