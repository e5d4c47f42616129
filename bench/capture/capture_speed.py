"""How fast gcdiag_capture writes a snapshot of a big heap, and how much memory it takes
(targets: <= 2 s of CPU per million objects, <= 100 B of extra peak RSS per object).

    PYTHONPATH=python python3 bench/capture/capture_speed.py [N] [--layout friendly] [--repeat K] [--keep PATH]

Builds a heap of about N objects in shapes real services have (instances with
attributes, dicts of them, lists, tuples, small strings and ints), then times
K snapshots (default 3) and reports, per phase and in total, the best CPU time
of this process (time.process_time: what a busy shared machine inflates least)
and the best wall time. "Per million objects" counts every object in the
snapshot (tracked or not); per million GC-tracked objects is printed too. With --keep the snapshot stays at PATH, for
timing the analyses on the same heap (npm run bench:capture does both).

Peak extra RSS: the process's peak resident size during a capture (VmHWM,
reset through /proc/self/clear_refs before it) less its resident size just
before, per snapshot object, for the process's first capture (later ones reuse
memory the allocator kept); Linux only (elsewhere not printed). The load
average is printed with the figures: CPU time is what a busy machine inflates
least, wall time is not.
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


def _status(field):
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def peak_reset():
    """Resident bytes now, with the peak reset to it (None where /proc cannot do that)."""
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
    except OSError:
        return None
    return _status('VmRSS')


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
    peaks = []
    for _ in range(repeat):
        before = peak_reset()
        runs.append(gcdiag_capture.snapshot(out, layout=layout))
        peak = _status('VmHWM')
        if before is not None and peak is not None:
            peaks.append(peak - before)
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
    if peaks:
        # The first capture is what a program pays; later ones reuse memory the first
        # left with the allocator (resident but free), so they look cheaper.
        print('peak extra RSS of the first capture: %.1f MB = %.0f B per object (%.0f B per tracked object)%s' % (
            peaks[0] / 2 ** 20, peaks[0] / r.objects, peaks[0] / tracked,
            '; later ones, least: %.0f B per object' % (min(peaks[1:]) / r.objects) if len(peaks) > 1 else ''))
    names = [p[0] for p in r.phases]
    print('phases, best CPU / best wall: ' + ', '.join('%s %.2f / %.2f s' % (
        name, min(x.phases[k][2] for x in runs), min(x.phases[k][1] for x in runs)) for k, name in enumerate(names)))
    return heap


if __name__ == '__main__':
    t = time.perf_counter()
    main(sys.argv[1:])
