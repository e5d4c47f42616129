"""Does this gcdiag_capture write the same snapshot as another version of it?

    git archive 53b4fb1 python | tar -x -C /tmp/base        # any other version
    PYTHONPATH=python python3 bench/capture/same_output.py /tmp/base/python [N] [--layout friendly]

Both packages run in one process, on one list of the same heap (the bench's
service-like heap of about N objects, plus shapes that take every labelling
path), each through its own walk, columns, labels, roots and writer. Both
snapshots are parsed and compared column by column, with string indices
resolved (the order of the string table may differ). Neither leaves its own
objects out here (both walk from the same list). Refcounts come from one
shared list of sys.getrefcount values, so the comparison does not depend on
which package happens to hold what. Each package runs twice and the second
runs are compared: before 3.11 a code object grows (its opcache) after enough
calls, and the two packages' own code objects are the only ones that change.
"""
import collections
import gc
import io
import json
import os
import pickle
import shutil
import sys
import tempfile
from array import array
from operator import attrgetter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capture_speed  # noqa: E402


class P(object):
    def __init__(self, a, b):
        self.a = a
        self.b = b


class S(object):
    __slots__ = ('name', 'orders', 'extra')


class SUnset(object):
    __slots__ = ('name', 'orders')


def tricky():
    """Instances with missing, deleted and materialized attributes, a detached split
    dict, slots set and unset, dicts of every key kind, dict subclasses, big lists."""
    keep = [P([1], [2]), P.__new__(P)]
    keep[1].b, keep[1].a = [3], [4]
    r = P([5], [6])
    del r.a
    m = P([7], [8])
    m.__dict__
    t = P.__new__(P)
    t.b, t.a = [9], [10]
    keep += [r, m, t.__dict__]
    del t
    for k in range(3):
        s = S()
        s.name, s.orders, s.extra = 'n%d' % k, [k], None
        keep.append(s)
    s = SUnset()
    s.name = 'only'
    keep.append(s)
    keep += [{'a': [1], 'b': [2]}, {'b': [3], 'a': [4]}, {1: [1], -3: [2]}, {2 ** 300: [1], 5: [2]},
             {True: [1], None: [2], 1.5: [3], b'x': [4], (1, 'a'): [5], 'str': [6]}, {'x' * 200: [7]},
             collections.OrderedDict(a=[1]), collections.defaultdict(list, a=[1]), type('DS', (dict,), {})(a=[1]),
             [[k] for k in range(5000)], (1, [2]), {1, (2, list)}, frozenset([3]), sys.flags, os.stat('.')]
    return keep


def pipeline(pkg, objs0, raw0, layout):
    """What pkg writes for the heap objs0 (its own walk from there on)."""
    mod = lambda name: __import__(pkg + '.' + name, fromlist=['_'])  # noqa: E731
    H, C, L, S_, W, R, RC = (mod(n) for n in ('_heap', '_capture', '_labels', '_strings', '_write', '_roots',
                                               '_refcount'))
    objs = list(objs0)
    h = H.Heap()
    h.n_tracked = len(objs)
    h.gen = array('b', [2]) * len(objs)
    h.threads = []
    own_api = hasattr(H, '_without_own')   # leaves its own objects out: here, none (the same list for both)
    if hasattr(H, 'AddressIndex'):   # the id -> index table of _index.py
        h.index = H.AddressIndex()
        h.index.register(objs)
        h.left_out, h.trimmed = set(), set()
    else:
        h.index = H.Index(zip(map(id, objs), range(len(objs))))
        if own_api:
            h.index.left_out, h.index.met, h.left_out, h.trimmed = set(), False, set(), set()
    H._add(objs, h.index, [sys.modules, gc.garbage])
    new_api = hasattr(H, 'offsets')   # after 53b4fb1: the walk returns edge counts
    if new_api:
        h.counts, h.edge_to = H._walk(objs, h.index, h.trimmed) if own_api else H._walk(objs, h.index)
        h.first = H.offsets(h.counts)
    else:
        h.first, h.edge_to = H._walk(objs, h.index)
    h.objs = objs
    H.classify_extra(h, 0)
    c = C.Columns()
    # objs[i] is object i in both; the ids as this package's writer gets them
    c.ids = H.ObjectIds(objs) if hasattr(H, 'ObjectIds') else array('q', map(id, objs))
    strings = S_.Strings()
    infos, unique, type_name = C._type_infos(objs)
    for i in unique:
        i.name_idx = strings.idx(i.name)
    c.types = list(map(attrgetter('name_idx'), infos))
    c.sizes = C._sizes(objs, infos, unique)
    c.gens = h.gen
    raw = raw0 + [1] * (len(objs) - len(raw0))
    immortal = RC.immortal_flags(objs, raw)
    c.flags = C._flags(objs, infos, h.gen, immortal)
    c.sites = None
    c.refcounts = RC.true_counts(raw, 2, immortal, {0: 5, 3: 1})
    c.edge_to = h.edge_to
    if new_api:
        c.edge_counts = h.counts
        c.edge_label, c.edge_kind = L.Labeller(h, c.ids, infos, unique, strings, type_name).run()
    else:
        c.edge_from = array('q')
        for i in range(len(objs)):
            c.edge_from.extend([i] * (h.first[i + 1] - h.first[i]))
        c.edge_label, c.edge_kind = L.Labeller(h, c.ids, infos, strings, type_name).run()
    c.roots = R.Roots(h, c.ids, infos).build()
    c.strings = strings.list
    c.texts = list(map(mod('_keys').text_of, objs)) if layout == 'friendly' else None
    out = io.StringIO()
    (W.columnar if layout == 'columnar' else W.friendly)(out.write, {'layout': layout}, c)
    doc = json.loads(out.getvalue())
    if layout == 'columnar':
        s = doc['strings']
        doc['objects']['type'] = [s[t] for t in doc['objects']['type']]
        doc['edges']['label'] = [s[t] for t in doc['edges']['label']]
        doc['strings'] = sorted(s)
    # Bytes, not lists: the next pipeline must not walk into this one's results.
    return pickle.dumps(doc)


def own_code(ident, dirs):
    import ctypes
    o = ctypes.cast(ident, ctypes.py_object).value
    return any(o.co_filename.startswith(d) for d in dirs)


def compare(a, b, dirs):
    diffs = []
    for part in ('objects', 'edges'):
        x, y = a[part], b[part]
        if isinstance(x, list):   # friendly: one dict per object or edge
            x, y = {'all': x}, {'all': y}
        for col in x:
            if x[col] == y[col]:
                continue
            if not isinstance(x[col], list) or len(x[col]) != len(y[col]):
                diffs.append('%s.%s: %r != %r' % (part, col, str(x[col])[:80], str(y[col])[:80]))
                continue
            bad = [k for k in range(len(x[col])) if x[col][k] != y[col][k]]
            if col == 'size':
                bad = [k for k in bad if not (a['objects']['type'][k] == 'builtins.code' and
                                              own_code(a['objects']['id'][k], dirs))]
            if col == 'all':
                bad = [k for k in bad if not (x[col][k].get('type') == 'builtins.code' and
                                              own_code(x[col][k]['id'], dirs) and
                                              dict(x[col][k], size=0) == dict(y[col][k], size=0))]
            if bad:
                diffs.append('%s.%s: %d differ, first %r' % (part, col, len(bad), [(k, x[col][k], y[col][k])
                                                                                 for k in bad[:3]]))
    for k in ('strings', 'roots'):
        if a.get(k) != b.get(k):
            diffs.append(k + ' differ')
    return diffs


def main(argv):
    other = os.path.abspath(argv[0])
    n = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 200000
    layout = argv[argv.index('--layout') + 1] if '--layout' in argv else 'columnar'
    tmp = tempfile.mkdtemp()
    shutil.copytree(os.path.join(other, 'gcdiag_capture'), os.path.join(tmp, 'gcdiag_capture_base'))
    sys.path.insert(0, tmp)
    import gcdiag_capture
    import gcdiag_capture_base  # noqa: F401
    dirs = [os.path.join(tmp, 'gcdiag_capture_base'), os.path.dirname(gcdiag_capture.__file__)]
    heap = capture_speed.build(n), tricky()
    gc.collect()
    gc.disable()
    objs0 = gc.get_objects()
    raw0 = list(map(sys.getrefcount, objs0))
    for pkg in ('gcdiag_capture_base', 'gcdiag_capture'):   # warm up both
        pipeline(pkg, objs0, raw0, layout)
    base = pipeline('gcdiag_capture_base', objs0, raw0, layout)
    this = pipeline('gcdiag_capture', objs0, raw0, layout)
    del objs0, raw0
    gc.enable()
    a, b = pickle.loads(base), pickle.loads(this)
    count = len(a['objects']['id']) if layout == 'columnar' else len(a['objects'])
    diffs = compare(a, b, dirs)
    shutil.rmtree(tmp)
    print('python %s, %s layout, %d objects: %s' % (sys.version.split()[0], layout, count,
                                                   'same snapshot' if not diffs else 'DIFFERENT'))
    for d in diffs:
        print('  ' + d)
    del heap
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
