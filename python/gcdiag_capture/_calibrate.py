"""python -m gcdiag_capture.calibrate [--repeats N] [--max-objects N]

Times collections of heaps of known sizes on this interpreter and prints one
JSON object: {"python": "3.11.7", "points": [[generation, examined, cpu_ns, n], ...]}.
gcdiag fits cost = perCollection + perObject * examined to the points.

A heap is n live containers (a mix of 2-item lists, small dicts and class
instances, the shapes programs make most), all reachable, so the collection
frees nothing: the time is the collector's scan, not deallocation.
  generation 0: the n objects are young (built with the collector disabled);
  generation 2: the n objects and the rest of the interpreter's heap.
Examined = the tracked objects in generations 0..g at the start, as CPython
scans them. Time = thread CPU time (time.thread_time_ns), so other processes
on the machine do not inflate it. Sizes run in a shuffled order per repeat.
"""
import gc
import json
import random
import sys
import time

SIZES = (0, 1000, 5000, 20000, 50000, 100000, 200000)


class Item(object):
    def __init__(self, i):
        self.i = i


def build(n):
    heap = []
    for i in range(n // 3):
        heap.append([i, i + 1])
        heap.append({'k': i})
        heap.append(Item(i))
    for i in range(n - 3 * (n // 3)):
        heap.append([i])
    return heap


def examined(gen):
    n = 0
    for g in range(gen + 1):
        n += len(gc.get_objects(g))
    return n


def point(gen, n):
    gc.collect()
    gc.disable()
    try:
        heap = build(n)
        if gen == 2:
            gc.collect()   # everything old: a full collection scans it all
        seen = examined(gen)
        t = time.thread_time_ns()
        gc.collect(gen)
        dt = time.thread_time_ns() - t
        del heap
    finally:
        gc.enable()
    return [gen, seen, dt, n]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    repeats, biggest = 5, SIZES[-1]
    i = 0
    while i < len(argv):
        if argv[i] in ('--repeats', '--max-objects') and i + 1 < len(argv) and argv[i + 1].isdigit():
            if argv[i] == '--repeats':
                repeats = max(1, int(argv[i + 1]))
            else:
                biggest = int(argv[i + 1])
            i += 2
            continue
        sys.stderr.write('gcdiag_calibrate: unknown argument %s\n' % argv[i])
        raise SystemExit(2)
    sizes = [s for s in SIZES if s <= biggest]
    rng = random.Random(12)
    points = []
    for _ in range(repeats):
        order = [(g, n) for g in (0, 2) for n in sizes]
        rng.shuffle(order)
        for g, n in order:
            points.append(point(g, n))
    sys.stdout.write(json.dumps({'python': '%d.%d.%d' % sys.version_info[:3], 'points': points}) + '\n')
