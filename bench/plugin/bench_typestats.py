"""Per-run cost of the pytest plugin's count vs objgraph.typestats(), on one heap of 1,000,000 tracked objects.

    PYTHONPATH=python python3 bench/plugin/bench_typestats.py [--objects N] [--repeat K] [--json]

objgraph is not installable here (no PyPI), so its typestats() is reimplemented
below line for line from objgraph 3.6 (objgraph.py: typestats, _short_typename,
_long_typename, _get_obj_type): a Python loop over gc.get_objects() with a dict
of counts, counts only (no bytes). The plugin's step after each run is timed
whole (interpreter caches cleared, gc.collect() until nothing is freed, the
count-and-bytes pass) and its pass alone. CPU time (time.process_time) is what
a busy machine does not inflate; wall time and the load average are printed too.
"""
import gc
import json
import os
import statistics
import sys
import time

from gcdiag_capture import _caches, _typestats
from gcdiag_capture._series import full_collect


# --- objgraph 3.6, reimplemented faithfully (MIT, Marius Gedminas) -------------
def _get_obj_type(obj):
    objtype = type(obj)
    return objtype


def _short_typename(obj):
    return _get_obj_type(obj).__name__


def _long_typename(obj):
    objtype = _get_obj_type(obj)
    name = objtype.__name__
    module = getattr(objtype, '__module__', None)
    if module:
        return '%s.%s' % (module, name)
    else:
        return name


def objgraph_typestats(objects=None, shortnames=True, filter=None):
    if objects is None:
        objects = gc.get_objects()
    try:
        if shortnames:
            typename = _short_typename
        else:
            typename = _long_typename
        stats = {}
        for o in objects:
            if filter and not filter(o):
                continue
            n = typename(o)
            stats[n] = stats.get(n, 0) + 1
        return stats
    finally:
        del objects  # clear cyclic references to frame
# -------------------------------------------------------------------------------


class Request(object):
    def __init__(self, i):
        self.id = i
        self.headers = {'n': i}


class Point(object):
    __slots__ = ('x', 'y')

    def __init__(self, x, y):
        self.x, self.y = x, y


class Rows(list):
    pass


def build(n):
    """About n tracked objects of a dozen types: instances with and without __dict__, dicts,
    lists, tuples, sets, closures, a list subclass."""
    keep = []
    per = n // 9
    for i in range(per):
        r = Request(i)                       # instance + its headers dict: 2
        keep.append(r)
        keep.append(Point(i, r))             # 1
        keep.append([r, i])                  # 1
        keep.append((r, i))                  # 1 (holds a tracked object: stays tracked)
        keep.append({r})                     # 1
        keep.append(Rows([r]))               # 1
        keep.append((lambda v: lambda: v)(r))  # function + cell: 2
    return keep


def timed(fn, repeat):
    cpu, wall = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {'cpu_best': min(cpu), 'cpu_median': statistics.median(cpu), 'wall_median': statistics.median(wall)}


def plugin_step():
    _caches.clear_all()
    full_collect()
    _typestats.measure()


def main(argv):
    n = int(argv[argv.index('--objects') + 1]) if '--objects' in argv else 1000000
    repeat = int(argv[argv.index('--repeat') + 1]) if '--repeat' in argv else 5
    heap = build(n)
    gc.collect()
    tracked = len(gc.get_objects())
    rows, _ = _typestats.measure()
    results = {
        'objgraph.typestats()': timed(objgraph_typestats, repeat),
        'objgraph.typestats(shortnames=False)': timed(lambda: objgraph_typestats(shortnames=False), repeat),
        'plugin count pass (_typestats.measure)': timed(_typestats.measure, repeat),
        'plugin per-run step (caches + collect + count)': timed(plugin_step, repeat),
    }
    base = results['objgraph.typestats()']['cpu_median']
    load = os.getloadavg()
    out = {
        'python': sys.version.split()[0], 'tracked_objects': tracked, 'types': len(rows), 'repeat': repeat,
        'load_avg_1_5_15': [round(x, 2) for x in load], 'cpus': os.cpu_count(),
        'results': {k: dict(v, ratio_cpu=round(v['cpu_median'] / base, 2)) for k, v in results.items()},
    }
    if '--json' in argv:
        print(json.dumps(out, indent=2))
    else:
        print('Python %s, %d tracked objects of %d types, %d repeats; load average %.2f %.2f %.2f on %d CPUs' % (
            out['python'], tracked, len(rows), repeat, load[0], load[1], load[2], os.cpu_count()))
        print('%-50s %10s %10s %10s %8s' % ('', 'CPU best', 'CPU med', 'wall med', 'x objgraph'))
        for k, v in out['results'].items():
            print('%-50s %9.3fs %9.3fs %9.3fs %7.2fx' % (k, v['cpu_best'], v['cpu_median'], v['wall_median'],
                                                         v['ratio_cpu']))
    del heap


if __name__ == '__main__':
    main(sys.argv[1:])
