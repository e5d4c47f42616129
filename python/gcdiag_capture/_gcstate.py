"""A ctypes view of CPython's collector state, for the recorder.

`struct _gc_runtime_state` has the same shape in 3.8-3.13 (GIL builds):

    PyObject *trash_delete_later; int trash_delete_nesting; int enabled; int debug;
    struct gc_generation generations[3];   /* PyGC_Head (2 pointers); int threshold; int count */
    PyGC_Head *generation0;
    struct gc_generation permanent_generation;
    struct gc_generation_stats generation_stats[3];   /* Py_ssize_t collections, collected, uncollectable */
    int collecting; PyObject *garbage; PyObject *callbacks;
    Py_ssize_t long_lived_total; Py_ssize_t long_lived_pending;

It lives in _PyRuntime (3.8) or in the interpreter state (3.9+). It is found
by the pointer pair (id(gc.garbage), id(gc.callbacks)) and accepted only when
the fields behave as gc's own functions say (thresholds, enabled, counts,
stats); anything else is "not recognised" and the recorder falls back. The
views are made once, so a later read allocates no tracked object.
"""
import ctypes
import gc
import struct
import sys

P = ctypes.sizeof(ctypes.c_void_p)
GEN = 2 * P + 8   # struct gc_generation
SCAN_LIMIT = 32 << 20


def _warm_caches():
    """locate() runs during a program's first capture. What it leaves in the standard
    library's caches (the function pointer ctypes.pythonapi keeps in its __dict__, the
    compiled struct format) would exist in every later snapshot and not in the first:
    a diff of the two would show them as new. Made here, at import, they are in both."""
    if hasattr(ctypes, 'pythonapi'):
        getattr(ctypes.pythonapi, 'PyInterpreterState_Get', None)
    struct.calcsize('PP')


_warm_caches()


class GCState(object):
    def __init__(self, cb_addr):
        collecting = cb_addr - 2 * P          # int, padded to a pointer
        stats = collecting - 9 * P
        gens = stats - GEN - P - 3 * GEN      # permanent_generation, generation0 pointer, generations[3]
        self.threshold = [ctypes.c_int.from_address(gens + i * GEN + 2 * P) for i in range(3)]
        self.count = [ctypes.c_int.from_address(gens + i * GEN + 2 * P + 4) for i in range(3)]
        self.stats = [[ctypes.c_ssize_t.from_address(stats + (i * 3 + k) * P) for k in range(3)] for i in range(3)]
        self.collecting = ctypes.c_int.from_address(collecting)
        # `enabled` sits 12 bytes before generations[] after the trash fields
        # (3.8-3.12) or 8 bytes before when they moved out (3.13): _verify picks.
        self.enabled_at = [ctypes.c_int.from_address(gens - 12), ctypes.c_int.from_address(gens - 8)]
        self.enabled = None
        self.long_lived_total = ctypes.c_ssize_t.from_address(cb_addr + P)
        self.long_lived_pending = ctypes.c_ssize_t.from_address(cb_addr + 2 * P)

    def counts(self):
        c = self.count
        return [c[0].value, c[1].value, c[2].value]

    def thresholds(self):
        t = self.threshold
        return [t[0].value, t[1].value, t[2].value]

    def stat_rows(self):
        return [[v.value for v in row] for row in self.stats]


def unsupported_reason():
    """Why this interpreter cannot be recorded exactly, or None."""
    if sys.implementation.name != 'cpython':
        return 'not CPython (%s)' % sys.implementation.name
    if 'free-threading' in sys.version or getattr(sys, '_is_gil_enabled', lambda: True)() is False:
        return 'a free-threaded build (per-thread allocation counts)'
    if sys.version_info >= (3, 14):
        return 'CPython %d.%d: the collector state has a new layout (incremental collection)' % sys.version_info[:2]
    if not (3, 8) <= sys.version_info[:2] <= (3, 13):
        return 'CPython %d.%d: layout not known' % sys.version_info[:2]
    if not hasattr(ctypes, 'pythonapi'):
        return 'ctypes.pythonapi is not available'
    return None


def _maps():
    try:
        with open('/proc/self/maps') as f:
            return [_parse_map(line) for line in f.read().splitlines()]
    except (OSError, ValueError):
        return None


def _parse_map(line):
    parts = line.split()
    lo, hi = (int(x, 16) for x in parts[0].split('-'))
    return lo, hi, parts[1], parts[5] if len(parts) > 5 else ''


def readable_region(addr, maps, backwards=False):
    """[lo, hi) of the readable mapping holding addr, extended only into directly
    adjacent readable mappings of the same file or anonymous ones (.data then
    .bss): reading past them can hit an unmapped page (SIGSEGV) or a file
    mapped beyond its end (SIGBUS)."""
    if maps is None:
        return None
    for k, (lo, hi, perms, path) in enumerate(maps):
        if lo <= addr < hi:
            if 'r' not in perms:
                return None
            start, end = (lo if backwards else addr), hi
            for lo2, hi2, perms2, path2 in maps[k + 1:]:
                if lo2 != end or 'r' not in perms2 or (path2 and path2 != path):
                    break
                end = hi2
            if backwards:
                for lo2, hi2, perms2, path2 in reversed(maps[:k]):
                    if hi2 != start or 'r' not in perms2 or 'w' not in perms2 or path2 != path:
                        break
                    start = lo2
            return start, min(end, start + SCAN_LIMIT)
    return None


def regions():
    """Where interpreter-wide state lives: the interpreter state (3.9+), and the
    .data/.bss of the binary or libpython around _PyRuntime (3.8's collector,
    3.8/3.9's static freelists)."""
    maps = _maps()
    out = []
    get = getattr(ctypes.pythonapi, 'PyInterpreterState_Get', None)
    if get is not None:
        get.restype = ctypes.c_void_p
        r = readable_region(get(), maps)
        if r:
            out.append((r[0], min(r[1], r[0] + (1 << 20))))
    try:
        rt = ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, '_PyRuntime'))
    except (ValueError, AttributeError):
        rt = None
    if rt is not None:
        r = readable_region(rt, maps, backwards=True)
        if r:
            out.append(r)
    return out


def locate(check_enabled=True):
    """The verified GCState, or (None, reason). check_enabled=False: do not find the
    `enabled` field (finding it turns the collector on for a moment; a capture runs
    with it off and must not let a collection start)."""
    reason = unsupported_reason()
    if reason:
        return None, reason
    needle = struct.pack('PP', id(gc.garbage), id(gc.callbacks))
    for lo, hi in regions():
        blob = ctypes.string_at(lo, hi - lo)
        pos = blob.find(needle)
        while pos >= 0:
            if pos % P == 0 and pos >= 16 * P:
                st = GCState(lo + pos + P)
                if _verify(st, check_enabled):
                    return st, None
            pos = blob.find(needle, pos + 1)
    return None, 'the collector state was not found where CPython %d.%d keeps it' % sys.version_info[:2]


def _verify(st, check_enabled=True):
    old = gc.get_threshold()
    was = gc.isenabled()
    try:
        gc.set_threshold(12345, 67, 89)
        if st.thresholds() != [12345, 67, 89]:
            return False
        if check_enabled:
            gc.disable()
            off = [v for v in st.enabled_at if v.value == 0]
            gc.enable()
            on = [v for v in off if v.value == 1]
            if len(on) != 1:
                return False
            st.enabled = on[0]
    finally:
        gc.set_threshold(*old)
        (gc.enable if was else gc.disable)()
    if st.thresholds() != list(old) or st.collecting.value != 0:
        return False
    if [row[0] for row in st.stat_rows()] != [s['collections'] for s in gc.get_stats()]:
        return False
    c = gc.get_count()
    return abs(st.count[0].value - c[0]) <= 4 and st.counts()[1:] == list(c[1:])
