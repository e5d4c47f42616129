"""The capture's own objects, which no snapshot holds.

They are gcdiag_capture's modules (the package and its submodules in
sys.modules), the frames of its code on any thread's stack, and every object
that exists only through them: their namespaces, the functions, classes and
code objects defined there, and whatever only those hold (constants,
descriptors, ctypes fields, specs and loaders). An object the program can
reach without the package stays, even if the package uses it too (a stdlib
module, a builtin type, an interned string).

"Only through them" is what reference counting would free. Starting from the
modules, a referent joins once the joined objects hold every reference to it
(its true count, measured as in _refcount, minus what they hold is 0).
Namespaces, the package's functions (by `__globals__`), classes (by
`__module__`) and code objects (by `co_filename`) join at sight: they hold
each other in cycles (a function holds its module's globals). Frames join but
are not followed: their references are counted by address (natively on
3.11+, where a running frame's locals are no referents).

This runs once gc.get_objects() has listed the heap, on a few thousand objects
at most. A tracked referent is assumed to be in that list (the capture
subtracts the list's reference); _heap checks it was, for every object that
joined, or falls back to the package's modules, frames and definitions alone.
"""
import gc
import sys
import types
from itertools import chain, repeat
from operator import sub

from . import _native
from ._refcount import V, overhead
from ._typeinfo import module_name, mro_of

_getrc = sys.getrefcount
_ModuleType = type(sys)
_FunctionType = types.FunctionType
_CodeType = types.CodeType
_FrameType = type(sys._getframe())
_module_dict = _ModuleType.__dict__['__dict__'].__get__
_globals_of = _FunctionType.__dict__['__globals__'].__get__
_filename_of = _CodeType.__dict__['co_filename'].__get__
_consts_of = _CodeType.__dict__['co_consts'].__get__
_frame_globals = _FrameType.__dict__['f_globals'].__get__
_frame_code = _FrameType.__dict__['f_code'].__get__


class Own(object):
    """ids: every own object's id; defined: ids of the modules, frames and definitions (what
    joined at sight); tracked: ids of the tracked objects that joined by their count."""
    __slots__ = ('ids', 'defined', 'tracked')


def package_modules(name):
    out = []
    for key, m in list(dict.items(sys.modules)):
        if type(key) is str and (key == name or key.startswith(name + '.')) and type(m) is _ModuleType:
            out.append(m)
    return out


def find(name, prefix, frames):
    """Own objects of package `name` (code under `prefix`); frames: its frames on the stacks."""
    mods = package_modules(name)
    spaces = [ns for ns in map(_module_dict, mods) if type(ns) is dict]
    # The globals of its running code are its namespaces too, a module's or not (the
    # namespace `python -m gcdiag_capture` runs __main__.py in, held by runpy's frames).
    spaces.extend({id(ns): ns for ns in map(_frame_globals, frames) if type(ns) is dict}.values())
    spaces = list({id(ns): ns for ns in spaces}.values())
    space_ids = set(map(id, spaces))
    own = Own()
    members = dict(zip(map(id, mods), mods))
    members.update(zip(map(id, spaces), spaces))
    members.update(zip(map(id, frames), frames))
    hits = _frame_references(frames)
    counts = {}    # id -> true reference count of a candidate
    pending = {}   # id -> candidate not (yet) joined
    frontier = mods + spaces
    defined = set(members)
    for code in map(_frame_code, frames):
        if id(code) not in members:
            members[id(code)] = code
            defined.add(id(code))
            _nested_code(code, members, defined)
    code = None
    while frontier:
        refs = list(chain.from_iterable(map(gc.get_referents, frontier)))
        frontier, new, touched = [], {}, set()
        for r in refs:
            i = id(r)
            if i in members:
                continue
            if i not in counts and i not in new:
                if _defined_here(r, name, prefix, space_ids):
                    members[i] = r
                    defined.add(i)
                    frontier.append(r)
                    if type(r) is _CodeType:
                        _nested_code(r, members, defined)
                    continue
                new[i] = r
            hits[i] = hits.get(i, 0) + 1
            touched.add(i)
        del refs
        r = None
        if new:
            cands = list(new.values())
            new = None
            counts.update(zip(map(id, cands), _true_counts(cands)))
            pending.update(zip(map(id, cands), cands))
            del cands
        for i in touched:
            if i in pending and hits[i] >= counts[i]:
                o = members[i] = pending.pop(i)
                frontier.append(o)
        o = None
    own.ids = set(members)
    own.defined = defined
    own.tracked = {i for i, o in members.items() if i not in defined and gc.is_tracked(o)}
    return own


def _defined_here(o, name, prefix, space_ids):
    """A function, class or code object of the package (type-level reads only)."""
    t = type(o)
    if t is _FunctionType:
        return id(_globals_of(o)) in space_ids
    if t is _CodeType:
        f = _filename_of(o)
        return type(f) is str and f.startswith(prefix)
    if any(k is type for k in mro_of(t)):
        try:
            mod = module_name(o)
        except Exception:
            return False
        return type(mod) is str and (mod == name or mod.startswith(name + '.'))
    return False


def _nested_code(code, members, defined):
    """Join the code objects nested in code's constants (a code object has no referents:
    its constants are no edges, but a tracked constants tuple may lead the walk to them)."""
    todo = [code]
    while todo:
        for k in _consts_of(todo.pop()):
            if type(k) is _CodeType and id(k) not in members:
                members[id(k)] = k
                defined.add(id(k))
                todo.append(k)


def _frame_references(frames):
    """{id: references the frames hold}: before 3.11 a frame's referents (its locals among
    them); from 3.11 a running frame's own (not borrowed) locals, read natively."""
    out = {}
    for f in frames:
        if V < (3, 11):
            addrs = map(id, gc.get_referents(f))
        elif _native.LOCALS:
            addrs = _native.owned_locals(f, _native.local_names(f.f_code))
        else:
            continue
        for a in addrs:
            out[a] = out.get(a, 0) + 1
    return out


def _true_counts(cands):
    """True reference counts of cands, each held once by the list and, if tracked, once by
    the listing of the heap (the capture's frames hold the rest: see _frame_references)."""
    over = overhead()
    raw = list(map(_getrc, cands))   # the same expression as overhead()'s
    return list(map(sub, map(sub, raw, repeat(over)), map(gc.is_tracked, cands)))
