"""gcdiag_capture: write a heap snapshot of this Python process for gcdiag.

    import gcdiag_capture
    gcdiag_capture.snapshot('heap.json')                  # columnar (compact)
    gcdiag_capture.snapshot('small.json', layout='friendly', label='after warmup')

or run a program under it (like `python -m cProfile`):

    python -m gcdiag_capture --out heap.json [--on exit|signal] script.py args...

A snapshot holds every object the collector tracks, plus what they reference
that it does not (dicts and tuples of atoms, atoms, frozen objects), each with
its true reference count, generation and finalizer flags, and every
gc.get_referents() edge labelled where the name can be read without running
the program's code. The capture never calls a method of a heap object, does
not collect unless asked (collect_first), and restores the collector's state.
Standard library only; CPython 3.8+ (and Pyodide).
"""
import gc
import os
import sys

if sys.version_info < (3, 8):  # pragma: no cover
    # Run as `python -m gcdiag_capture` (gcdiag capture; argv[0] is '-m' while
    # runpy finds it, '-c' on 2.7): one line and exit 2, not a traceback.
    if sys.argv[:1] == ['-m'] or (sys.argv[:1] == ['-c'] and 'runpy' in sys.modules):
        sys.stderr.write('gcdiag: capture needs CPython 3.8 or newer; %s is %s\n' % (sys.executable, sys.version.split()[0]))
        sys.exit(2)
    raise ImportError('gcdiag_capture needs Python 3.8 or newer')

from . import _capture, _quiet  # noqa: E402

__all__ = ['snapshot', 'Result']
Result = _capture.Result


def _own_copy(s):
    """A new string equal to s: the caller's object must not gain a reference from us."""
    return (s + '.')[:-1]


def snapshot(path, label=None, layout='columnar', collect_first=False):
    """Write a heap snapshot to path (atomically) and return a Result.

    layout: 'columnar' (flat integer columns, for big heaps) or 'friendly'
    (one JSON object per object and edge, for small heaps and reading by eye).
    collect_first: run gc.collect() before capturing (finalizers may run).
    No collection runs otherwise, and the collector is left as it was (_quiet).
    """
    # First, before anything allocates: an automatic collection inside the capture would
    # run the program's finalizers and callbacks. The counts are read before the tuple
    # holding them is made; then the tracers are suspended (_quiet).
    if _capture.busy():
        raise RuntimeError('gcdiag_capture: a capture is already running')
    _capture.begin()
    enabled = gc.isenabled()
    gc.disable()
    # This call's frame object (3.11+), which the capture would make (sys._current_frames)
    # and which is freed after the counts are put back, lowering gen 0's by one: made now,
    # it is in the count read next. Not bound to a name: a frame holding itself is a cycle.
    sys._getframe()
    # The Result too: it is the caller's to drop, and its free lowers the count.
    _capture.new_result()
    c0, c1, c2 = gc.get_count()
    _quiet.pause(enabled, c0, c1, c2)
    try:
        path = os.fsdecode(os.fspath(path))
        if type(label) is not str and label is not None:
            raise TypeError('label must be a str or None')
        if type(layout) is not str or layout not in _capture.LAYOUTS:
            raise ValueError('layout must be one of %s' % ', '.join(_capture.LAYOUTS))
        # Separate locals, not a tuple: a tuple made now would be listed in the snapshot.
        path_ = _own_copy(path)
        label_ = None if label is None else _own_copy(label)
        layout_ = _capture.LAYOUTS[_capture.LAYOUTS.index(layout)]
        collect_ = True if collect_first else False
        del path, label, layout, collect_first
        return _capture.take(path_, label_, layout_, collect_)
    finally:
        enable = _quiet.resume()
        _capture.end()
        if enable:
            gc.enable()   # last: from here on a collection may run
