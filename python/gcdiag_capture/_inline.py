"""The bytes of a 3.11+ instance's attribute values, which sys.getsizeof leaves out.

From 3.11 a plain instance keeps its attribute values in an array sized from
its class's shared keys (usable + entries slots), not in a dict:

  3.11, 3.12  a separate block (Objects/dictobject.c new_values): a prefix of
              the insertion order rounded up to a word, then the values;
              present until the instance's __dict__ is made, which takes it
              over (the dict's own size then counts the values).
  3.13        inside the object itself, after tp_basicsize (_PyInlineValuesSize:
              the order bytes rounded up to a word, a one-word header, then
              the values), for as long as it lives.

sys.getsizeof counts the object block only, so a snapshot adds these bytes to
the instance's size. test/capture-sizes.test.ts checks the sum against
tracemalloc's allocated bytes for the same objects on 3.8-3.13.
"""
import sys
from collections import deque
from itertools import compress, repeat
from operator import add, and_, ne

from . import _native

V = sys.version_info[:2]


def _keys_slots(cls):
    """usable + entries of the class's shared keys (what each new values array holds), or None."""
    keys = _native._word(id(cls) + _native.CACHED_KEYS_AT)
    if not keys:
        return None
    h = _native.KeysHead.from_address(keys)
    if h.dk_kind != _native.DICT_KEYS_SPLIT or not 0 <= h.dk_usable + h.dk_nentries <= 255:
        return None
    return h.dk_usable + h.dk_nentries


def values_bytes(slots):
    """Bytes of a values array of `slots` values on this version."""
    P = _native.P
    if V >= (3, 13):   # _PyInlineValuesSize: the order bytes rounded up, the header word, the values
        return (slots + P - 1) // P * P + (slots + 1) * P
    return (slots + 2 + P - 1) // P * P + slots * P   # new_values: _Py_SIZE_ROUND_UP(size + 2, word) + values


def add_values(objs, infos, unique, sizes):
    """Add each instance's values array to sizes (a list or array, in place)."""
    if V < (3, 11) or V >= (3, 14) or not _native.INLINE_NAMES:
        return
    flag = _native.INLINE_VALUES if V >= (3, 13) else _native.MANAGED_DICT
    extra = {}
    for info in unique:
        if info.heap and info.flags & flag:
            slots = _keys_slots(info.cls)
            if slots:
                extra[id(info)] = values_bytes(slots)
    if not extra:
        return
    # One byte per object, not a list of sizes (8 B per object at the capture's peak).
    picked = list(compress(range(len(objs)), bytes(map(extra.__contains__, map(id, infos)))))
    if V < (3, 13):   # the block exists until a __dict__ takes it over
        # 3.11: the values pointer is the word 4 before the object; 3.12: 3 before,
        # tagged with its low bit (a dict pointer otherwise).
        back = 4 * _native.P if V == (3, 11) else 3 * _native.P
        words = _native.words_at(map(add, map(id, map(objs.__getitem__, picked)), repeat(-back)))
        if V == (3, 12):
            words = list(map(and_, words, repeat(1)))
        picked = list(compress(picked, map(ne, words, repeat(0))))
    at = getattr(infos, 'at', None)   # _capture.TypeInfos, or a list
    more = map(extra.__getitem__, map(id, at(picked) if at is not None else map(infos.__getitem__, picked)))
    deque(map(sizes.__setitem__, picked, map(add, map(sizes.__getitem__, picked), more)), 0)
