"""Side-effect-free reads of CPython's own structs, through ctypes.

Python exposes some facts only by changing the heap: `obj.__dict__` turns a
3.11+ object's inline attribute values into a new dict, `frame.f_locals`
writes a dict onto 3.11/3.12 frames, and nothing at all says whether a type
has a legacy `tp_del` or which old space an object is in on 3.14.0-3.14.4.
This module reads those words directly, but only after checking the layout
against probes whose answers are known (pointers to objects we hold), and it
never follows a pointer it has not first matched against such a value. When
ctypes is missing or a check fails (free-threaded or debug builds, an
unknown version), `OK` is False and every caller falls back to leaving the
edge unlabelled. Set GCDIAG_CAPTURE_NO_CTYPES=1 to turn it off.
"""
import os
import sys
from array import array
from itertools import repeat
from operator import and_, attrgetter, mul, not_

try:
    if os.environ.get('GCDIAG_CAPTURE_NO_CTYPES'):
        raise ImportError('disabled')
    import ctypes
except ImportError:  # pragma: no cover - depends on the build
    ctypes = None

V = sys.version_info[:2]
OK = False
P = 8
_word = None
_words = None

# Py_TPFLAGS_* bits that decide where an instance keeps its attributes.
INLINE_VALUES = 1 << 2   # 3.13+
MANAGED_DICT = 1 << 4    # 3.11+
DICT_KEYS_SPLIT = 2

if ctypes is not None:
    P = ctypes.sizeof(ctypes.c_void_p)
    _size_t = ctypes.c_size_t

    def _word(addr):
        return _size_t.from_address(addr).value

    _value = attrgetter('value')

    def words_at(addrs):
        """[_word(a) for a in addrs], in C-level map()s."""
        return list(map(_value, map(_size_t.from_address, addrs)))

    _CODE = [c for c in 'LQI' if array(c).itemsize == P][0]

    def _words(addr, n):
        # Never (c_size_t * n): every new ctypes array type is a class, cyclic garbage once dropped.
        a = array(_CODE)
        a.frombytes(ctypes.string_at(addr, n * P))
        return a.tolist()

    _S = ctypes.c_ssize_t
    _V = ctypes.c_void_p

    class TypeHead(ctypes.Structure):
        """PyTypeObject up to tp_finalize: the same fields in 3.8-3.14."""
        _fields_ = [(n, _S if n in ('ob_refcnt', 'ob_size', 'tp_basicsize', 'tp_itemsize',
                                    'tp_vectorcall_offset', 'tp_weaklistoffset', 'tp_dictoffset')
                     else ctypes.c_ulong if n == 'tp_flags'
                     else ctypes.c_uint if n == 'tp_version_tag' else _V)
                    for n in ('ob_refcnt ob_type ob_size tp_name tp_basicsize tp_itemsize tp_dealloc '
                              'tp_vectorcall_offset tp_getattr tp_setattr tp_as_async tp_repr tp_as_number '
                              'tp_as_sequence tp_as_mapping tp_hash tp_call tp_str tp_getattro tp_setattro '
                              'tp_as_buffer tp_flags tp_doc tp_traverse tp_clear tp_richcompare '
                              'tp_weaklistoffset tp_iter tp_iternext tp_methods tp_members tp_getset tp_base '
                              'tp_dict tp_descr_get tp_descr_set tp_dictoffset tp_init tp_alloc tp_new tp_free '
                              'tp_is_gc tp_bases tp_mro tp_cache tp_subclasses tp_weaklist tp_del '
                              'tp_version_tag tp_finalize').split()]

    def _iframe_fields():
        """_PyInterpreterFrame up to localsplus (Include/internal/pycore_frame.h)."""
        if V == (3, 11):
            head = ['f_func', 'f_globals', 'f_builtins', 'f_locals', 'f_code', 'frame_obj', 'previous', 'prev_instr']
            tail = [('stacktop', ctypes.c_int), ('is_entry', ctypes.c_bool), ('owner', ctypes.c_char)]
        elif V == (3, 12):
            head = ['f_code', 'previous', 'f_funcobj', 'f_globals', 'f_builtins', 'f_locals', 'frame_obj', 'prev_instr']
            tail = [('stacktop', ctypes.c_int), ('return_offset', ctypes.c_uint16), ('owner', ctypes.c_char)]
        elif V == (3, 13):
            head = ['f_code', 'previous', 'f_funcobj', 'f_globals', 'f_builtins', 'f_locals', 'frame_obj', 'instr_ptr']
            tail = [('stacktop', ctypes.c_int), ('return_offset', ctypes.c_uint16), ('owner', ctypes.c_char)]
        elif V == (3, 14):
            head = ['f_code', 'previous', 'f_funcobj', 'f_globals', 'f_builtins', 'f_locals', 'frame_obj',
                    'instr_ptr', 'stackpointer']
            tail = [('return_offset', ctypes.c_uint16), ('owner', ctypes.c_char), ('visited', ctypes.c_uint8)]
        else:
            return None
        return [(n, _V) for n in head] + tail + [('localsplus', _V)]

    class KeysHead(ctypes.Structure):
        """struct _dictkeysobject before dk_indices (default, non-free-threaded build)."""
        _fields_ = [('dk_refcnt', _S), ('dk_log2_size', ctypes.c_uint8), ('dk_log2_index_bytes', ctypes.c_uint8),
                    ('dk_kind', ctypes.c_uint8), ('dk_version', ctypes.c_uint32), ('dk_usable', _S),
                    ('dk_nentries', _S)]

    _fields = _iframe_fields()
    if _fields is not None:
        class IFrame(ctypes.Structure):
            _fields_ = _fields
    else:
        IFrame = None

# Offsets found by the self-check below (None: feature unavailable).
CACHED_KEYS_AT = None     # PyHeapTypeObject.ht_cached_keys
INLINE_NAMES = False      # attribute names of inline (non-dict) values
LOCALS = False            # frame locals by name
SPACE_BIT = False         # 3.14.0-3.14.4 old-space bit in the GC header


def type_head(cls):
    return TypeHead.from_address(id(cls))


def _untag(v):
    """3.14 _PyStackRef: low bit tags a deferred reference; 0b11 is a tagged int."""
    if V >= (3, 14):
        return 0 if v & 3 == 3 else v & ~3
    return v


def managed_dict_addr(o):
    """Address of o's materialized managed __dict__, or 0 (type has MANAGED_DICT)."""
    w = _word(id(o) - 3 * P)
    if V == (3, 12) and w & 1:   # PyDictOrValues holds tagged values, not a dict
        return 0
    return w


def dict_pointers(addrs):
    """The words at addrs, each an object's __dict__ pointer (managed or at tp_dictoffset), 0 if none."""
    words = words_at(addrs)
    if V == (3, 12):   # a managed word with the low bit set holds tagged values, not a dict
        words = list(map(mul, words, map(not_, map(and_, words, repeat(1)))))
    return words


def _values_addr(o, flags, basicsize):
    """Start of o's inline values array, or 0 if its attributes live in a dict."""
    if V == (3, 11):
        return _word(id(o) - 4 * P)
    if V == (3, 12):
        w = _word(id(o) - 3 * P)
        return w + 1 if w & 1 else 0   # stored as values - 1 so the low bit is set
    if flags & INLINE_VALUES:
        base = id(o) + basicsize
        # struct _dictvalues {uint8 capacity, size, embedded, valid; PyObject *values[]}
        return base + P if ctypes.c_uint8.from_address(base + 3).value else 0
    return 0


def shared_key_names(cls, cache):
    """Attribute names of the type's shared keys, in entry order (cached per keys object)."""
    keys = _word(id(cls) + CACHED_KEYS_AT)
    if not keys:
        return None, 0
    names = cache.get(keys)
    if names is None:
        names = _read_keys(keys)
        cache[keys] = names
    return names, keys


def _read_keys(keys):
    """Key names of a split-table keys object; [] unless its header is plausible."""
    h = KeysHead.from_address(keys)
    n = h.dk_nentries
    if (not 0 < h.dk_refcnt < 1 << 30 or not 3 <= h.dk_log2_size <= 16 or h.dk_kind != DICT_KEYS_SPLIT
            or not h.dk_log2_size <= h.dk_log2_index_bytes <= h.dk_log2_size + 3
            or not 0 <= n <= 1 << h.dk_log2_size):
        return []
    # dk_indices[1 << log2_index_bytes] follow the header, then PyDictUnicodeEntry {key, value}.
    entries = keys + ctypes.sizeof(KeysHead) + (1 << h.dk_log2_index_bytes)
    raw = _words(entries, 2 * n)[0::2] if n else []
    str_type = id(str)
    names = []
    for addr in raw:
        if addr and _word(addr + P) == str_type:   # ob_type of the key is exactly str
            names.append(ctypes.cast(addr, ctypes.py_object).value)
        else:
            names.append(None)
    return names


def inline_attrs(o, cls, flags, basicsize, cache):
    """[(name, address)] of o's inline attribute values in traverse order, or None."""
    vp = _values_addr(o, flags, basicsize)
    if not vp:
        return None
    names, _ = shared_key_names(cls, cache)
    if not names:
        return None
    vals = _words(vp, len(names))
    return [(names[i], v) for i, v in enumerate(vals) if v]


def frame_locals(frame, names):
    """[(name, address)] of a frame's bound locals (cells, not their contents)."""
    if V < (3, 11):
        return _old_frame_locals(frame, names)
    fp = _word(id(frame) + 3 * P)   # PyFrameObject {HEAD; f_back; f_frame; ...}
    if not fp:
        return []
    f = IFrame.from_address(fp)
    # A running frame points back at its frame object; a finished one (owned by it) has NULL.
    if (_untag(f.f_code or 0) != id(frame.f_code) or (f.f_globals or 0) != id(frame.f_globals)
            or (f.frame_obj or 0) not in (0, id(frame))):
        return []
    vals = _words(fp + IFrame.localsplus.offset, len(names))
    return [(names[i], _untag(v)) for i, v in enumerate(vals) if _untag(v)]


def _old_frame_locals(frame, names):
    """3.8-3.10: PyFrameObject {VAR_HEAD; f_back; f_code; f_builtins; f_globals; ...;
    f_localsplus[1]}, the last member, so it starts one word before tp_basicsize."""
    base = id(frame)
    if _word(base + 4 * P) != id(frame.f_code) or _word(base + 6 * P) != id(frame.f_globals):
        return []
    vals = _words(base + type(frame).__basicsize__ - P, len(names))
    return [(names[i], v) for i, v in enumerate(vals) if v]


def local_names(code):
    """localsplus order: varnames, then cell variables (3.11+: those that are not
    arguments, which share the argument's slot), then free variables."""
    varnames = code.co_varnames
    if V < (3, 11):
        return varnames + code.co_cellvars + code.co_freevars
    cells = tuple(c for c in code.co_cellvars if c not in varnames)
    return varnames + cells + code.co_freevars


def old_space(o):
    """3.14.0-3.14.4: the old-space bit of o's GC header (_gc_next & 1)."""
    return _word(id(o) - 2 * P) & 1


def _self_check():
    """Find and verify every offset on probe objects; switch features on one by one."""
    global OK, CACHED_KEYS_AT, INLINE_NAMES, LOCALS, SPACE_BIT
    if ctypes is None or object.__basicsize__ != 2 * P:   # debug or free-threaded header
        return
    probe = _Probe()
    if _word(id(probe) + P) != id(_Probe):
        return
    h = type_head(_Probe)
    if (h.tp_basicsize != _Probe.__basicsize__ or h.tp_flags != _Probe.__flags__
            or h.tp_mro != id(_Probe.__mro__) or h.tp_base != id(object)):
        return
    OK = True
    if V >= (3, 11):
        _check_inline()
    if IFrame is not None or V < (3, 11):
        LOCALS = _check_locals()
    # The space bit is checked per capture: every young object must carry the same one.
    SPACE_BIT = V == (3, 14)


def _check_inline():
    global CACHED_KEYS_AT, INLINE_NAMES
    name, qualname = _Probe.__name__, _Probe.__qualname__
    size = type(_Probe).__basicsize__
    words = _words(id(_Probe), size // P)
    for i in range(2, len(words) - 1):
        if words[i] == id(qualname) and words[i - 2] == id(name):
            CACHED_KEYS_AT = (i + 1) * P
            break
    if CACHED_KEYS_AT is None:
        return
    p = _Probe()
    p.alpha = _MARK_A
    p.beta = _MARK_B
    flags = _Probe.__flags__
    got = inline_attrs(p, _Probe, flags, _Probe.__basicsize__, {})
    if got != [('alpha', id(_MARK_A)), ('beta', id(_MARK_B))]:
        CACHED_KEYS_AT = None
        return
    d = p.__dict__   # materialize on a probe: the managed dict pointer must now show it
    if managed_dict_addr(p) != id(d):
        CACHED_KEYS_AT = None
        return
    INLINE_NAMES = True


def _check_locals():
    """A running frame and a finished one (as kept by a traceback) must both read back."""
    def probe(a):
        b = _MARK_B

        def inner():
            return a, b
        here = sys._getframe()
        return here, inner, dict(frame_locals(here, local_names(here.f_code)))
    frame, inner, running = probe(_MARK_A)
    done = dict(frame_locals(frame, local_names(frame.f_code)))
    cell_type = id(type(inner.__closure__[0]))
    ok = True
    for got in (running, done):
        if set(got) != {'a', 'b', 'inner', 'here'} and not (got is running and set(got) == {'a', 'b', 'inner'}):
            ok = False
        elif V < (3, 11):   # the argument keeps its own slot; its cell is a second one
            ok = ok and got['inner'] == id(inner) and _word(got['b'] + P) == cell_type
        elif got['inner'] != id(inner) or _word(got['a'] + P) != cell_type or _word(got['b'] + P) != cell_type:
            ok = False
    # The probe frame holds itself (`here`) and, through f_back, this frame and the
    # importing frames: clear it and drop it so no cycle is left behind as garbage.
    frame.clear()
    del frame
    return ok


def _make_probe():
    class _Probe(object):
        pass
    return _Probe


_Probe = _make_probe()   # nested: its __qualname__ differs from its __name__
_MARK_A = [1]
_MARK_B = [2]
try:
    _self_check()
except Exception:  # pragma: no cover - an unexpected layout must never break capture
    OK = CACHED_KEYS_AT = None
    INLINE_NAMES = LOCALS = SPACE_BIT = False
