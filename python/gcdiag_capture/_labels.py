"""Names for the edges _heap.py found: which attribute, key, index or local each one is.

An edge is gc.get_referents() output, so its order is the type's tp_traverse
order. Where that order is known (list and tuple items last to first, a
dict's entries, an instance's inline values then its type) labels are laid
down by position after checking the targets match by identity. Otherwise
candidate (object id -> name) pairs are collected from type-level
descriptors and native reads and handed out in traverse order; whatever is
left unmatched stays kind 'other' with no label. Nothing here calls a method
of a heap object: dicts are read with dict.keys/dict.values (C), attributes
with member descriptors of the type, frames and inline values natively.

Most objects are labelled in bulk, in C-level map()s over all of them at
once: the labels of an exact list, tuple or set, and of a plain instance with
every attribute set, follow from its type and edge count; an exact dict's
edges, once checked to be its values in order, are labelled by its keys; a
__slots__ instance's, once checked to be its slot values and its type, by its
class's slot names. Each object's labels and kinds are bytes, joined in object
order into the edge columns; whatever the bulk paths leave is labelled one
object at a time (object()), in place. test/capture-labels.test.ts checks
that both ways agree on every edge.
"""
import gc
from array import array
from bisect import bisect_left
from collections import deque
from itertools import accumulate, chain, compress, repeat
from operator import add, attrgetter, eq, gt, is_, itemgetter, mul, not_

from . import _native
from ._containers import (ATTR, EDGE_KINDS, ITEM, K, LABEL_TYPE, LIST_REVERSED, LOCAL, OTHER, TYPE, VALUE,
                          ContainerLabels)
from ._trim import trim
from ._typeinfo import BULK_DICT, BULK_NONE, BULK_PLAIN, BULK_SEQ, BULK_SLOTS, namespace_of


class _Made(dict):
    """key -> make(key), made on first use; kept only for keys below `keep` (memory)."""
    __slots__ = ('make', 'keep')

    def __init__(self, make, keep=4096):
        dict.__init__(self)
        self.make, self.keep = make, keep

    def __missing__(self, m):
        v = self.make(m)
        if m < self.keep:
            self[m] = v
        return v


class _Interned(dict):
    """bytes -> the first equal bytes looked up."""
    __slots__ = ()

    def __missing__(self, b):
        self[b] = b
        return b


_LSIZE = array(LABEL_TYPE).itemsize
BULK_CHUNK = 4096


def _select(ks, cats, cat):
    """The ks[i] with cats[i] == cat (cats: a bytes object)."""
    return list(compress(ks, cats.translate(_MASKS[cat])))


_MASKS = [bytes(1 if c == cat else 0 for c in range(256)) for cat in range(BULK_SLOTS + 1)]
_ONLY_STR = {id(str)}
_NO_PARTS = (None, None)
_NS_NONE, _NS_SELF, _NS_POINTER = 0, 1, 2   # no namespace; a module's or class's; an instance's, by pointer


def _one(x):
    return (x,)


def _joined(typecode, parts):
    """array(typecode) of the bytes parts, joined a few thousand at a time: bytes.join
    first allocates a Py_buffer (80 bytes) per part, which for every object at once is
    more memory than the parts themselves."""
    out = array(typecode)
    for a in range(0, len(parts), 4096):
        out.frombytes(b''.join(parts[a:a + 4096]))
    return out


class Labeller(ContainerLabels):
    def __init__(self, heap, ids, infos, unique, strings, type_name):
        """infos: each object's TypeInfo; unique: the distinct ones; ids: unused (objects'
        ids are read from heap.objs, so that the capture can make its id array afterwards)."""
        self.h, self.ids, self.infos, self.unique, self.s, self.type_name = heap, ids, infos, unique, strings, type_name
        for k, info in enumerate(unique):
            info.num = k
        self.label = self.kind = None   # made by run()
        self.keys_cache = {}
        self.item_labels = array(LABEL_TYPE)
        self.namespaces = None   # a set, made by mark_namespaces() (or run())
        self.runs = [array('b', repeat(k, 64)) for k in range(len(EDGE_KINDS))]
        self.key_cache = ({}, {})   # exact-str key -> label index, as a value / as a name
        self.plain_cache = {}       # id(type) -> (labels, kinds) of a fully populated instance
        self.shapes = ({}, {})      # ids of a dict's keys -> (labels, kinds), as values / as names
        # Bulk labelling works on bytes: label and kind arrays of one object, by edge count
        # or shape, joined in object order into the edges' label and kind columns.
        self.blank = (_Made(lambda m: bytes(_LSIZE * m)), _Made(lambda m: bytes((OTHER,)) * m))
        self.value_kinds = _Made(lambda m: bytes((VALUE,)) * m)
        self.seq_parts = {}         # item count -> (label bytes, kind bytes) of an exact list or tuple
        self.pieces = _Interned()   # label bytes of bulk dicts, one object per distinct value

    def run(self):
        """(label, kind) arrays, one entry per edge."""
        h = self.h
        first, counts, objs = h.first, h.counts, h.objs
        if self.namespaces is None:
            self._mark_namespaces()
        # Objects with edges, in order, and their edge counts: arrays, not lists (4 B each).
        busy = array('i', compress(range(len(counts)), counts))
        bcounts = array('i', compress(counts, counts))
        # Labels that follow from the type and the edge count alone, made once per pair.
        # Local, not on self: a cache whose function holds self would make a reference cycle.
        n = len(self.unique)
        static = _Made(lambda key: self.static_parts(self.unique[key % n], key // n), 4096 * n)
        nums = map(attrgetter('num'), compress(self.infos, counts))
        parts = list(map(static.__getitem__, map(add, map(mul, bcounts, repeat(n)), nums)))
        del static, nums
        labs = list(map(itemgetter(0), parts))
        kinds = list(map(itemgetter(1), parts))
        del parts
        for k in self.trimmed_positions(busy):   # lost an edge (_heap._without_own): labelled by identity
            labs[k] = kinds[k] = None
        dyn = array('i', compress(range(len(labs)), map(is_, labs, repeat(None))))
        self._set(labs, kinds, dyn, map(self.blank[0].__getitem__, map(bcounts.__getitem__, dyn)),
                  map(self.blank[1].__getitem__, map(bcounts.__getitem__, dyn)))
        del bcounts
        cats = bytes(map(attrgetter('bulk'), self.infos_at(map(busy.__getitem__, dyn))))
        rest = _select(dyn, cats, BULK_NONE)
        rest.extend(_select(dyn, cats, BULK_SEQ))   # only trimmed ones: the others have static parts
        rest.extend(_select(dyn, cats, BULK_PLAIN))   # plain instances without every attribute set
        rest.extend(self.bulk_dicts(busy, _select(dyn, cats, BULK_DICT), labs, kinds))
        rest.extend(self.bulk_slots(busy, _select(dyn, cats, BULK_SLOTS), labs, kinds))
        rest.sort()
        del dyn, cats
        self.label, self.kind = _joined(LABEL_TYPE, labs), _joined('b', kinds)
        del labs, kinds
        trim()   # what the lists held is free: resident no more (the next loop makes strings)
        for k in rest:   # one object at a time, in place in the joined arrays
            i = busy[k]
            self.object(i, objs[i], first[i], first[i + 1])
        return self.label, self.kind

    def trimmed_positions(self, busy):
        """Positions in busy of the objects some of whose edges were left out."""
        out = []
        for i in sorted(self.h.trimmed):
            k = bisect_left(busy, i)
            if k < len(busy) and busy[k] == i:   # it may have no edge left at all
                out.append(k)
        return out

    def static_parts(self, info, m):
        """(label bytes, kind bytes) of any instance of info's type with m edges, or (None, None).

        Exact lists and tuples: items (see sequence); exact sets and frozensets: unlabelled
        items; plain instances with every attribute present (see plain_instance; two edges
        could also be [__dict__, type], which plain_instance checks one by one).
        """
        if info.bulk == BULK_SEQ:   # one copy per count for lists, tuples and their kin
            got = self.seq_parts.get(m)
            if got is None:
                got = (self.reversed_items(m).tobytes(), bytes((ITEM,)) * m)
                if m < 4096:
                    self.seq_parts[m] = got
            return got
        if info.family == 'set' and not info.heap:
            return bytes(_LSIZE * m), bytes((ITEM,)) * m
        if info.bulk == BULK_PLAIN:
            labels, kinds = self.layout_of(info.cls)
            if labels is not None and len(labels) == m and m != 2:
                return labels.tobytes(), kinds.tobytes()
        return _NO_PARTS

    @staticmethod
    def _set(labs, kinds, ks, lab_parts, kind_parts):
        deque(map(labs.__setitem__, ks, lab_parts), 0)
        deque(map(kinds.__setitem__, ks, kind_parts), 0)

    def bulk_dicts(self, busy, ks, labs, kinds):
        """Exact dicts whose edges are their values in order (dict_traverse of an all-str-keys
        table), labelled by their keys; returns the positions left for dict(): namespaces,
        dicts whose keys are traversed too, and any whose edges are not exactly their values.

        A few thousand dicts at a time: the checks hold an int per value and edge (memory)."""
        left = []
        for a in range(0, len(ks), BULK_CHUNK):
            left.extend(self._bulk_dicts(busy, ks[a:a + BULK_CHUNK], labs, kinds))
        return left

    def _bulk_dicts(self, busy, ks, labs, kinds):
        h = self.h
        js = list(map(busy.__getitem__, ks))
        ds = list(map(h.objs.__getitem__, js))
        cnt = list(map(h.counts.__getitem__, js))
        # Not a namespace, and as many edges as entries (keys traversed too make twice as many).
        ok = list(map(gt, map(eq, map(len, ds), cnt), map(self.namespaces.__contains__, js)))
        left = list(compress(ks, map(not_, ok)))
        ks, js, ds, cnt = (list(compress(x, ok)) for x in (ks, js, ds, cnt))
        del ok
        if not ks:
            return left
        starts = list(map(h.first.__getitem__, js))
        spans = list(map(slice, starts, map(add, starts, cnt)))
        del starts, js
        if not self._values_are_edges(ds, spans):
            # Not all of them: find which, one dict at a time.
            ok = list(map(self._values_are_edges, map(_one, ds), map(_one, spans)))
            left.extend(compress(ks, map(not_, ok)))
            ks, ds, cnt = (list(compress(x, ok)) for x in (ks, ds, cnt))
        keys = list(chain.from_iterable(map(dict.keys, ds)))
        del ds, spans
        if set(map(id, map(type, keys))) - _ONLY_STR:   # hashing keys is safe for exact str only
            left.extend(ks)
            return left
        cache = self.key_cache[0]
        got = list(map(cache.get, keys))
        for k in compress(range(len(got)), map(is_, got, repeat(None))):
            lab = got[k] = cache.get(keys[k])
            if lab is None:
                lab = got[k] = cache[keys[k]] = self.key_label(keys[k], False)
        flat = array(LABEL_TYPE, got).tobytes()
        del got, keys
        ends = list(map(mul, accumulate(cnt), repeat(_LSIZE)))
        cuts = map(slice, [0] + ends[:-1], ends)
        # Dicts of one shape get one bytes object for their labels, not one each (memory).
        pieces = self.pieces
        if len(pieces) > 65536:
            pieces.clear()
        self._set(labs, kinds, ks, map(pieces.__getitem__, map(flat.__getitem__, cuts)),
                  map(self.value_kinds.__getitem__, cnt))
        return left

    def _values_are_edges(self, ds, spans):
        """Whether the dicts' values, one after another, are the targets of the edge spans."""
        values = list(map(id, chain.from_iterable(map(dict.values, ds))))
        return values == list(self.ids_at(chain.from_iterable(map(self.h.edge_to.__getitem__, spans))))

    def bulk_slots(self, busy, ks, labs, kinds):
        """Instances of Python classes whose attributes are all __slots__: subtype_traverse
        visits the slots in member order, the type last. When an instance's edges are exactly
        its slot values (read with the member descriptors) and its type, they are labelled by
        position; returns the positions left for object()."""
        h = self.h
        groups = {}
        for k, info in zip(ks, self.infos_at(map(busy.__getitem__, ks))):
            groups.setdefault(id(info), (info, []))[1].append(k)
        left = []
        for info, kk in groups.values():
            js = list(map(busy.__getitem__, kk))
            os_ = list(map(h.objs.__getitem__, js))
            try:
                columns = [list(map(id, map(get, os_))) for _, get, _ in info.getters]
            except Exception:   # an unset slot: those instances go one by one
                left.extend(kk)
                continue
            columns.append(repeat(id(type(os_[0]))))
            starts = list(map(h.first.__getitem__, js))
            ends = map(add, starts, map(h.counts.__getitem__, js))
            edges = map(tuple, map(self.ids_at, map(h.edge_to.__getitem__, map(slice, starts, ends))))
            ok = list(map(eq, zip(*columns), edges))
            del columns, os_, starts
            idx = self.s.idx
            lab = array(LABEL_TYPE, [idx(name) for name, _, _ in info.getters])
            lab.append(0)
            kind = bytes([K[kind] for _, _, kind in info.getters] + [TYPE])
            fit = list(compress(kk, ok))
            self._set(labs, kinds, fit, repeat(lab.tobytes(), len(fit)), repeat(kind, len(fit)))
            left.extend(compress(kk, map(not_, ok)))
        return left

    def reversed_items(self, m):
        """Labels of m items in traverse order ('[m-1]' .. '[0]' when lists traverse backwards)."""
        got = self.items(m)
        return got[::-1] if LIST_REVERSED else got

    # -- helpers -------------------------------------------------------------
    def targets(self, a, b):
        return list(self.ids_at(self.h.edge_to[a:b]))

    def infos_at(self, js):
        """The TypeInfos of objects js (C-level calls where infos can: _capture.TypeInfos)."""
        at = getattr(self.infos, 'at', None)
        return at(js) if at is not None else map(self.infos.__getitem__, js)

    def ids_at(self, js):
        """The ids of objects js (from objs: the capture makes its id array after labelling)."""
        return map(id, map(self.h.objs.__getitem__, js))

    def items(self, m):
        """String indices of '[0]'..'[m-1]'."""
        have = self.item_labels
        for k in range(len(have), m):
            have.append(self.s.idx('[%d]' % k))
        return have[:m]

    def put(self, a, labels, kind):
        b = a + len(labels)
        self.label[a:b] = labels if type(labels) is array else array(LABEL_TYPE, labels)
        self.kind[a:b] = self.run_of(kind, b - a)

    def run_of(self, kind, n):
        """An array of n copies of kind (sliced from a cached run)."""
        run = self.runs[kind]
        if len(run) < n:
            run = self.runs[kind] = array('b', repeat(kind, max(n, 2 * len(run))))
        return run[:n]

    def hand_out(self, a, b, cand):
        """Give each edge the first unused candidate for its target's id."""
        label, kind = self.label, self.kind
        for e, t in enumerate(self.targets(a, b), a):
            got = cand.get(t)
            if got:
                lab, k = got.pop(0)
                label[e] = lab
                kind[e] = k

    # -- per object ----------------------------------------------------------
    def object(self, i, o, a, b):
        info = self.infos[i]
        fam = info.family
        exact = not info.heap
        if fam == 'tuple' or fam == 'list':
            if exact and i not in self.h.trimmed:
                return self.sequence(o, a, b)
        elif fam == 'dict':
            if exact:
                return self.dict(i, o, a, b)
        elif fam == 'set':
            if exact:
                self.kind[a:b] = array('b', repeat(ITEM, b - a))
                return
        elif info.plain and self.plain_instance(i, o, info, a, b):
            return
        self.generic(i, o, info, a, b)

    def plain_instance(self, i, o, info, a, b):
        """A Python-class instance with no slots: its inline values, then its type.

        subtype_traverse visits the values in shared-key order, skipping
        missing ones, then the type. With every attribute present the edge
        count is names + 1 and labels follow by position; one name and two
        edges could instead be [__dict__, type], so that case is checked.
        """
        labels, kinds = self.layout_of(type(o))
        if labels is None or b - a != len(labels):
            return False
        if len(labels) == 2 and self.infos[self.h.edge_to[a]].family == 'dict':
            d = self.dict_addr(o, info)
            if d and d == id(self.h.objs[self.h.edge_to[a]]):
                return False
        self.label[a:b] = labels
        self.kind[a:b] = kinds
        return True

    def layout_of(self, cls):
        """plain_layout(cls), once per class."""
        got = self.plain_cache.get(id(cls))
        if got is None:
            got = self.plain_cache[id(cls)] = self.plain_layout(cls)
        return got

    def plain_layout(self, cls):
        names, _ = _native.shared_key_names(cls, self.keys_cache)
        if not names or None in names:
            return None, None
        idx = self.s.idx
        labels = array(LABEL_TYPE, [idx(n) for n in names])
        labels.append(0)
        kinds = self.run_of(ATTR, len(names))
        kinds.append(TYPE)
        return labels, kinds

    def generic(self, i, o, info, a, b):
        cand = {}
        idx = self.s.idx

        def add(ident, label, kind):
            cand.setdefault(ident, []).append((label, kind))
        for name, get, kind in info.getters:
            try:
                v = get(o)
            except Exception:
                continue
            add(id(v), idx(name), K[kind])
        fam = info.family
        if fam == 'instance' or info.heap:
            self.instance_attrs(o, info, add)
        if fam == 'type':
            try:
                add(id(gc.get_referents(namespace_of(o))[0]), idx('__dict__'), ATTR)
            except Exception:
                pass
        elif fam == 'frame' and _native.LOCALS:
            for name, addr in _native.frame_locals(o, _native.local_names(o.f_code)):
                add(addr, idx(name), LOCAL)
        if info.heap:
            add(id(type(o)), 0, TYPE)
        if fam in ('list', 'tuple', 'set', 'dict'):
            self.container_candidates(o, info.base, fam, add)
        self.hand_out(a, b, cand)

    def instance_attrs(self, o, info, add):
        if not _native.OK:
            return
        idx = self.s.idx
        if _native.INLINE_NAMES and info.flags & (_native.MANAGED_DICT | _native.INLINE_VALUES):
            for name, addr in _native.inline_attrs(o, type(o), info.flags, info.basicsize, self.keys_cache) or ():
                if name is not None:
                    add(addr, idx(name), ATTR)
        d = self.dict_addr(o, info)
        if d:
            add(d, idx('__dict__'), ATTR)

    @staticmethod
    def dict_addr(o, info):
        """Address of o's own __dict__ if it has one, read without materializing it."""
        if _native.INLINE_NAMES and info.flags & _native.MANAGED_DICT:
            return _native.managed_dict_addr(o)
        if info.dictoffset > 0 and _native.OK:
            return _native._word(id(o) + info.dictoffset)
        return 0

    @staticmethod
    def dict_offset(info):
        """Where dict_addr reads an instance's __dict__ pointer, relative to id(o); 0: it does not."""
        if _native.INLINE_NAMES and info.flags & _native.MANAGED_DICT:
            return -3 * _native.P
        if info.dictoffset > 0 and _native.OK:
            return info.dictoffset
        return 0

    def mark_namespaces(self):
        """What run() does first, but needs heap.index for: call it while that exists."""
        self._mark_namespaces()

    def _mark_namespaces(self, nums=None):
        """Dicts that are a namespace (module globals, class or instance __dict__): keys are names.

        nums: each object's info.num, if already listed.
        """
        h, index = self.h, self.h.index
        marks = self.namespaces = set()
        module_dict = type(gc).__dict__['__dict__'].__get__
        infos = self.infos
        # Per type: how to find an instance's namespace (_NS_*), and dict_offset for instances.
        how = [_NS_SELF if i.ns_owner and i.family in ('module', 'type') else _NS_POINTER if (
            i.ns_owner and i.heap and self.dict_offset(i)) else _NS_NONE for i in self.unique]
        if not any(how):
            return
        offsets = [self.dict_offset(i) for i in self.unique]
        per_object = bytes(map(how.__getitem__, map(attrgetter('num'), infos) if nums is None else nums))
        for i in compress(range(len(per_object)), per_object.translate(_MASKS[_NS_SELF])):
            if infos[i].family == 'module':
                d = id(module_dict(h.objs[i]))
            else:
                try:
                    d = id(gc.get_referents(namespace_of(h.objs[i]))[0])
                except Exception:
                    d = 0
            j = index.get(d)
            if j is not None:
                marks.add(j)
        if _NS_POINTER in how:
            pointer = per_object.translate(_MASKS[_NS_POINTER])
            insts = map(h.objs.__getitem__, compress(range(len(per_object)), pointer))
            offs = map(offsets.__getitem__, compress(map(attrgetter('num'), infos), pointer))
            marks.update(index.found(_native.dict_pointers(map(add, map(id, insts), offs))))
