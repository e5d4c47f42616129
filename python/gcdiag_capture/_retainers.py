"""One retainer path for a leaking type, in the process, only when a test leaks.

A breadth-first search backwards from one instance over gc.get_referrers(),
one call per level for the whole frontier (each call is one heap scan), until
a module's namespace is reached: the path is then `module.global -> ... ->
the instance`, the shortest there is. The search's own containers and the
frames running it are left out. Labels name dict keys, attributes, list and
tuple indices where that can be read without running the program's code.
"""
import gc
import sys
import types

from ._typeinfo import qualified_name

MAX_DEPTH = 12
MAX_FRONTIER = 256
_CELL = type((lambda x: lambda: x)(0).__closure__[0])
_module_dict = types.ModuleType.__dict__['__dict__'].__get__      # get_referrers(*frontier) costs heap edges x frontier size


def newest_instance(name):
    """The last object gc.get_objects() lists whose type is named name (likely the newest)."""
    objs = gc.get_objects()
    names = {}
    try:
        for o in reversed(objs):
            t = type(o)
            n = names.get(id(t))
            if n is None:
                n = names[id(t)] = qualified_name(t)
            if n == name:
                return o
        return None
    finally:
        del objs


def path_to_module(target):
    """[(label, type name)] from a module global to target, or None when none is found."""
    module_of = {}
    for mname, m in list(sys.modules.items()):
        d = _module_dict(m) if isinstance(m, types.ModuleType) else None
        if type(d) is dict:
            module_of[id(d)] = mname
    frames = set()
    f = sys._getframe()
    while f is not None:
        frames.add(id(f))
        f = f.f_back
    parent = {id(target): None}     # id -> id of the object it is referenced from (towards the root)
    keep = {id(target): target}     # holds every visited object while the search runs
    frontier = [target]
    ours = {id(parent), id(keep), id(frontier), id(module_of), id(frames)}
    try:
        for _depth in range(MAX_DEPTH):
            found = gc.get_referrers(*frontier)
            ours.add(id(found))
            nxt = []
            for r in found:
                rid = id(r)
                if rid in parent or rid in ours or rid in frames:
                    continue
                child = _referenced(r, frontier)
                if child is None:
                    continue
                parent[rid] = id(child)
                keep[rid] = r
                if rid in module_of:
                    return _describe(rid, module_of[rid], parent, keep)
                nxt.append(r)
            del found
            frontier[:] = nxt[:MAX_FRONTIER]
            if not frontier:
                return None
        return None
    finally:
        keep.clear()
        frontier[:] = []


def _referenced(r, frontier):
    """The first object of frontier that r references."""
    ids = {id(x): x for x in frontier}
    for x in gc.get_referents(r):
        if id(x) in ids:
            return ids[id(x)]
    return None


def _describe(root_id, module_name, parent, keep):
    steps = []
    cur = root_id
    while parent[cur] is not None:
        child = parent[cur]
        steps.append((_label(keep[cur], keep[child]), qualified_name(type(keep[child]))))
        cur = child
    steps[0] = (module_name + steps[0][0], steps[0][1])
    return steps


def _label(holder, child):
    """How holder refers to child: '.name', '[key]', '[i]', or '' when it cannot be told safely."""
    if type(holder) is dict:
        for k, v in holder.items():
            if v is child:
                return '.' + k if type(k) is str else '[%s]' % _short(k)
        for k in holder:
            if k is child:
                return '(key)'
        return ''
    if type(holder) in (list, tuple):
        for i, v in enumerate(holder):
            if v is child:
                return '[%d]' % i
        return ''
    if type(holder) is types.MethodType:
        return '.__self__' if holder.__self__ is child else '.__func__'
    if type(holder) is _CELL:
        return '.cell_contents'
    d = _instance_dict(holder)
    if d is child:
        return '.__dict__'
    if d is not None:
        for k, v in d.items():
            if v is child and type(k) is str:
                return '.' + k
    return ''


def _instance_dict(o):
    """o's __dict__ when its type (a Python class) has one; never a user __getattribute__."""
    try:
        return object.__getattribute__(o, '__dict__') if type(type(o)) is type and not isinstance(
            o, type) and type(o).__flags__ & (1 << 9) else None
    except Exception:
        return None


def _short(k):
    if type(k) in (int, float, bool) or k is None:
        return repr(k)
    if type(k) is str:
        return repr(k[:40])
    return type(k).__name__


def format_path(steps, name):
    """'app.LISTENERS (builtins.list) -> [3] (builtins.method) -> .__self__ (app.Listener)'."""
    if not steps:
        return 'no path from a module global within %d references of a %s' % (MAX_DEPTH, name)
    return ' -> '.join('%s (%s)' % (label or '?', tname) for label, tname in steps)
