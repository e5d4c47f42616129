"""The snapshot's string table: index 0 is the empty string (no label, no site)."""


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
