"""Named roots: where a retainer path starts when no heap object explains a reference.

module <name>      each global whose value is a container (a GC type), by name
thread <name>      the thread's frames, innermost first ("func file:line")
frame <f> in <t>   a running frame's locals by name (3.11+, read natively)
gc.garbage         its items
weakref.finalize   the registry dict and every live finalize object in it
Roots name snapshot ids and only objects the snapshot holds. Thread names
are read from threading's own bookkeeping without calling anything.
"""
import gc
import sys

from . import _native
from ._heap import _finalize_registry, module_dict
from ._keys import str_get
from ._labels import Labeller
from ._typeinfo import FLAG_GC


class Roots(object):
    def __init__(self, heap, ids, infos):
        self.h, self.ids, self.infos = heap, ids, infos
        self.index = heap.index
        self.out = []

    def build(self):
        self.modules()
        names = self.thread_names()
        for tid, frames in self.h.threads:
            self.thread(names.get(tid) or str(tid), frames)
        garbage = gc.garbage
        self.add('gc.garbage', 'garbage', [(id(v), '[%d]' % k) for k, v in enumerate(list.__iter__(garbage))])
        self.finalize()
        return self.out

    def add(self, name, kind, pairs):
        index = self.index
        self.out.append((name, kind, [(ident, label) for ident, label in pairs if ident in index]))

    def modules(self):
        index, infos = self.index, self.infos
        left_out = self.h.left_out
        for name, m in list(dict.items(sys.modules)):
            ns = module_dict(m) if type(name) is str and id(m) not in left_out else None
            if type(ns) is not dict:
                continue
            pairs = []
            for k, v in dict.items(ns):
                j = index.get(id(v))
                if j is not None and type(k) is str and infos[j].bits & FLAG_GC:
                    pairs.append((id(v), k))
            self.add('module ' + name, 'module', pairs)

    def thread(self, name, frames):
        objs = self.h.objs
        pairs, frame_roots = [], []
        for j in frames:
            f = objs[j]
            code = f.f_code
            where = '%s %s:%d' % (code.co_name, code.co_filename, f.f_lineno or 0)
            pairs.append((id(f), where))
            if _native.LOCALS:
                frame_roots.append(('frame %s in thread %s' % (where, name), 'frame',
                                    [(addr, n) for n, addr in _native.frame_locals(f, _native.local_names(code))]))
        self.add('thread ' + name, 'thread', pairs)
        for root in frame_roots:
            self.add(*root)

    def thread_names(self):
        """{ident: name} from threading._active, reading each Thread's _name natively."""
        th = str_get(sys.modules, 'threading')   # never dict.get: see _keys.foreign_keys
        ns = module_dict(th) if th is not None else None
        active = str_get(ns, '_active') if type(ns) is dict else None
        out = {}
        if type(active) is not dict:
            return out
        for ident, t in list(dict.items(active)):
            name = self.attr(t, '_name')
            if type(ident) is int and type(name) is str:
                out[ident] = name
        return out

    def attr(self, o, name):
        """An instance attribute read from its inline values or its own dict, or None."""
        j = self.index.get(id(o))
        if j is None:
            return None
        info = self.infos[j]
        d = Labeller.dict_addr(o, info)
        if d and d in self.index:
            ns = self.h.objs[self.index[d]]
            return str_get(ns, name) if type(ns) is dict else None
        if not _native.INLINE_NAMES:
            return None
        for n, addr in _native.inline_attrs(o, type(o), info.flags, info.basicsize, {}) or ():
            if n == name and addr in self.index:
                return self.h.objs[self.index[addr]]
        return None

    def finalize(self):
        reg = _finalize_registry()
        if reg is None:
            return
        pairs = [(id(reg), '_registry')]
        pairs.extend((id(f), None) for f in list(dict.keys(reg)))
        self.add('weakref.finalize', 'finalize', pairs)
