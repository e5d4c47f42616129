"""Hand freed heap memory back to the system between phases (glibc only).

The capture's big temporary lists are malloc'd; once freed, glibc keeps their
pages resident, and Python's object allocator takes its arenas from mmap, not
from those pages. So strings made by a later phase add to the resident size
although as much memory is free. malloc_trim(0) releases free pages (at the top
of the heap and, since glibc 2.8, whole free pages inside it); it touches no
object and no allocation still in use. Elsewhere (musl, macOS, Windows,
Pyodide, no ctypes) this does nothing.
"""
try:
    import ctypes
    from _ctypes import dlsym
    # No function pointer from a library object: those reference themselves (a cycle the
    # capture would find in every snapshot, never the package's alone), and a new CDLL
    # or prototype would be a new class. The address comes from dlsym; the pointer is an
    # instance of the prototype ctypes made at import for memset. malloc_trim takes one
    # argument: the other two are ignored (every C calling convention with a
    # malloc_trim lets the caller pass more than the callee reads), and so is the result.
    _malloc_trim = type(ctypes.memset)(dlsym(ctypes.pythonapi._handle, 'malloc_trim'))
except Exception:  # pragma: no cover - depends on the platform
    _malloc_trim = None


def trim():
    if _malloc_trim is not None:
        try:
            _malloc_trim(0, 0, 0)
        except Exception:  # pragma: no cover
            pass
