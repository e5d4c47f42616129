"""How fast gcdiag_capture writes a snapshot of a big heap (target: <= 4 s per million objects).

    PYTHONPATH=python python3 bench/capture/capture_speed.py [N] [--layout friendly] [--repeat K] [--keep PATH]

Builds a heap of about N objects in shapes real services have (instances with
attributes, dicts of them, lists, tuples, small strings and ints), then times
K snapshots (default 3) and reports, per phase and in total, the best CPU time
of this process (time.process_time: what a busy shared machine inflates least)
and the best wall time. "Per million objects" counts every object in the
snapshot (tracked or not); per million GC-tracked objects is printed too. With --keep the snapshot stays at PATH, for
timing the analyses on the same heap (npm run bench:capture does both).
"""
import gc
import os
import sys
import tempfile
import time

import gcdiag_capture


class Order(object):
    def __init__(self, i, customer):
        self.id = i
        self.customer = customer
        self.lines = [('sku-%d' % (i % 997), i % 7)]
        self.meta = {'source': 'web', 'n': i}


class Customer(object):
    __slots__ = ('name', 'orders')

    def __init__(self, name):
        self.name = name
        self.orders = []


def build(n):
    customers = [Customer('c%d' % i) for i in range(max(1, n // 40))]
    orders = {}
    for i in range(n // 8):   # each order is about 8 objects (instance, list, tuple, dict, str, ints)
        c = customers[i % len(customers)]
        o = Order(i, c)
        c.orders.append(o)
        orders[i] = o
    return customers, orders


def option(argv, name, default):
    return argv[argv.index(name) + 1] if name in argv else default


def main(argv):
    n = int(argv[0]) if argv and argv[0].isdigit() else 1000000
    layout = option(argv, '--layout', 'columnar')
    repeat = int(option(argv, '--repeat', '3'))
    heap = build(n)
    gc.collect()
    tracked = len(gc.get_objects())
    keep = option(argv, '--keep', None)
    out = keep or os.path.join(tempfile.mkdtemp(), 'bench.json')
    runs = []
    for _ in range(repeat):
        runs.append(gcdiag_capture.snapshot(out, layout=layout))
    r = runs[-1]
    size = os.path.getsize(out)
    if not keep:
        os.unlink(out)
    print('python %s, %s layout: %d objects (%d tracked), %d edges, %.1f MB; load average %.1f' % (
        sys.version.split()[0], layout, r.objects, tracked, r.edges, size / 1e6, os.getloadavg()[0]))
    cpu = min(x.cpu_seconds for x in runs)
    wall = min(x.seconds for x in runs)
    print('capture, best of %d: CPU %.2f s = %.2f s per million objects (%.2f per million tracked); '
          'wall %.2f s = %.2f s per million objects' % (
              repeat, cpu, cpu * 1e6 / r.objects, cpu * 1e6 / tracked, wall, wall * 1e6 / r.objects))
    names = [p[0] for p in r.phases]
    print('phases, best CPU / best wall: ' + ', '.join('%s %.2f / %.2f s' % (
        name, min(x.phases[k][2] for x in runs), min(x.phases[k][1] for x in runs)) for k, name in enumerate(names)))
    return heap


if __name__ == '__main__':
    t = time.perf_counter()
    main(sys.argv[1:])
