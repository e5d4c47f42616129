"""Which objects are in the heap and what each one references.

The tracked objects come from gc.get_objects(generation=i) for each i, in one
list whose index ranges give the generation. Everything else in a snapshot is
reached from them through gc.get_referents(), which is the type's
tp_traverse, the very edges the collector follows: untracked containers (a
dict or tuple of atoms), atoms (str, int, bytes, ...), frozen objects
(tracked, but in no generation list: gc.freeze()'s permanent generation) and
the frame objects of running threads. Edges are stored as object indices in
flat arrays; nothing here holds a reference to a heap object except `objs`,
so that refcounts can be measured exactly afterwards (_refcount.py).
"""
import gc
import sys
from array import array
from collections import deque
from itertools import accumulate, chain, compress, count, repeat
from operator import eq, ge

from . import _native, _own
from ._index import LEFT_OUT, NEW, AddressIndex
from ._keys import str_get
from ._typeinfo import namespace_of

_ModuleType = type(sys)
_module_dict = _ModuleType.__dict__['__dict__'].__get__
_mro_of = type.__dict__['__mro__'].__get__
V = sys.version_info[:3]
# 3.14.0-3.14.4: young + two old spaces; get_objects(1) is always empty there.
INCREMENTAL = (3, 14, 0) <= V < (3, 14, 5)
BATCH = 4096
# Edge targets are object indices: 4 bytes each (2**31 objects would be hundreds of GB).
EDGE_TYPE = 'i'
GEN_YOUNG, GEN_OLD_VISITED, GEN_OLD_PENDING, GEN_PERMANENT = 4, 5, 6, 3


class Heap(object):
    """objs[i] is object i; its counts[i] edges are edge_to[first[i]:first[i + 1]].

    left_out: ids of the capture's own objects (_own); trimmed: indices of the objects
    whose edges into those were left out too; arrays: sys.getrefcount(array) before
    the capture made any (_refcount)."""
    __slots__ = ('objs', 'index', 'gen', 'counts', 'first', 'edge_to', 'n_tracked', 'threads', 'left_out',
                 'trimmed', 'arrays')


def our_code(code, prefix):
    return code.co_filename.startswith(prefix)


def collect(prefix, package):
    """Gather the heap without the capture's own objects. Call with the collector disabled.

    Nothing may be allocated before the first gc.get_objects() call (it would
    be in the list); everything allocated after it is invisible to the walk
    unless a heap object references it, and none does.
    """
    objs = gc.get_objects(0)   # positional: a kwnames tuple would be listed too
    n0 = len(objs)
    objs.extend(gc.get_objects(1))
    n1 = len(objs)
    objs.extend(gc.get_objects(2))
    h = Heap()
    gen = _generations(objs, n0, n1, len(objs))
    stacks, frames = _thread_stacks(prefix)
    own = _own.find(package, prefix, frames)
    del frames
    h.index = index = AddressIndex()
    index.register(objs)
    h.left_out = _leave_out(objs, index, gen, own)
    h.n_tracked = len(objs)
    h.gen = gen
    del own
    h.threads = _thread_indices(objs, index, stacks)
    del stacks
    seeds = [sys.modules, gc.garbage]
    finalize = _finalize_registry()
    if finalize is not None:
        seeds.append(finalize)
    seeds.extend(dict.values(sys.modules))
    _add(objs, index, seeds)
    del seeds, finalize
    h.trimmed = set()
    h.counts, h.edge_to = _walk(objs, index, h.trimmed)
    h.first = None   # offsets(h.counts), once refcounts are measured
    h.objs = objs
    return h


def _leave_out(objs, index, gen, own):
    """Take the capture's own objects out of objs and gen, and mark them LEFT_OUT in the
    index (listed or not: the walk leaves out edges into them); returns their ids.

    Every tracked object that joined by its count must have been listed (its
    count was measured with the listing's reference taken off): if one was not,
    only the modules, frames and definitions are left out. The last objects
    move into the holes, so that no other index changes.
    """
    if not all(map(index.__contains__, own.tracked)):
        own.ids = own.defined
    index.set_left_out(own.ids)
    holes = sorted(j for j in map(index.get, own.ids) if j is not None)
    for i in own.ids:
        index.leave_out(i)
    m = len(objs) - len(holes)
    gone = set(holes)
    for j, k in zip([j for j in holes if j < m], [k for k in range(m, len(objs)) if k not in gone]):
        o = objs[j] = objs[k]
        gen[j] = gen[k]
        index.set(id(o), j)
    o = None
    del objs[m:], gen[m:]
    return own.ids


def _generations(objs, n0, n1, n):
    if INCREMENTAL:
        gen = array('b', repeat(GEN_YOUNG, n0))
        old = objs[n1:n]
        visited = _visited_space(objs[:n0])
        if visited is None:
            gen.extend(repeat(GEN_OLD_PENDING, len(old)))
        else:
            space = _native.old_space
            gen.extend(GEN_OLD_VISITED if space(o) == visited else GEN_OLD_PENDING for o in old)
        return gen
    gen = array('b', repeat(0, n0))
    gen.extend(repeat(1, n1 - n0))
    gen.extend(repeat(2, n - n1))
    return gen


def _visited_space(young):
    """The collector's visited_space: young objects carry the other bit (_PyObject_GC_TRACK)."""
    if not _native.SPACE_BIT:
        return None
    probe = []  # just tracked, so it is young too
    bits = {_native.old_space(o) for o in young}
    bits.add(_native.old_space(probe))
    return 1 ^ bits.pop() if len(bits) == 1 else None


def module_dict(m):
    """A module's namespace through ModuleType's own member (never m.__dict__)."""
    cls = type(m)
    if cls is _ModuleType or any(k is _ModuleType for k in _mro_of(cls) or ()):   # identity, never ==
        return _module_dict(m)
    return None


def _finalize_registry():
    wr = str_get(sys.modules, 'weakref')   # never dict.get: see _keys.foreign_keys
    ns = module_dict(wr) if wr is not None else None
    if type(ns) is not dict:
        return None
    cls = str_get(ns, 'finalize')
    if type(cls) is not type:
        return None
    reg = str_get(namespace_of(cls), '_registry')
    return reg if type(reg) is dict else None


def _thread_stacks(prefix):
    """[(thread id, [frame, ...] innermost first)] without the package's own frames, and
    those (but this function's, gone when it returns: its address may be reused)."""
    stacks, own = [], []
    here = sys._getframe()
    for tid, frame in sys._current_frames().items():
        user = []
        while frame is not None:
            if frame is not here:
                (own if our_code(frame.f_code, prefix) else user).append(frame)
            frame = frame.f_back
        stacks.append((tid, user))
    here = None   # a frame holding itself would outlive the call
    return stacks, own


def _thread_indices(objs, index, stacks):
    """[(thread id, [frame index, ...])], adding the frames to objs. Not in collect(): a
    comprehension there would give it a cell (before 3.12), made before the heap is listed."""
    out = []
    for tid, frames in stacks:
        _add(objs, index, frames)
        out.append((tid, [index[id(f)] for f in frames if id(f) in index]))
    return out


def _add(objs, index, more):
    for o in more:
        if index.is_new(id(o)):
            index.set(id(o), len(objs))
            objs.append(o)


def _walk(objs, index, trimmed):
    """(edge counts, edge targets) of every object, in gc.get_referents order; appends
    each new referent to objs.

    Works a batch of objects at a time, entirely in C-level map()s. Objects
    appended by one batch are walked by a later one, so the loop ends when no
    batch finds anything new.
    """
    counts = array('i')   # not a list: its ints would add to the refcounts measured next
    edge_to = array(EDGE_TYPE)
    referents = gc.get_referents
    a = 0
    while a < len(objs):
        b = min(len(objs), a + BATCH)
        refs = list(map(referents, objs[a:b]))
        counts.extend(map(len, refs))
        flat = list(chain.from_iterable(refs))
        del refs
        if index.ids is None:
            pos = index.walk_slots(list(map(id, flat)), len(objs))
            if pos is None:   # the table would cost more than a dict: a dict from here on
                index.to_dict(objs)
        if index.ids is not None:
            js = _dict_targets(objs, index.ids, flat)
            if LEFT_OUT in js:
                js = _without_own(js, counts, a, trimmed)
            del flat
            edge_to.extend(js)
            a = b
            continue
        table = index.table
        js = list(map(table.__getitem__, pos))
        if js and min(js) < 0:   # NEW or LEFT_OUT
            if NEW in js:
                # New objects get the next indices in first-seen order (a dict keyed by slot
                # keeps each slot's first position, and the same object for repeats).
                first = dict(zip(compress(pos, map(eq, js, repeat(NEW))), compress(flat, map(eq, js, repeat(NEW)))))
                deque(map(table.__setitem__, first, count(len(objs))), 0)
                objs.extend(first.values())
                del first
                js = list(map(table.__getitem__, pos))
            if LEFT_OUT in js:   # edges into the capture's own objects (_own): left out with them
                js = _without_own(js, counts, a, trimmed)
        del flat, pos
        edge_to.extend(js)
        a = b
    return counts, edge_to


def _dict_targets(objs, ids, flat):
    """The walk's targets through an IdDict: a new id gets the next index from
    IdDict.__missing__, in first-seen order; the objects behind indices >= before are
    appended in that order (a dict keyed by index keeps each index's first position and
    the same object for repeats)."""
    before = len(objs)
    js = list(map(ids.__getitem__, map(id, flat)))
    if len(ids) > before:
        fresh = list(map(ge, js, repeat(before)))
        objs.extend(dict(zip(compress(js, fresh), compress(flat, fresh))).values())
    return js


def _without_own(js, counts, a, trimmed):
    """js without its LEFT_OUT entries (edges of objects a.. into left-out objects); those
    objects' counts lowered to match and their indices added to trimmed."""
    out = []
    pos = 0
    for k in range(a, len(counts)):
        c = counts[k]
        seg = js[pos:pos + c]
        pos += c
        if LEFT_OUT in seg:
            seg = [j for j in seg if j != LEFT_OUT]
            counts[k] = len(seg)
            trimmed.add(k)
        out.extend(seg)
    return out


def bookkeeping(h):
    """The objects every heap has that h's bookkeeping (objs aside) holds too: cached
    small ints in the index's page dict, the thread lists' frame indices, the trimmed
    indices and counts; None (first)."""
    held = h.index.small_ints()
    held.extend((h.n_tracked, h.arrays, h.first))
    for tid, frames in h.threads:
        held.append(tid)
        held.extend(frames)
    held.extend(h.trimmed)
    return held


def object_ids(h):
    """array('q') of every object's id, in object order."""
    return array('q', map(id, h.objs))


class ObjectIds(object):
    """The objects' ids in object order, made a slice at a time by the writer: an array
    of them all would add 8 B per object to the capture's peak."""
    __slots__ = ('objs',)

    def __init__(self, objs):
        self.objs = objs

    def __len__(self):
        return len(self.objs)

    def __getitem__(self, k):
        if type(k) is slice:   # a tuple: what the writer formats (tuple() of it is itself)
            return tuple(map(id, self.objs[k]))
        return id(self.objs[k])

    def __iter__(self):
        return map(id, self.objs)


def offsets(counts):
    """first[i] = where object i's edges start; first[-1] = the edge count.

    Made after the refcounts are measured, like every other array the capture
    adds (each instance of array.array holds a reference to its type).
    """
    # 4 B per object while the edges number below 2**32 (the edge count is first[-1]).
    first = array('I' if sum(counts) < 1 << 32 else 'q', [0])
    first.extend(accumulate(counts))
    return first


def classify_extra(h, freeze_count):
    """Generation codes for objects reached by the walk, not from a generation list."""
    objs = h.objs
    extra = objs[h.n_tracked:]
    # A tracked object outside every generation list is frozen (gc.freeze()); with
    # nothing frozen it can only be one another thread made during the capture.
    tracked_code = GEN_PERMANENT if freeze_count else (GEN_YOUNG if INCREMENTAL else 0)
    h.gen.extend(map([-1, tracked_code].__getitem__, map(gc.is_tracked, extra)))   # False/True index it
