"""CPython regrtest's -R rule, per type (Lib/test/libregrtest/refleak.py, check_rc_deltas).

After the warm-up runs, a type leaks when it grew in every measured run, by
at least one object (or, with its count steady, by at least one byte). Growth
that goes up and down (bpo-30776's [3, 0, 0], [8, -8, 1]) is not a leak,
however large; a steady one object per run is.
"""


class Growth(object):
    """One type that grew in every measured run."""
    __slots__ = ('name', 'counts', 'bytes', 'count_deltas', 'byte_deltas', 'by')

    def __init__(self, name, counts, bytes_, by):
        self.name = name
        self.counts = counts             # count after each run, warm-ups included
        self.bytes = bytes_
        self.count_deltas = [b - a for a, b in zip(counts, counts[1:])]
        self.byte_deltas = [b - a for a, b in zip(bytes_, bytes_[1:])]
        self.by = by                     # 'count' or 'bytes'

    def measured(self, warmup):
        """(count deltas, byte deltas) of the measured runs only."""
        return self.count_deltas[warmup - 1:], self.byte_deltas[warmup - 1:]


def grows_in_every_run(deltas):
    return len(deltas) > 0 and all(d >= 1 for d in deltas)


def leaks(series, warmup):
    """Types that leak in series (one {name: (count, bytes)} per run), biggest growth first.

    The snapshot after the last warm-up run is the baseline: with warmup W and
    N snapshots, the deltas checked are N - W.
    """
    if warmup < 1 or len(series) <= warmup:
        raise ValueError('need more snapshots (%d) than warm-up runs (%d)' % (len(series), warmup))
    names = set()
    for snap in series[warmup - 1:]:
        names.update(snap)
    found = []
    for name in names:
        counts = [snap.get(name, (0, 0))[0] for snap in series]
        sizes = [snap.get(name, (0, 0))[1] for snap in series]
        count_d = [b - a for a, b in zip(counts[warmup - 1:], counts[warmup:])]
        byte_d = [b - a for a, b in zip(sizes[warmup - 1:], sizes[warmup:])]
        if grows_in_every_run(count_d):
            found.append(Growth(name, counts, sizes, 'count'))
        elif grows_in_every_run(byte_d):
            found.append(Growth(name, counts, sizes, 'bytes'))
    found.sort(key=lambda g: (g.by != 'count', -(g.counts[-1] - g.counts[warmup - 1]),
                              -(g.bytes[-1] - g.bytes[warmup - 1]), g.name))
    return found


def uncollectable_growth(garbage, warmup):
    """gc.garbage lengths after each run: any growth in a measured run fails (nothing frees them)."""
    return any(b > a for a, b in zip(garbage[warmup - 1:], garbage[warmup:]))


def cycles_per_run(collected, warmup):
    """Objects the full collection freed after each measured run, when it freed some every time."""
    measured = collected[warmup:]
    return measured if measured and all(c > 0 for c in measured) else None
