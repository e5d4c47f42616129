"""One capture, in the order that keeps the numbers exact.

1. snapshot() switches the collector off and reads its counts; _quiet.pause keeps
   the rest and suspends tracers; maybe collect.
2. _heap.collect: gc.get_objects per generation, thread frames, the referent walk.
3. _refcount.measure while `objs` is the capture's only hold on heap objects.
4. Only then anything that takes references freely: types, sizes, flags,
   allocation sites, labels, roots; then the streamed write.
5. _quiet.resume: thresholds, debug flags, tracers, counts, then the enabled state.
"""
import gc
import os
import sys
import time
from array import array
from itertools import chain, compress
from operator import attrgetter, itemgetter, or_, sub

from . import _extras, _heap, _inline, _progress, _quiet, _refcount, _state, _write
from ._keys import text_of
from ._labels import Labeller
from ._roots import Roots
from ._strings import Strings
from ._typeinfo import FLAG_FINALIZED, FLAG_FINALIZER, FLAG_IMMORTAL, FLAG_TRACKED, describe

PREFIX = os.path.dirname(__file__) + os.sep
PACKAGE = __name__.rpartition('.')[0]   # gcdiag_capture, unless vendored under another name
LAYOUTS = ('columnar', 'friendly')
_is_finalized = getattr(gc, 'is_finalized', None)

try:
    import _tracemalloc
except ImportError:  # pragma: no cover - depends on the build
    _tracemalloc = None

_busy = array('b')   # not a list: its item would be one more reference to the int 1
# Other threads are not stopped (a long sys.setswitchinterval would: until one of
# them took the GIL and kept it as long). The refcount pass is one C-level call,
# an instant for them; the walk lets them run between its batches.


PHASES = ('walk', 'refcounts', 'columns', 'roots', 'labels', 'write')   # roots: and the namespaces


class Result(object):
    """What snapshot() returns: where it wrote and how much.

    It holds no container the capture made (a phases list would be freed by the
    caller and lower the collector's count, which the capture put back as it was):
    the phase times are the bytes of an array('d') (bytes are no GC object; an array is,
from 3.10), and `phases` builds the list when read."""
    __slots__ = ('path', 'objects', 'edges', 'seconds', 'cpu_seconds', 'times')

    @property
    def phases(self):
        """[(name, wall seconds, CPU seconds of this process)]; CPU time is what a busy
        shared machine does not inflate."""
        t = array('d')
        t.frombytes(self.times)
        return [(name, t[2 * k], t[2 * k + 1]) for k, name in enumerate(PHASES)]

    def __repr__(self):
        return '<gcdiag_capture.Result %s: %d objects, %d edges, %.2f s>' % (
            self.path, self.objects, self.edges, self.seconds)


class Columns(object):
    __slots__ = ('phases', 'ids', 'types', 'sizes', 'refcounts', 'gens', 'flags', 'sites', 'texts', 'strings',
                 'edge_counts', 'edge_to', 'edge_label', 'edge_kind', 'roots', 'extras')


_result = [None]   # made at import: the Result is held by the package, never listed


def new_result():
    _result[0] = Result()


def busy():
    return bool(_busy)


def begin():
    _busy.append(1)


def end():
    del _busy[:]


def take(path, label, layout, collect_first):
    """Called by snapshot() between _quiet.pause() and _quiet.resume(): the collector is off."""
    # No closures here or in _capture: their cells would exist before the heap is listed.
    # Plain ints and bools only until _heap.collect() has listed the heap: any
    # container made now (a tuple included) would be listed with it.
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    if collect_first:
        gc.collect()
        c0, c1, c2 = gc.get_count()
        _quiet.set_counts(c0, c1, c2)
    c = _capture(layout == 'friendly')
    header = _state.header(label, _quiet.was_enabled(), _quiet.counts(), _tracing(), bool(collect_first), layout)
    header.update(c.extras)
    writer = _write.columnar if layout == 'columnar' else _write.friendly
    t_write = time.perf_counter()
    cpu_write = time.process_time()
    try:
        _write.atomic_write(path, writer, header, c)
    except BaseException as e:
        # The traceback holds this frame and the writer's: without the columns, so that
        # they are freed now, before the collector's counts are put back, not whenever
        # the caller drops the exception.
        del c, header
        _clear_below(e.__traceback__)
        del e
        raise
    c.phases.append(('write', time.perf_counter() - t_write, time.process_time() - cpu_write))
    _progress.note(t0, 'write', len(c.ids), len(c.edge_to))
    r = _result[0]
    _result[0] = None
    r.path, r.objects, r.edges = path, len(c.ids), len(c.edge_to)
    r.times = array('d', chain.from_iterable(map(itemgetter(1, 2), c.phases))).tobytes()
    r.seconds = time.perf_counter() - t0
    r.cpu_seconds = time.process_time() - cpu0
    return r


def _capture(with_texts):
    started = time.perf_counter()   # floats: a list made here would be in the snapshot
    started_cpu = time.process_time()
    arrays = _refcount.arrays()   # before the capture makes any array
    h = _heap.collect(PREFIX, PACKAGE)
    h.arrays = arrays   # not an argument: before 3.11 the caller's stack would hold it too
    del arrays
    _heap.classify_extra(h, gc.get_freeze_count())
    t = [started, time.perf_counter()]
    cpu = [started_cpu, time.process_time()]
    n, e = len(h.objs), len(h.edge_to)
    _progress.note(started, 'walk', n, e)
    raw, over, corr = _refcount.measure(h, PREFIX, _bookkeeping)
    objs = h.objs
    t.append(time.perf_counter())
    cpu.append(time.process_time())
    h.first = _heap.offsets(h.counts)
    c = Columns()
    immortal = _refcount.immortal_flags(objs, raw)
    c.refcounts = _narrow(_refcount.true_counts(raw, over, immortal, corr))
    del raw
    strings = Strings()
    infos, unique, type_name = _type_infos(objs)
    for i in unique:
        i.name_idx = strings.idx(i.name)
    c.types = array('i', map(attrgetter('name_idx'), infos))   # arrays, not lists: 4-8 B per object, no ints
    c.sizes = _sizes(objs, infos, unique)
    _inline.add_values(objs, infos, unique, c.sizes)
    c.sizes = _narrow(c.sizes)
    c.gens = h.gen
    c.flags = _flags(objs, infos, h.gen, immortal)
    c.sites = _sites(objs, strings)
    c.edge_to = h.edge_to
    c.edge_counts = h.counts   # edge sources: object i, counts[i] times
    t.append(time.perf_counter())
    cpu.append(time.process_time())
    _progress.note(started, 'columns', n, e)
    labeller = Labeller(h, None, infos, unique, strings, type_name)
    # Everything that looks objects up by id, before labelling: the index (about 20 B
    # per object) is freed before the labeller's lists are made (peak memory).
    labeller.mark_namespaces()
    c.roots = Roots(h, None, infos).build()
    h.index = None
    t.append(time.perf_counter())
    cpu.append(time.process_time())
    c.edge_label, c.edge_kind = labeller.run()
    del labeller
    c.ids = _heap.ObjectIds(objs)   # made as written: 8 B per object less at the peak
    _progress.note(started, 'labels', n, e)
    c.strings = strings.list
    c.texts = list(map(text_of, objs)) if with_texts else None
    c.extras = _extras.collect(objs)
    t.append(time.perf_counter())
    cpu.append(time.process_time())
    c.phases = list(zip(PHASES[:-1], map(sub, t[1:], t[:-1]), map(sub, cpu[1:], cpu[:-1])))
    return c


def _clear_below(tb):
    """Clear the locals of the finished frames under the current one in a traceback."""
    tb = tb.tb_next if tb is not None else None
    while tb is not None:
        try:
            tb.tb_frame.clear()
        except RuntimeError:   # still running
            pass
        tb = tb.tb_next


def _bookkeeping(h):
    held = _heap.bookkeeping(h)
    held.extend(_quiet.held())
    return held


def _type_infos(objs):
    """Per-object TypeInfo, the distinct ones, and a type -> qualified name function."""
    by_id = {}
    for t in dict(zip(map(id, map(type, objs)), map(type, objs))).values():
        by_id[id(t)] = describe(t)

    def type_name(t):
        info = by_id.get(id(t))
        return info.name if info is not None else describe(t).name
    unique = list(by_id.values())
    number = dict(zip(by_id, range(len(unique))))
    # id() makes a new int each call: mapped on the fly, not kept in a list (32 B per object).
    nums = array('H' if len(unique) < 1 << 16 else 'i', map(number.__getitem__, map(id, map(type, objs))))
    return TypeInfos(nums, unique), unique, type_name


class TypeInfos(object):
    """Each object's TypeInfo, kept as its position in the distinct ones: 2 B per object
    where a list would take 8 (this is alive at the capture's peak)."""
    __slots__ = ('nums', 'unique')

    def __init__(self, nums, unique):
        self.nums, self.unique = nums, unique

    def __len__(self):
        return len(self.nums)

    def __getitem__(self, i):
        return self.unique[self.nums[i]]

    def __iter__(self):
        return map(self.unique.__getitem__, self.nums)

    def at(self, js):
        """map(self.__getitem__, js) in C-level calls."""
        return map(self.unique.__getitem__, map(self.nums.__getitem__, js))


def _sizes(objs, infos, unique):
    getsizeof = sys.getsizeof
    if all(i.sizeof is None for i in unique):
        try:
            return array('q', map(getsizeof, objs))
        except Exception:
            pass
    out = array('q')
    for o, i in zip(objs, infos):
        try:
            out.append(getsizeof(o) if i.sizeof is None else i.sizeof(o))
        except Exception:
            out.append(0)
    return out


def _narrow(arr):
    """arr as an array('I') (4 B per object instead of 8) if every value fits."""
    try:
        return array('I', arr)
    except OverflowError:
        return arr


def _flags(objs, infos, gens, immortal):
    """Each object's FLAG_* bits, a bytearray (they all fit in one byte)."""
    tracked = bytes(gens).translate(_TRACKED_BIT)   # a gen of -1 is byte 255
    flags = bytearray(map(or_, map(attrgetter('bits'), infos), tracked))
    if _is_finalized is not None:
        for j in compress(range(len(objs)), flags.translate(_FINALIZER_BIT)):
            if _is_finalized(objs[j]):
                flags[j] |= FLAG_FINALIZED
    if immortal is not None:
        flags = bytearray(map(or_, flags, bytes(immortal).translate(_IMMORTAL_BIT)))
    return flags


_TRACKED_BIT = bytes([FLAG_TRACKED] * 255 + [0])
_FINALIZER_BIT = bytes(1 if b & FLAG_FINALIZER else 0 for b in range(256))
_IMMORTAL_BIT = bytes([0, FLAG_IMMORTAL] + [0] * 254)   # False, True


def _tracing():
    return bool(_tracemalloc is not None and _tracemalloc.is_tracing())


def _sites(objs, strings):
    """'file:line' of each object's allocation (tracemalloc's most recent frame), if tracing."""
    if not _tracing():
        return None
    get = _tracemalloc._get_object_traceback
    out = []
    for o in objs:
        tb = get(o)
        out.append(strings.idx('%s:%d' % tuple(tb[0])) if tb else 0)
    return out
