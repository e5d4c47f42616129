"""The snapshot's string table: index 0 is the empty string (no label, no site)."""
from itertools import count, filterfalse


class Strings(object):
    __slots__ = ('list', 'map')

    def __init__(self):
        self.list = ['']
        self.map = {'': 0}

    def idx(self, s):
        i = self.map.get(s)
        if i is None:
            i = self.map[s] = len(self.list)
            self.list.append(s)
        return i

    def idx_many(self, texts):
        """[self.idx(s) for s in texts], new strings numbered in the same order, in C-level calls."""
        texts = list(texts)
        new = list(dict.fromkeys(filterfalse(self.map.__contains__, texts)))
        if new:
            self.map.update(zip(new, count(len(self.list))))
            self.list.extend(new)
        return list(map(self.map.__getitem__, texts))
