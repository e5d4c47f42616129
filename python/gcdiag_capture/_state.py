"""The snapshot header: which interpreter, and the collector's state at capture time."""
import binascii
import gc
import os
import sys
import time

from ._heap import INCREMENTAL


def python_info():
    build = sys.version.replace('\n', ' ')
    if hasattr(sys, 'gettotalrefcount'):
        build += ' [debug]'
    if getattr(sys, '_is_gil_enabled', None) is not None and not sys._is_gil_enabled():
        build += ' [free-threaded]'
    return {
        'version': '%d.%d.%d' % sys.version_info[:3],
        'implementation': sys.implementation.name,
        'build': build,
        'platform': sys.platform,
    }


def gc_info(enabled, counts):
    """counts were read before the capture allocated anything; the rest does not move."""
    stats = [{'collections': s.get('collections', 0), 'collected': s.get('collected', 0),
              'uncollectable': s.get('uncollectable', 0)} for s in gc.get_stats()[:3]]
    return {
        'enabled': enabled,
        'thresholds': [max(0, t) for t in gc.get_threshold()[:3]],
        'counts': list(counts),
        'stats': stats,
        'debug': gc.get_debug(),
        'freezeCount': gc.get_freeze_count(),
        'collector': 'incremental' if INCREMENTAL else 'generational',
    }


_process = [0, '']   # [pid, token]; a module global of the package, so no snapshot holds it


def process_token():
    """A token unique to this process: pids repeat (every run in a container is pid 1,
    and pids are reused), and a forked child gets its own on its first capture."""
    pid = os.getpid()
    if _process[0] != pid:
        _process[:] = [pid, binascii.hexlify(os.urandom(8)).decode('ascii')]
    return _process[1]


def header(label, enabled, counts, tracing, collected_first, layout):
    h = {'format': 'gcdiag-snapshot', 'version': 1, 'layout': layout}
    if label is not None:
        h['label'] = label
    h['time'] = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    h['pid'] = os.getpid()
    h['process'] = process_token()
    h['python'] = python_info()
    h['gc'] = gc_info(enabled, counts)
    h['tracemalloc'] = tracing
    h['collectedFirst'] = collected_first
    return h
