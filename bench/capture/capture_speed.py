"""How fast gcdiag_capture writes a snapshot of a big heap (target: <= 4 s per million objects).

    PYTHONPATH=python python3 bench/capture/capture_speed.py [N] [--layout friendly]

Builds a heap of about N objects in shapes real services have (instances with
attributes, dicts of them, lists, tuples, small strings and ints), then times
one snapshot and reports seconds per million snapshot objects and per million
GC-tracked objects.
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


def main(argv):
    n = int(argv[0]) if argv and argv[0].isdigit() else 1000000
    layout = 'friendly' if '--layout' in argv and argv[argv.index('--layout') + 1] == 'friendly' else 'columnar'
    heap = build(n)
    gc.collect()
    tracked = len(gc.get_objects())
    out = os.path.join(tempfile.mkdtemp(), 'bench.json')
    r = gcdiag_capture.snapshot(out, layout=layout)
    size = os.path.getsize(out)
    print('python %s, %s layout: %d objects (%d tracked), %d edges, %.1f MB' % (
        sys.version.split()[0], layout, r.objects, tracked, r.edges, size / 1e6))
    print('capture: %.2f s = %.2f s per million objects, %.2f s per million tracked objects' % (
        r.seconds, r.seconds * 1e6 / r.objects, r.seconds * 1e6 / tracked))
    print('phases: ' + ', '.join('%s %.2f s' % p for p in r.phases))
    os.unlink(out)
    return heap


if __name__ == '__main__':
    t = time.perf_counter()
    main(sys.argv[1:])
