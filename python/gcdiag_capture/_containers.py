"""Labels for the edges of lists, tuples, sets and dicts (and their subclasses).

list_traverse and tupletraverse visit items last to first; dict_traverse
visits each entry's value, and its key too unless every key is a str. Keys
are read with dict.keys/dict.values (C code, even on a subclass that
overrides them) and rendered only when their exact type is a builtin atom.
"""
import gc
from array import array
from operator import is_

from ._keys import render_key

# The label column: string-table indices, 4 bytes each (2**31 strings would not fit in memory).
LABEL_TYPE = 'i'
KEY_CHUNK = 4096

EDGE_KINDS = ('attr', 'slot', 'item', 'key', 'value', 'cell', 'local', 'self', 'func', 'type', 'other')
K = {k: i for i, k in enumerate(EDGE_KINDS)}
ATTR, ITEM, KEY, VALUE, LOCAL, TYPE, OTHER = (K[k] for k in ('attr', 'item', 'key', 'value', 'local', 'type', 'other'))
_ONLY_STR = {id(str)}
_ONLY_INT = {id(int)}
_a, _b = [], []
LIST_REVERSED = gc.get_referents([_a, _b])[0] is _b   # list_traverse walks from the end
del _a, _b


class ContainerLabels(object):
    """Mixed into Labeller: needs its s, label, kind, namespaces, key_cache, shapes, put, run_of, targets."""

    def sequence(self, o, a, b):
        labels = self.items(b - a)
        if LIST_REVERSED:
            labels = labels[::-1]
        self.put(a, labels, ITEM)

    def dict(self, i, o, a, b):
        keys = list(dict.keys(o))
        vals = list(dict.values(o))
        n = len(keys)
        ns = i in self.namespaces
        # Edge targets checked by identity (no list of id ints: a dict may be huge).
        if b - a == n and self.targets_are(vals, a, b, 1):
            # Many dicts share one shape (the same key objects): label each shape once.
            shape = tuple(map(id, keys)) if n <= 64 else None
            got = self.shapes[ns].get(shape) if shape is not None else None
            if got is None:
                got = (array(LABEL_TYPE, self.key_labels(keys, ns)),
                       self.run_of(ATTR if ns and self.all_str(keys) else VALUE, n))
                if shape is not None:
                    self.shapes[ns][shape] = got
            self.label[a:b], self.kind[a:b] = got
            return
        if b - a == 2 * n and self.targets_are(vals, a, b, 2) and self.targets_are(keys, a + 1, b, 2):
            labs = array(LABEL_TYPE, self.key_labels(keys, False))
            both = labs + labs
            both[0::2] = labs
            both[1::2] = labs
            self.put(a, both, VALUE)
            self.kind[a + 1:b:2] = self.run_of(KEY, n)
            return
        # A split table (3.8-3.10 instance dicts) traverses in shared-key order.
        cand = {}
        for k, v, lab in zip(keys, vals, self.key_labels(keys, ns)):
            cand.setdefault(id(v), []).append((lab, ATTR if ns and type(k) is str else VALUE))
            cand.setdefault(id(k), []).append((lab, KEY))
        self.hand_out(a, b, cand)

    def targets_are(self, objs, a, b, step):
        """Whether edges a, a + step, ... (below b) point at objs, one by one, by identity."""
        return all(map(is_, objs, map(self.h.objs.__getitem__, self.h.edge_to[a:b:step])))

    def key_labels(self, keys, ns):
        """Label indices for dict keys, a list (an array for a big dict: 4096 keys at a time,
        so that no int per key is held at once; the strings are made in the same order)."""
        if len(keys) <= KEY_CHUNK:
            return self._key_labels(keys, ns)
        out = array(LABEL_TYPE)
        for a in range(0, len(keys), KEY_CHUNK):
            out.extend(self._key_labels(keys[a:a + KEY_CHUNK], ns))
        return out

    def _key_labels(self, keys, ns):
        """Label indices for dict keys; exact-str keys are cached (hashing a str runs no user code)."""
        cache = self.key_cache[1 if ns else 0]
        if self.all_str(keys):
            labels = list(map(cache.get, keys))
            if None not in labels:
                return labels
        elif set(map(id, map(type, keys))) == _ONLY_INT and max(map(int.bit_length, keys)) <= 200:
            return self.s.idx_many(map('[%d]'.__mod__, keys))   # what key_label makes of them
        else:
            labels = [None] * len(keys)
        for k, key in enumerate(keys):
            if labels[k] is None:
                lab = self.key_label(key, ns)
                if type(key) is str:
                    cache[key] = lab
                labels[k] = lab
        return labels

    @staticmethod
    def all_str(keys):
        return not keys or set(map(id, map(type, keys))) == _ONLY_STR

    def key_label(self, k, namespace):
        if namespace and type(k) is str:
            return self.s.idx(k)
        return self.s.idx('[' + render_key(k, self.type_name) + ']')

    def container_candidates(self, o, base, fam, add):
        """Items of a list/tuple/dict/set subclass instance (after its slots, dict and type)."""
        if fam == 'dict':
            for k, v in zip(list(dict.keys(o)), list(dict.values(o))):
                lab = self.key_label(k, False)
                add(id(v), lab, VALUE)
                add(id(k), lab, KEY)
            return
        # Iterate with the builtin base's own iterator: C code, never an overridden __iter__.
        items = list(base.__iter__(o))
        if fam == 'set':
            for v in items:
                add(id(v), 0, ITEM)
            return
        labels = self.items(len(items))
        order = range(len(items) - 1, -1, -1) if LIST_REVERSED else range(len(items))
        for k in order:
            add(id(items[k]), labels[k], ITEM)
