"""python -m gcdiag_capture.measure --config JSON [--out FILE] -- script.py args... | -m module args...

Runs one program as `python script.py` (or `python -m module`) would, under one
collector configuration, and measures what the collector did:

  {"thresholds": [t0, t1, t2]}      gc.set_threshold(...) before the program
                                     (t0 = 0 switches automatic collection off)
  "freeze": {"mark": NAME}           gc.freeze() when the program calls
                                     gcdiag_capture.record.mark(NAME)
  "freeze": {"allocations": N}       gc.freeze() once N allocations were counted
  "collectEvery": N                  gc.disable(), then gc.collect() every N
                                     counted allocations
  "collectFirst": true               gc.collect() just before a freeze

Measured through gc.callbacks without allocating in them (preallocated
arrays): collections, collected and uncollectable per generation, total and
largest pause (thread CPU time and wall time); around the program: wall and
process CPU time, peak RSS, the gc.get_stats() delta. Written to --out as JSON
when the program ends (returns, raises or calls sys.exit; os._exit skips it).
The program's stdout and stderr pass through, its exit code is passed on.

Counting allocations (freeze after N, collectEvery): a disabled collector
runs no callbacks, so a hook reads the gen-0 counter at every line
(sys.settrace on 3.8-3.11, every thread; a profile hook misses loops that
allocate without calling a function) or at every call, return and jump
(sys.monitoring on 3.12+, a superset of the points where 3.12+ runs automatic
collections). The counter counts container allocations minus frees,
as CPython's own trigger does. The hook costs time (see docs/tune-measure.md),
so only these two configurations install it.
"""
import array
import gc
import json
import os
import sys
import time
import types

from . import _runner

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX
    resource = None

USAGE = ('usage: python -m gcdiag_capture.measure --config JSON [--out FILE] '
         '-- script.py args... | -m module args...')

# Slots of the preallocated accumulator (array('q')): nothing is allocated in the callback.
_START_WALL, _START_CPU, _MAX_CPU, _MAX_WALL = 0, 1, 2, 3
_COLL, _COLLECTED, _UNCOLL, _CPU, _WALL = 4, 7, 10, 13, 16   # each 3 wide (per generation)
_SLOTS = 19


class UsageError(Exception):
    pass


def parse(argv):
    config, out, i = None, None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == '--':
            i += 1
            break
        if arg in ('-h', '--help'):
            sys.stdout.write(USAGE + '\n\n' + __doc__.split('\n\n', 1)[1])
            raise SystemExit(0)
        if arg in ('--config', '--out'):
            if i + 1 >= len(argv):
                raise UsageError('%s needs a value' % arg)
            if arg == '--config':
                config = argv[i + 1]
            else:
                out = argv[i + 1]
            i += 2
            continue
        if arg.startswith('-') and arg != '-m':
            raise UsageError('unknown option %s' % arg)
        break
    rest = argv[i:]
    if not rest:
        raise UsageError('no script given')
    if rest[0] == '-m':
        if len(rest) < 2:
            raise UsageError('-m needs a module name')
        target = ('module', rest[1], rest[2:])
    else:
        if not os.path.isfile(rest[0]):
            raise UsageError('script not found: %s' % rest[0])
        target = ('script', rest[0], rest[1:])
    return check_config(config), out, target


def check_config(text):
    try:
        cfg = json.loads(text) if text is not None else {}
    except ValueError as e:
        raise UsageError('--config is not JSON (%s)' % e)
    if not isinstance(cfg, dict):
        raise UsageError('--config must be a JSON object')
    thr = cfg.get('thresholds')
    if thr is not None and (not isinstance(thr, list) or not 1 <= len(thr) <= 3
                            or not all(_count(t) for t in thr)):
        raise UsageError('thresholds must be 1 to 3 non-negative integers')
    freeze = cfg.get('freeze')
    if freeze is not None:
        if not isinstance(freeze, dict) or not (
                isinstance(freeze.get('mark'), str) or _count(freeze.get('allocations'))):
            raise UsageError('freeze must be {"mark": NAME} or {"allocations": N}')
    every = cfg.get('collectEvery')
    if every is not None and not (_count(every) and every > 0):
        raise UsageError('collectEvery must be a positive integer')
    return cfg


def _count(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def make_callback(acc):
    """The gc callback: integers into acc only (ints are not tracked containers)."""
    def on_gc(phase, info, acc=acc, thread_ns=time.thread_time_ns, wall_ns=time.perf_counter_ns):
        if phase == 'start':
            acc[_START_WALL] = wall_ns()
            acc[_START_CPU] = thread_ns()
            return
        cpu = thread_ns() - acc[_START_CPU]
        wall = wall_ns() - acc[_START_WALL]
        g = info['generation']
        acc[_COLL + g] += 1
        acc[_COLLECTED + g] += info['collected']
        acc[_UNCOLL + g] += info['uncollectable']
        acc[_CPU + g] += cpu
        acc[_WALL + g] += wall
        if cpu > acc[_MAX_CPU]:
            acc[_MAX_CPU] = cpu
        if wall > acc[_MAX_WALL]:
            acc[_MAX_WALL] = wall
    return on_gc


class Sampler(object):
    """Reads the gen-0 counter at every line (3.8-3.11) or call, return and jump (3.12+).

    Counted allocations are the positive steps of the counter between two
    readings (a recording's path items, summed), so frees inside one step
    cancel allocations as they do in a recording; a collection resets the
    reading to 0. collect_every: gc.collect() each time they pass another
    multiple of it (the collector disabled). freeze_after: gc.freeze() once
    they reach it; then the sampler removes itself.
    """
    TOOL = 5   # a sys.monitoring tool id of our own (0-5 are free for tools)

    def __init__(self, collect_every=None, freeze_after=None, collect_first=False):
        self.every = collect_every
        self.freeze_after = freeze_after
        self.next_at = collect_every if collect_every is not None else freeze_after
        self.collect_first = collect_first
        self.last = 0
        self.total = 0
        self.forced = 0
        self.installed = False

    def on_collected(self):
        self.last = 0   # a collection reset the counter: the next reading starts from 0

    def check(self, *_):
        c = gc.get_count()[0]
        if c > self.last:
            self.total += c - self.last
        self.last = c
        if self.total < self.next_at:
            return None
        if self.every is not None:
            while self.next_at <= self.total:
                self.next_at += self.every
            self.forced += 1
            gc.collect()
            self.last = 0
            return None
        self.uninstall()
        if self.collect_first:
            gc.collect()
        gc.freeze()
        return None

    def install(self):
        self.installed = True
        mon = getattr(sys, 'monitoring', None)
        if mon is not None:
            ev = mon.events
            mon.use_tool_id(self.TOOL, 'gcdiag-measure')
            for e in (ev.PY_START, ev.PY_RETURN, ev.JUMP, ev.CALL):
                mon.register_callback(self.TOOL, e, self.check)
            mon.set_events(self.TOOL, ev.PY_START | ev.PY_RETURN | ev.JUMP | ev.CALL)
            return
        # Line events, not just calls: a loop that allocates without calling a
        # function (a = Node()) gives a profile hook no event at all.
        check = self.check

        def trace(frame, event, arg):
            check()
            return trace
        import threading
        threading.settrace(trace)
        sys.settrace(trace)

    def uninstall(self):
        if not self.installed:
            return
        self.installed = False
        mon = getattr(sys, 'monitoring', None)
        if mon is not None:
            mon.set_events(self.TOOL, 0)
            mon.free_tool_id(self.TOOL)
        else:
            import threading
            sys.settrace(None)
            threading.settrace(None)


def install_mark(name, collect_first):
    """gc.freeze() at gcdiag_capture.record.mark(name); other marks pass through."""
    try:
        from . import record as rec
    except ImportError:   # no recorder module: a stand-in that only knows mark()
        rec = types.ModuleType(__name__.rsplit('.', 1)[0] + '.record')
        rec.mark = lambda name: None
        sys.modules[rec.__name__] = rec
    original = rec.mark
    done = [False]

    def mark(mark_name, *args, **kwargs):
        result = original(mark_name, *args, **kwargs)
        if mark_name == name and not done[0]:
            done[0] = True
            if collect_first:
                gc.collect()
            gc.freeze()
        return result
    mark.__doc__ = original.__doc__
    rec.mark = mark
    return done


def run_target(target):
    kind, name, args = target
    if kind == 'script':
        _runner.run_script(name, args)
        return
    import runpy
    sys.argv[:] = [name] + list(args)
    sys.path[0] = os.getcwd()
    runpy.run_module(name, run_name='__main__', alter_sys=True)


def exit_code(exc):
    """The exit code Python gives for an exception leaving the program."""
    if exc is None:
        return 0
    if isinstance(exc, SystemExit):
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    if isinstance(exc, KeyboardInterrupt):
        return 130
    return 1


def stats_delta(before, after):
    return [[after[g][k] - before[g][k] for k in ('collections', 'collected', 'uncollectable')]
            for g in range(3)]


def result(cfg, acc, before, after, wall_ns, cpu_ns, code, sampler, froze):
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else None
    if maxrss is not None and sys.platform == 'darwin':
        maxrss //= 1024   # bytes there, kilobytes on Linux
    return {
        'format': 'gcdiag-measure-run', 'version': 1,
        'python': '%d.%d.%d' % sys.version_info[:3],
        'implementation': sys.implementation.name,
        'config': cfg,
        'collections': list(acc[_COLL:_COLL + 3]),
        'collected': list(acc[_COLLECTED:_COLLECTED + 3]),
        'uncollectable': list(acc[_UNCOLL:_UNCOLL + 3]),
        'pauseCpuNs': list(acc[_CPU:_CPU + 3]),
        'pauseWallNs': list(acc[_WALL:_WALL + 3]),
        'maxPauseCpuNs': acc[_MAX_CPU], 'maxPauseWallNs': acc[_MAX_WALL],
        'stats': stats_delta(before, after),
        'wallNs': wall_ns, 'cpuNs': cpu_ns, 'maxRssKb': maxrss,
        'forcedCollections': sampler.forced if sampler else 0,
        'frozen': froze, 'freezeCount': gc.get_freeze_count(),
        'exitCode': code,
    }


def write_json(path, obj):
    tmp = '%s.%d.tmp' % (path, os.getpid())
    with open(tmp, 'w') as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        cfg, out, target = parse(argv)
    except UsageError as e:
        sys.stderr.write('gcdiag_measure: %s (%s)\n' % (e, USAGE))
        raise SystemExit(2)
    acc = array.array('q', [0] * _SLOTS)
    on_gc = make_callback(acc)
    freeze = cfg.get('freeze') or {}
    collect_first = bool(cfg.get('collectFirst'))
    sampler = None
    if cfg.get('collectEvery') is not None:
        sampler = Sampler(collect_every=cfg['collectEvery'])
    elif 'allocations' in freeze:
        sampler = Sampler(freeze_after=freeze['allocations'], collect_first=collect_first)
    marked = install_mark(freeze['mark'], collect_first) if 'mark' in freeze else None
    if cfg.get('thresholds') is not None:
        gc.set_threshold(*cfg['thresholds'])
    if sampler is not None and sampler.freeze_after is not None:
        def reset(phase, info, sampler=sampler):
            if phase == 'stop':
                sampler.on_collected()
        gc.callbacks.append(reset)
    if cfg.get('collectEvery') is not None:
        gc.disable()
    exc = None
    before = gc.get_stats()
    gc.callbacks.append(on_gc)   # last, and as late as possible: it sees only the program
    if sampler is not None:
        sampler.install()
    wall0, cpu0 = time.perf_counter_ns(), time.process_time_ns()
    try:
        run_target(target)
    except BaseException as e:   # noqa: B902 - re-raised: Python ends as it would
        exc = e
        raise
    finally:
        wall, cpu = time.perf_counter_ns() - wall0, time.process_time_ns() - cpu0
        if sampler is not None:
            sampler.uninstall()
        if on_gc in gc.callbacks:
            gc.callbacks.remove(on_gc)
        after = gc.get_stats()
        froze = bool(marked[0]) if marked is not None else (
            sampler is not None and sampler.freeze_after is not None and not sampler.installed)
        if out:
            write_json(out, result(cfg, acc, before, after, wall, cpu, exit_code(exc), sampler, froze))
