"""One test's typestats series: a count after each run, the verdict, the files.

Each run's counts are kept as one JSON text (a str: not tracked by the
collector, so keeping the series does not grow what the next count sees) in
a list made before the first run, as regrtest pre-allocates its deltas.
"""
import gc
import json
import os
import re
import sys
import time
from array import array

from . import _caches, _leakrule, _retainers, _typestats

FORMAT = 'gcdiag-typestats'
_UNSAFE = re.compile(r'[^A-Za-z0-9._-]+')


def sanitise(nodeid):
    """A directory name for a test id: 'tests/test_x.py::test_a[1]' -> 'tests_test_x.py_test_a_1_'."""
    name = _UNSAFE.sub('_', nodeid).strip('.') or '_'
    return name[:150]


def full_collect():
    """gc.collect() until it frees nothing (at most 3 passes, as test.support.gc_collect); the total freed."""
    total = 0
    for _ in range(3):
        n = gc.collect()
        total += n
        if n == 0:
            break
    return total


class Series(object):
    def __init__(self, nodeid, directory, warmup, runs):
        self.nodeid = nodeid
        self.directory = directory       # DIR/<sanitised test id>
        self.warmup = warmup
        self.total = warmup + runs
        self.texts = [None] * self.total
        self.collected = array('q', [0] * self.total)
        self.garbage = array('q', [0] * self.total)
        self.done = 0
        self.leaks = None
        self.retainer = None
        self.full = None
        self.error = None
        self.note = None                 # why the test was not checked, when it passed nonetheless

    def after_run(self, run):
        """Clear the caches, collect, count (run is 1-based); the last run also gets the verdict."""
        _caches.clear_all()
        collected = full_collect()
        rows, _tracked = _typestats.measure()
        self.collected[run - 1] = collected
        self.garbage[run - 1] = len(gc.garbage)
        doc = {
            'format': FORMAT, 'version': 1,
            'python': '%d.%d.%d' % sys.version_info[:3],
            'label': 'run %d%s' % (run, ' (warm-up)' if run <= self.warmup else ''),
            'test': self.nodeid, 'run': run, 'warmup': self.warmup,
            'created': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
            'pid': os.getpid(),
            'gc': {'enabled': gc.isenabled(), 'threshold': list(gc.get_threshold()[:3]),
                   'freeze_count': gc.get_freeze_count() if hasattr(gc, 'get_freeze_count') else 0},
            'types': rows,
            'collected': collected,
            'garbage': len(gc.garbage),
        }
        self.texts[run - 1] = json.dumps(doc, separators=(',', ':'))
        del doc, rows
        self.done = run

    def verdict(self):
        """Apply the rule to the whole series; explain a leak (retainer path, full snapshot)."""
        series = []
        for text in self.texts:
            series.append({r[0]: (r[1], r[2]) for r in json.loads(text)['types']})
        self.leaks = _leakrule.leaks(series, self.warmup)
        del series
        if _leakrule.uncollectable_growth(list(self.garbage), self.warmup):
            self.leaks.insert(0, _leakrule.Growth('gc.garbage (uncollectable)', list(self.garbage),
                                                  [0] * self.total, 'count'))
        if self.leaks:
            self._explain()

    def _explain(self):
        """One retainer path (in this process) and a full snapshot (full.json) for the leak."""
        target_name = _pick(self.leaks)
        try:
            target = _retainers.newest_instance(target_name) if target_name else None
            steps = _retainers.path_to_module(target) if target is not None else None
            del target
            self.retainer = (target_name, _retainers.format_path(steps, target_name))
        except Exception as e:  # the verdict stands without a path
            self.retainer = (target_name, 'no retainer path: %s: %s' % (type(e).__name__, e))
        try:
            from . import snapshot
            os.makedirs(self.path(), exist_ok=True)
            full = os.path.join(self.path(), 'full.json')
            snapshot(full, label='%s after run %d' % (self.nodeid, self.total))
            self.full = full
        except Exception as e:
            self.error = 'full snapshot not written: %s: %s' % (type(e).__name__, e)

    def path(self):
        return self.directory

    def clear_old(self):
        """Remove this test's files from an earlier session (a shorter series would mix with them)."""
        d = self.path()
        if not os.path.isdir(d):
            return
        for name in os.listdir(d):
            if (name.startswith('run-') and name.endswith('.json')) or (name == 'full.json' and self.full is None):
                os.unlink(os.path.join(d, name))

    def write(self):
        """run-01.json ... for the runs done (all of them, or none when the test stopped early)."""
        self.clear_old()
        if self.done < self.total:
            return []
        d = self.path()
        os.makedirs(d, exist_ok=True)
        out = []
        for i, text in enumerate(self.texts):
            p = os.path.join(d, 'run-%02d.json' % (i + 1))
            tmp = p + '.tmp'
            with open(tmp, 'w', encoding='utf-8') as f:
                f.write(text)
                f.write('\n')
            os.replace(tmp, p)
            out.append(p)
        return out

    def cycles(self):
        return _leakrule.cycles_per_run(list(self.collected), self.warmup)


def _pick(leaks):
    """The type to find a retainer for: the fastest-growing one that is not a builtin container."""
    by_count = [g for g in leaks if g.by == 'count' and not g.name.startswith('gc.garbage')]
    for g in by_count:
        if not g.name.startswith('builtins.'):
            return g.name
    return by_count[0].name if by_count else None


def describe(series, width=36):
    """The failure text of a leaking test."""
    w = series.warmup
    lines = ['gcdiag: %s leaks: %d type%s grew in every one of %d measured runs (after %d warm-up run%s)' % (
        series.nodeid, len(series.leaks), '' if len(series.leaks) == 1 else 's', series.total - w, w,
        '' if w == 1 else 's')]
    for g in series.leaks[:10]:
        dc, db = g.measured(w)
        lines.append('  %-*s %s objects/run, %s bytes/run (now %d objects, %d bytes)' % (
            width, g.name, _signed(dc), _signed(db), g.counts[-1], g.bytes[-1]))
    if len(series.leaks) > 10:
        lines.append('  ... and %d more types' % (len(series.leaks) - 10))
    if series.retainer:
        lines.append('retainer of one %s: %s' % series.retainer)
    lines.append('typestats: %s (run-01.json ... run-%02d.json)%s' % (
        _shown(series.path()), series.total, '; full snapshot: ' + _shown(series.full) if series.full else ''))
    if series.error:
        lines.append(series.error)
    lines.append('gate them: gcdiag gate %s' % os.path.join(_shown(series.path()), 'run-*.json'))
    return '\n'.join(lines)


def _shown(path):
    """path relative to the current directory when it is under it (shorter in a failure), else as is."""
    rel = os.path.relpath(path)
    return path if rel.startswith('..') else rel


def _signed(deltas):
    return ' '.join('%+d' % d for d in deltas)
