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
from itertools import accumulate, chain, compress, repeat
from operator import ge

from . import _native

_FrameType = type(sys._getframe())
_ModuleType = type(sys)
_module_dict = _ModuleType.__dict__['__dict__'].__get__
_mro_of = type.__dict__['__mro__'].__get__
V = sys.version_info[:3]
# 3.14.0-3.14.4: young + two old spaces; get_objects(1) is always empty there.
INCREMENTAL = (3, 14, 0) <= V < (3, 14, 5)
BATCH = 4096
GEN_YOUNG, GEN_OLD_VISITED, GEN_OLD_PENDING, GEN_PERMANENT = 4, 5, 6, 3


class Index(dict):
    """id -> object index; looking up an unknown id gives it the next index."""
    __slots__ = ()

    def __missing__(self, ident):
        j = self[ident] = len(self)
        return j


class Heap(object):
    """objs[i] is object i; its counts[i] edges are edge_to[first[i]:first[i + 1]]."""
    __slots__ = ('objs', 'index', 'gen', 'counts', 'first', 'edge_to', 'n_tracked', 'threads')


def our_code(code, prefix):
    return code.co_filename.startswith(prefix)


def collect(prefix):
    """Gather the heap. Call with the collector disabled.

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
    if V < (3, 11):
        # Before 3.11 every frame is a tracked object, this capture's own included.
        _drop_own_frames(objs, prefix)
    h.n_tracked = n = len(objs)
    h.gen = _generations(objs, n0, n1, n)
    h.index = index = Index(zip(map(id, objs), range(n)))
    h.threads = _thread_stacks(objs, index, prefix)
    seeds = [sys.modules, gc.garbage]
    finalize = _finalize_registry()
    if finalize is not None:
        seeds.append(finalize)
    seeds.extend(dict.values(sys.modules))
    _add(objs, index, seeds)
    del seeds, finalize
    h.counts, h.edge_to = _walk(objs, index)
    h.first = None   # offsets(h.counts), once refcounts are measured
    h.objs = objs
    return h


def _drop_own_frames(objs, prefix):
    objs[:] = [o for o in objs if type(o) is not _FrameType or not our_code(o.f_code, prefix)]


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
    wr = dict.get(sys.modules, 'weakref')
    ns = module_dict(wr) if wr is not None else None
    if type(ns) is not dict:
        return None
    cls = dict.get(ns, 'finalize')
    if type(cls) is not type:
        return None
    reg = type.__dict__['__dict__'].__get__(cls).get('_registry')
    return reg if type(reg) is dict else None


def _thread_stacks(objs, index, prefix):
    """[(thread id, [frame index, ...] innermost first)], skipping this capture's own frames."""
    stacks = []
    for tid, frame in sys._current_frames().items():
        chain = []
        while frame is not None:
            if not our_code(frame.f_code, prefix):
                chain.append(frame)
            frame = frame.f_back
        _add(objs, index, chain)
        stacks.append((tid, [index[id(f)] for f in chain]))
        del chain
    return stacks


def _add(objs, index, more):
    for o in more:
        if id(o) not in index:
            index[id(o)] = len(objs)
            objs.append(o)


def _walk(objs, index):
    """(edge counts, edge targets) of every object, in gc.get_referents order; appends
    each new referent to objs.

    Works a batch of objects at a time, entirely in C-level map()s and dict
    updates. Objects appended by one batch are walked by a later one, so the
    loop ends when no batch finds anything new.
    """
    counts = array('q')   # not a list: its ints would add to the refcounts measured next
    edge_to = array('q')
    referents = gc.get_referents
    a = 0
    while a < len(objs):
        b = min(len(objs), a + BATCH)
        refs = list(map(referents, objs[a:b]))
        counts.extend(map(len, refs))
        flat = list(chain.from_iterable(refs))
        del refs
        before = len(objs)
        # A new id gets the next index from Index.__missing__, in first-seen order; the
        # objects behind indices >= before are appended in that order (a dict keyed by
        # index keeps each index's first position and the same object for repeats).
        js = list(map(index.__getitem__, map(id, flat)))
        if len(index) > before:
            fresh = list(map(ge, js, repeat(before)))
            objs.extend(dict(zip(compress(js, fresh), compress(flat, fresh))).values())
            del fresh
        del flat
        edge_to.extend(js)
        a = b
    return counts, edge_to


def offsets(counts):
    """first[i] = where object i's edges start; first[-1] = the edge count.

    Made after the refcounts are measured, like every other array the capture
    adds (each instance of array.array holds a reference to its type).
    """
    first = array('q', [0])
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
