"""One line on stderr per phase of a capture that has run for a second or more.

On when stderr is a terminal, or when GCDIAG_CAPTURE_PROGRESS=1 (0: never);
read once at import, written with os.write (never the program's sys.stderr,
whose write may be its own code).
"""
import os
import time

AFTER = 1.0


def _wanted():
    v = os.environ.get('GCDIAG_CAPTURE_PROGRESS')
    if v is not None:
        return v == '1'
    try:
        return os.isatty(2)
    except OSError:
        return False


WANTED = _wanted()


def note(started, phase, objects, edges):
    """After `phase`, if the capture that began at perf_counter() `started` took a second or more."""
    took = time.perf_counter() - started
    if not WANTED or took < AFTER:
        return
    line = 'gcdiag_capture: %.1f s: %s done (%d objects, %d edges)\n' % (took, phase, objects, edges)
    try:
        os.write(2, line.encode('ascii'))
    except OSError:
        pass
