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
"""
import gc
from array import array
from itertools import compress, repeat
from operator import attrgetter, sub

from . import _native
from ._containers import ATTR, EDGE_KINDS, ITEM, K, LIST_REVERSED, LOCAL, OTHER, TYPE, ContainerLabels
from ._typeinfo import namespace_of


class Labeller(ContainerLabels):
    def __init__(self, heap, ids, infos, strings, type_name):
        self.h, self.ids, self.infos, self.s, self.type_name = heap, ids, infos, strings, type_name
        m = len(heap.edge_to)
        self.label = array('l', repeat(0, m))
        self.kind = array('b', repeat(OTHER, m))
        self.keys_cache = {}
        self.item_labels = array('l')
        self.namespaces = set()
        self.runs = [array('b', repeat(k, 64)) for k in range(len(EDGE_KINDS))]
        self.key_cache = ({}, {})   # exact-str key -> label index, as a value / as a name
        self.plain_cache = {}       # id(type) -> (labels, kinds) of a fully populated instance
        self.seq_cache = {}         # item count -> labels of an exact list or tuple
        self.shapes = ({}, {})      # ids of a dict's keys -> (labels, kinds), as values / as names

    def run(self):
        h = self.h
        first = h.first
        counts = list(map(sub, first[1:], first[:-1]))
        self._mark_namespaces()
        seq = list(map(attrgetter('exact_seq'), self.infos))
        label, kind, objs, items, cache = self.label, self.kind, h.objs, self.reversed_items, self.seq_cache
        item_run = self.run_of(ITEM, 4096)
        for i in compress(range(len(counts)), counts):
            a = first[i]
            b = first[i + 1]
            if seq[i]:   # exact list or tuple: the commonest case, inlined
                m = b - a
                label[a:b] = cache.get(m) or items(m)
                kind[a:b] = item_run[:m] if m <= 4096 else self.run_of(ITEM, m)
            else:
                self.object(i, objs[i], a, b)
        return label, kind

    def reversed_items(self, m):
        """Labels of m items in traverse order ('[m-1]' .. '[0]' when lists traverse backwards)."""
        got = self.seq_cache.get(m)
        if got is None:
            got = self.items(m)
            if LIST_REVERSED:
                got = got[::-1]
            if m < 4096:
                self.seq_cache[m] = got
        return got

    # -- helpers -------------------------------------------------------------
    def targets(self, a, b):
        return list(map(self.ids.__getitem__, self.h.edge_to[a:b]))

    def items(self, m):
        """String indices of '[0]'..'[m-1]'."""
        have = self.item_labels
        for k in range(len(have), m):
            have.append(self.s.idx('[%d]' % k))
        return have[:m]

    def put(self, a, labels, kind):
        b = a + len(labels)
        self.label[a:b] = labels if type(labels) is array else array('l', labels)
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
            if exact:
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
        cls = type(o)
        got = self.plain_cache.get(id(cls))
        if got is None:
            got = self.plain_cache[id(cls)] = self.plain_layout(cls)
        labels, kinds = got
        if labels is None or b - a != len(labels):
            return False
        if len(labels) == 2 and self.infos[self.h.edge_to[a]].family == 'dict':
            d = self.dict_addr(o, info)
            if d and d == self.ids[self.h.edge_to[a]]:
                return False
        self.label[a:b] = labels
        self.kind[a:b] = kinds
        return True

    def plain_layout(self, cls):
        names, _ = _native.shared_key_names(cls, self.keys_cache)
        if not names or None in names:
            return None, None
        idx = self.s.idx
        labels = array('l', [idx(n) for n in names])
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

    def _mark_namespaces(self):
        """Dicts that are a namespace (module globals, class or instance __dict__): keys are names."""
        h, index, marks = self.h, self.h.index, self.namespaces
        module_dict = type(gc).__dict__['__dict__'].__get__
        infos = self.infos
        for i in compress(range(len(infos)), map(attrgetter('ns_owner'), infos)):
            info = infos[i]
            fam = info.family
            if fam == 'module':
                d = id(module_dict(h.objs[i]))
            elif fam == 'type':
                try:
                    d = id(gc.get_referents(namespace_of(h.objs[i]))[0])
                except Exception:
                    d = 0
            elif info.heap and _native.OK:
                d = self.dict_addr(h.objs[i], info)
            else:
                continue
            j = index.get(d)
            if j is not None:
                marks.add(j)
