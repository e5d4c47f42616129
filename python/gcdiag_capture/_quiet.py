"""The program's collector and tracers, set aside for a capture and put back as they were.

snapshot() calls gc.disable() before anything else, so that no automatic
collection can run inside the capture (it would run the program's __del__
methods and gc.callbacks, and free cyclic garbage the snapshot should show).
Then pause() records the rest of what the collector exposes and suspends this
thread's profile and trace functions (they would see every call the capture
makes); resume() puts all of it back, the generation counts included.

The capture allocates and frees millions of tracked objects, and CPython's
counters do not come back on their own (a tuple or list that goes to its free
list is never subtracted). Where the collector's state was found (_gcstate:
CPython 3.8-3.13, GIL builds, with ctypes and /proc) the counts are written
back exactly. Elsewhere (3.14, Pyodide, free-threaded or debug builds) the
young count can only be lowered by freeing tracked objects whose allocation
it counted: a reserve of TOKENS tiny objects, made at import where the state
is unlikely to be found, is freed as far as needed to bring gen 0's count
back to (or one below) where it was; once the reserve runs out (each capture
uses up its net allocations, a few hundred to a few thousand), or once the
program has frozen objects since (the tokens may be among them), the count
is left higher. counts_restored() says which way this interpreter goes.
"""
import gc
import os
import sys
from itertools import repeat, starmap

TOKENS = 8192
_state = []   # [GCState or None], located once, by the first resume()
# What resume() restores, in a list made at import: a container made during the capture
# before the heap is listed would be listed with it (the slots hold ints, None and the
# program's own tracer functions). The GCState is located after the listing, for the same reason.
ENABLED, C0, C1, C2, T0, T1, T2, DEBUG, PROFILE, TRACE = range(10)
_saved = [None] * 10


def pause(enabled, c0, c1, c2):
    """Called by snapshot() with the collector already off and its counts read;
    enabled: whether the program had it on."""
    s = _saved
    s[ENABLED] = enabled
    s[C0] = c0
    s[C1] = c1
    s[C2] = c2
    s[T0], s[T1], s[T2] = gc.get_threshold()[:3]
    s[DEBUG] = gc.get_debug()
    s[PROFILE] = sys.getprofile()
    s[TRACE] = sys.gettrace()
    if s[PROFILE] is not None:
        sys.setprofile(None)
    if s[TRACE] is not None:
        sys.settrace(None)


def held():
    """What the saved state holds that the heap has too (small ints, bools, the tracer
    functions): the refcount pass takes those references off, as it does the capture's own."""
    return list(_saved)


def set_counts(c0, c1, c2):
    """The counts to restore, once a collect_first collection has reset them."""
    _saved[C0], _saved[C1], _saved[C2] = c0, c1, c2


def was_enabled():
    return _saved[ENABLED]


def counts():
    """[gen 0, 1, 2] counts as the program left them (after collect_first's collection)."""
    return [_saved[C0], _saved[C1], _saved[C2]]


def collector_state():
    if not _state:
        st = None
        if not os.environ.get('GCDIAG_CAPTURE_NO_CTYPES'):
            try:
                from . import _gcstate   # imports ctypes, which some builds lack
                st, _ = _gcstate.locate(check_enabled=False)
            except Exception:   # an unexpected layout must never break a capture
                st = None
        _state.append(st)
    return _state[0]


class _Token(object):
    """Each one freed subtracts one from gen 0's count (PyObject_GC_Del; no free list)."""
    __slots__ = ()


def _unlikely_found():
    if os.environ.get('GCDIAG_CAPTURE_NO_CTYPES') or not os.path.exists('/proc/self/maps'):
        return True
    try:
        from . import _gcstate
    except Exception:
        return True
    return _gcstate.unsupported_reason() is not None


_tokens = []
if _unlikely_found():
    _tokens.extend(starmap(_Token, repeat((), TOKENS)))
_frozen_then = gc.get_freeze_count() if hasattr(gc, 'get_freeze_count') else 0


def _lower_count(target):
    """Free tokens until gen 0's count is at most target (as far as they last). Not once
    the program has called gc.freeze() after they were made: they may be frozen, and
    freeing them would lower the freeze count instead."""
    frozen = gc.get_freeze_count()
    if frozen and frozen != _frozen_then:
        return
    excess = gc.get_count()[0] + 1 - target   # + 1: the tuple gc.get_count() makes after reading
    if excess > 0:
        del _tokens[len(_tokens) - min(excess, len(_tokens)):]


def counts_restored():
    """Whether resume() puts the generation counts back exactly on this interpreter."""
    return collector_state() is not None


def resume():
    """Put back thresholds, debug flags, tracers and counts; returns whether the caller
    must then enable the collector (last: once enabled, the next allocation may collect)."""
    s = _saved
    st = collector_state()
    gc.set_threshold(s[T0], s[T1], s[T2])
    gc.set_debug(s[DEBUG])
    if s[TRACE] is not None:
        sys.settrace(s[TRACE])
    if s[PROFILE] is not None:
        sys.setprofile(s[PROFILE])
    if st is not None:
        # Nothing below allocates a tracked object: the counts stay as written.
        st.count[0].value = s[C0]
        st.count[1].value = s[C1]
        st.count[2].value = s[C2]
    else:
        _lower_count(s[C0])
    s[PROFILE] = s[TRACE] = None   # the capture keeps no reference to the program's functions
    return s[ENABLED]
